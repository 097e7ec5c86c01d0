import { z } from "zod";
import { AttackVector } from "../domain/attack-vector.js";
import { DetectionSource } from "../domain/detection-source.js";
import { Milestone, Phase } from "../domain/lifecycle.js";
import { Role, Slot } from "../domain/roles.js";
import { Severity } from "../domain/severity.js";

/** A person as typed: `@alice`, Slack's `<@U123|alice>`, or `me`. Adapters resolve it. */
export const PersonRef = z.union([
  z.object({ me: z.literal(true) }),
  z.object({ id: z.string().min(1).optional(), handle: z.string().min(1).max(100).optional() }).refine((p) => p.id || p.handle),
]);
export type PersonRef = z.infer<typeof PersonRef>;

const Text = (max: number, what: string) =>
  z
    .string()
    .trim()
    .min(1, `${what} is empty`)
    .max(max, `${what} is too long (at most ${max} characters)`);

export const TITLE_MAX = 150;
export const INCIDENT_REF = /^INC-\d{4}-\d{4,}$|^DRILL-\d{4}-\d{4,}$/i;

export const Command = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("declare"),
    title: Text(TITLE_MAX, "The title"),
    severity: Severity.optional(),
    vector: AttackVector.optional(),
    source: DetectionSource.optional(),
    started: z.string().optional(),
    description: Text(3000, "The description").optional(),
    private: z.boolean().default(false),
  }),
  z.object({ kind: z.literal("assign"), role: Role, slot: Slot, person: PersonRef }),
  z.object({ kind: z.literal("unassign"), role: Role, slot: Slot }),
  z.object({ kind: z.literal("roles") }),
  z.object({ kind: z.literal("severity"), severity: Severity }),
  z.object({ kind: z.literal("vector"), vector: AttackVector }),
  z.object({ kind: z.literal("status"), phase: Phase.optional() }),
  z.object({ kind: z.literal("check"), steps: z.array(z.string().min(1)).min(1).max(50) }),
  z.object({ kind: z.literal("uncheck"), steps: z.array(z.string().min(1)).min(1).max(50) }),
  z.object({ kind: z.literal("checklist"), section: z.string().optional() }),
  z.object({ kind: z.literal("note"), text: Text(3000, "The note") }),
  z.object({ kind: z.literal("evidence"), description: Text(2000, "The evidence description"), url: z.string().optional() }),
  z.object({ kind: z.literal("notify"), audience: z.enum(["stakeholders", "regulator"]) }),
  z.object({ kind: z.literal("flag"), flag: z.enum(["personal-data"]) }),
  z.object({ kind: z.literal("snooze"), reminder: z.string().regex(/^[0-9a-f][0-9a-f-]{3,35}$/i, "A reminder id is the hex code under a nudge"), minutes: z.number().int().min(1).max(7 * 24 * 60).optional() }),
  z.object({ kind: z.literal("dismiss"), reminder: z.string().regex(/^[0-9a-f][0-9a-f-]{3,35}$/i, "A reminder id is the hex code under a nudge") }),
  z.object({ kind: z.literal("reminders") }),
  z.object({ kind: z.literal("drill"), scenario: z.enum(["prompt-injection", "data-poisoning", "supply-chain"]), speed: z.number().int().min(1).max(3600).optional() }),
  z.object({ kind: z.literal("update"), text: Text(3000, "The update") }),
  z.object({ kind: z.literal("milestone"), milestone: Milestone, at: z.string().min(1) }),
  z.object({ kind: z.literal("timeline") }),
  z.object({ kind: z.literal("resolve"), resolution: Text(1000, "The resolution").optional() }),
  z.object({ kind: z.literal("close") }),
  z.object({ kind: z.literal("channel") }),
  z.object({ kind: z.literal("list") }),
  z.object({ kind: z.literal("verify") }),
  z.object({ kind: z.literal("readiness") }),
  z.object({ kind: z.literal("help"), topic: z.string().optional() }),
]);
export type Command = z.infer<typeof Command>;
export type CommandKind = Command["kind"];

/** A parsed line: the command plus the incident it names explicitly, if it does. */
export interface ParsedLine {
  command: Command;
  incidentRef?: string;
}
