import { z } from "zod";

/** A person as typed: `@alice`, Slack's `<@U123|alice>`, or `me`. The platform resolves it. */
export const PersonRef = z.union([
  z.object({ me: z.literal(true) }),
  z.object({ id: z.string().min(1).max(200).optional(), handle: z.string().min(1).max(100).optional() }).refine((p) => p.id || p.handle, "Name a person"),
]);
export type PersonRef = z.infer<typeof PersonRef>;

export const TITLE_MAX = 150;
export const INCIDENT_REF = /^INC-\d{4}-\d{4,}$|^DRILL-\d{4}-\d{4,}$/i;
