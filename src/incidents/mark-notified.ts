import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "../context.js";
import { incidents } from "../store/schema.js";
import { autoCheck, changeIncident } from "./change.js";

export const MarkNotifiedInput = z.object({ incidentId: z.uuid() });

export interface Notified {
  at: Date;
  /** False when the milestone was already set: the first notification time is kept. */
  firstTime: boolean;
  autoChecked: string[];
}

/** `notify`: stakeholders were told. Stamps the milestone the notification-time metric uses. */
export async function markNotified(ctx: Ctx, raw: z.input<typeof MarkNotifiedInput>): Promise<Notified> {
  const input = MarkNotifiedInput.parse(raw);
  return changeIncident<Notified>(ctx, input.incidentId, "notify", async (tx, incident) => {
    const now = ctx.clock.now();
    const firstTime = incident.notifiedAt === null;
    if (firstTime) await tx.update(incidents).set({ notifiedAt: now }).where(eq(incidents.id, incident.id));
    const autoChecked = await autoCheck(tx, ctx, incident.id, ["triage.notify"]);
    const at = incident.notifiedAt ?? now;
    return { result: { at, firstTime, autoChecked }, payload: { audience: "stakeholders", at: at.toISOString(), firstTime, autoChecked } };
  });
}
