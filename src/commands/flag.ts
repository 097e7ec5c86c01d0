import { eq } from "drizzle-orm";
import { z } from "zod";
import { type Inline, inlineMessage } from "../chat/message.js";
import { CUSTOM_DEADLINE_LIMITS, DEFAULT_REGIME, describeDeadline, formatRegulatorDuration, NAMED_DEADLINES, parseRegulatorDeadline, type RegulatorDeadline, regulatorClock, regulatoryReminderOffsets, REGULATORY_REGIMES } from "../domain/regulatory.js";
import { incidents } from "../store/schema.js";
import { announce, refresh } from "./chat-effects.js";
import { type CommandSpec, defineCommand } from "./define.js";
import { usage } from "./grammar.js";
import { quoted, richText } from "../chat/rich-text.js";

const spec: CommandSpec = {
  name: "flag",
  aliases: ["mark-as"],
  usage: ["flag personal-data [gdpr|hipaa|<duration>]", "flag personal-data --deadline <duration>"],
  summary: "Flag the incident as exposing personal data: starts the regulator notification clock (GDPR 72h by default, HIPAA 60 days, or a duration)",
  examples: ["flag personal-data", "flag personal-data hipaa", "flag personal-data --deadline 30d"],
  details: [
    "The reference: \"If required by regulation such as GDPR or HIPAA, file incident reports within mandated timeframes.\"",
    "The clock starts at the first flag and runs until `notify regulator`, whatever the phase — closing does not stop it.",
    "The legal advisor is reminded at a third, two thirds and eleven twelfths of the deadline and at the deadline (GDPR: 24h, 48h, 66h, 72h).",
    "Flag again with another regulation or duration to change the deadline; the start stays.",
  ],
  scope: "incident",
};

const FLAG_NAMES = ["personal-data", "pii", "personal"];

/** `flag personal-data`, `flag personal data hipaa`, `flag pii 30d`, `flag personal-data --deadline 30d`. */
function parseFlag(args: string[]) {
  const words: string[] = [];
  let deadline: RegulatorDeadline | undefined;
  const take = (text: string | undefined) => {
    const parsed = text ? parseRegulatorDeadline(text) : undefined;
    if (!parsed) throw usage(spec, `${quoted(text ?? "")} is not a deadline; give gdpr, hipaa or a duration such as 30d or 96h.`);
    if ("problem" in parsed) throw usage(spec, parsed.problem);
    if (deadline) throw usage(spec, "Give one deadline: gdpr, hipaa or a duration.");
    deadline = parsed;
  };
  for (let i = 0; i < args.length; i++) {
    const m = /^--deadline(?:=(.*))?$/i.exec(args[i]!);
    if (m) take(m[1] ?? args[++i]);
    else words.push(args[i]!);
  }
  // The flag's name first (`personal-data`, `personal data`, `pii`), then at most one deadline.
  const named = words.slice(0, 2).join("-").toLowerCase() === "personal-data" ? 2 : FLAG_NAMES.includes(words[0]?.toLowerCase() ?? "") ? 1 : 0;
  if (!named) throw usage(spec, `${quoted(words.join(" ") || "(nothing)")} is not a flag; the one flag is \`personal-data\`, optionally followed by its deadline.`);
  const rest = words.slice(named);
  if (rest.length > 1) throw usage(spec, `Give one deadline: gdpr, hipaa or a duration (got ${quoted(rest.join(" "))}).`);
  if (rest.length === 1) take(rest[0]);
  return { flag: "personal-data", ...(deadline ? { regime: deadline.regime, deadlineMinutes: deadline.minutes } : {}) };
}

/** The incident exposes personal data: the regulator clock starts now (once); its deadline may be changed later. */
export const flag = defineCommand({
  spec,
  access: "flag",
  changes: true,
  parse: (args) => parseFlag(args),
  schema: z
    .object({
      flag: z.enum(["personal-data"]),
      regime: z.enum(REGULATORY_REGIMES).optional(),
      deadlineMinutes: z.number().int().min(CUSTOM_DEADLINE_LIMITS.min).max(CUSTOM_DEADLINE_LIMITS.max).optional(),
    })
    .refine((i) => i.regime !== "custom" || i.deadlineMinutes !== undefined, "A custom regulator deadline needs its duration, e.g. `flag personal-data 30d`."),
  async run({ tx, ctx, incident, effects }, input) {
    const now = ctx.clock.now();
    const zone = ctx.config.timeZone;
    const row = incident!;
    const firstTime = row.personalDataAt === null;
    const chosen: RegulatorDeadline | undefined = input.regime
      ? { regime: input.regime, minutes: input.regime === "custom" ? input.deadlineMinutes! : NAMED_DEADLINES[input.regime].minutes }
      : firstTime
        ? { regime: DEFAULT_REGIME, minutes: NAMED_DEADLINES[DEFAULT_REGIME].minutes }
        : undefined;
    const before = regulatorClock(row);
    const changed = !!chosen && (!before || before.regime !== chosen.regime || before.minutes !== chosen.minutes);
    if (!changed) {
      const reply: Inline[] = ["Already flagged at ", { time: before!.flaggedAt }, ` (${describeDeadline(before!)}: due `, { time: before!.dueAt }, "); the clock keeps that start."];
      return { reply: inlineMessage(reply, zone), unchanged: true, log: { payload: { flag: "personal-data", at: before!.flaggedAt.toISOString(), firstTime: false, regime: before!.regime, deadlineMinutes: before!.minutes } } };
    }
    const flaggedAt = row.personalDataAt ?? now;
    await tx
      .update(incidents)
      .set({ personalDataAt: flaggedAt, regulatorRegime: chosen!.regime, regulatorDeadlineMinutes: chosen!.minutes })
      .where(eq(incidents.id, row.id));
    const after = regulatorClock({ ...row, personalDataAt: flaggedAt, regulatorRegime: chosen!.regime, regulatorDeadlineMinutes: chosen!.minutes })!;
    const reminders = regulatoryReminderOffsets(after.minutes).map(formatRegulatorDuration).join(", ");
    const text: Inline[] = firstTime
      ? [`⚖️ Flagged: personal data exposed. Regulator notification (${describeDeadline(after)}) is due by `, { time: after.dueAt }, ...richText(`. The legal advisor is reminded at ${reminders} until \`notify regulator\`.`)]
      : [`⚖️ Regulator deadline changed from ${describeDeadline(before!)} to ${describeDeadline(after)}, still counted from the flag at `, { time: flaggedAt }, ": due by ", { time: after.dueAt }, "."];
    effects.push(...refresh(row.id, { summary: true }), announce(row.id, inlineMessage(text, zone)));
    return {
      log: { payload: { flag: "personal-data", at: flaggedAt.toISOString(), firstTime, regime: after.regime, deadlineMinutes: after.minutes, ...(before ? { previous: { regime: before.regime, deadlineMinutes: before.minutes } } : {}) } },
    };
  },
});
