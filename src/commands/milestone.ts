import { eq } from "drizzle-orm";
import { z } from "zod";
import { textMessage } from "../chat/message.js";
import { MILESTONE_LABELS, MILESTONES, SETTABLE_MILESTONES } from "../domain/lifecycle.js";
import { formatUtc, parsePointInTime } from "../domain/time.js";
import { invalid } from "../errors.js";
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
  scope: "incident",
};

const COLUMN = { started: "startedAt", detected: "detectedAt", notified: "notifiedAt", contained: "containedAt", resolved: "resolvedAt" } as const;

/** Sets or corrects a milestone time; the old value stays in the log. */
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
    const at = parsePointInTime(input.at, now);
    if (!at) throw invalid(`\`${input.at}\` is not a time I understand.`, 'Use now, 14:05 (UTC), "30m ago" or 2026-11-25T14:05Z.');
    if (at.getTime() > now.getTime()) throw invalid(`${formatUtc(at)} is in the future.`);
    const started = input.milestone === "started" ? at : incident!.startedAt;
    const detected = input.milestone === "detected" ? at : incident!.detectedAt;
    if (started && started.getTime() > detected.getTime()) {
      throw invalid(`The attack cannot start (${formatUtc(started)}) after it was detected (${formatUtc(detected)}).`, "Correct the other milestone first, e.g. `milestone detected <time>`.");
    }
    const column = COLUMN[input.milestone];
    const previous = incident![column];
    await tx.update(incidents).set({ [column]: at }).where(eq(incidents.id, incident!.id));
    effects.push(
      ...refresh(incident!.id, { summary: true }),
      announce(incident!.id, textMessage(`🕑 ${MILESTONE_LABELS[input.milestone]}: ${formatUtc(at)}${previous ? ` (was ${formatUtc(previous)})` : ""}`)),
    );
    return { log: { payload: { milestone: input.milestone, at: at.toISOString(), previous: previous?.toISOString() ?? null } } };
  },
});
