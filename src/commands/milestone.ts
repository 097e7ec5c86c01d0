import { eq } from "drizzle-orm";
import { z } from "zod";
import { type Inline, inlineMessage } from "../chat/message.js";
import { MILESTONE_LABELS, MILESTONES, SETTABLE_MILESTONES } from "../domain/lifecycle.js";
import { parsePointInTime } from "../domain/time.js";
import { invalid } from "../errors.js";
import { checkMilestoneCorrection, loadMetricInput, timeForms } from "../metrics/index.js";
import { incidents } from "../store/schema.js";
import { announce, refresh } from "./chat-effects.js";
import { type CommandSpec, defineCommand } from "./define.js";
import { usage } from "./grammar.js";

const spec: CommandSpec = {
  name: "milestone",
  aliases: ["mark", "when"],
  usage: ["milestone <started|detected|notified|contained|resolved> <time>"],
  summary: 'Set or correct a milestone time (now, 14:05, "30m ago", 2026-11-25T14:05Z)',
  examples: ['milestone started "3h ago"', "milestone detected 13:40"],
  details: [
    "A bare 14:05 or 2026-11-25 14:05 is read in FIREBREAK_TIMEZONE.",
    "Order rules: the attack starts before detection, detection comes by declaration, and notified, contained and resolved come after detection; nothing is in the future.",
    "Correcting detection moves the notify, contain and remediate target clocks and their reminders.",
    "Targets come from the most severe severity the incident held while the clock ran: downgrading does not relax a clock already running.",
    "`resolved` corrects the latest resolution; earlier ones stay in the log.",
  ],
  scope: "incident",
};

const COLUMN = { started: "startedAt", detected: "detectedAt", notified: "notifiedAt", contained: "containedAt", resolved: "resolvedAt" } as const;

/** Sets or corrects a milestone time, within the metrics module's order rules; the old value stays in the log. */
export const milestone = defineCommand({
  spec,
  access: "milestone",
  changes: true,
  parse(args) {
    const name = args[0]?.toLowerCase();
    if (!name || !(SETTABLE_MILESTONES as readonly string[]).includes(name)) {
      throw usage(spec, `Name a milestone: ${SETTABLE_MILESTONES.join(", ")}${name && (MILESTONES as readonly string[]).includes(name) ? ` (${name} is set by Firebreak itself)` : ""}.`);
    }
    if (args.length < 2) throw usage(spec, `When? e.g. \`milestone ${name} 14:05\` or \`milestone ${name} "30m ago"\`.`);
    return { milestone: name, at: args.slice(1).join(" ") };
  },
  schema: z.object({ milestone: z.enum(SETTABLE_MILESTONES), at: z.string().min(1).max(100) }),
  async run({ tx, ctx, incident, effects }, input) {
    const now = ctx.clock.now();
    const zone = ctx.config.timeZone;
    const at = parsePointInTime(input.at, now, zone);
    if (!at) throw invalid(`\`${input.at}\` is not a time I understand.`, timeForms(zone));
    const refusal = checkMilestoneCorrection(await loadMetricInput(tx, incident!), { milestone: input.milestone, at }, now, zone);
    if (refusal) throw invalid(refusal.message, refusal.help);
    const column = COLUMN[input.milestone];
    const previous = incident![column];
    await tx.update(incidents).set({ [column]: at }).where(eq(incidents.id, incident!.id));
    const text: Inline[] = [`🕑 ${MILESTONE_LABELS[input.milestone]}: `, { time: at }, ...(previous ? [" (was ", { time: previous }, ")"] : [])];
    effects.push(...refresh(incident!.id, { summary: true }), announce(incident!.id, inlineMessage(text, zone)));
    return { log: { payload: { milestone: input.milestone, at: at.toISOString(), previous: previous?.toISOString() ?? null } } };
  },
});
