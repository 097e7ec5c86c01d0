import { eq } from "drizzle-orm";
import { z } from "zod";
import { type Inline, inlineMessage, textMessage } from "../chat/message.js";
import { describeDeadline, regulatorClock } from "../domain/regulatory.js";
import { formatDuration, formatUtc } from "../domain/time.js";
import { conflict } from "../errors.js";
import { autoCheck } from "../incidents/change.js";
import { incidents } from "../store/schema.js";
import { announce, refresh } from "./chat-effects.js";
import { type CommandSpec, defineCommand, type Ran, type RunEnv } from "./define.js";
import { usage } from "./grammar.js";
import { quoted } from "../chat/rich-text.js";

const spec: CommandSpec = {
  name: "notify",
  aliases: ["notified"],
  usage: ["notify [stakeholders|regulator]"],
  summary: "Record that stakeholders (or the regulator) were notified: sets that milestone, stops its clock",
  examples: ["notify", "notify regulator"],
  details: ["`notify regulator` also works after `close --force`: the regulator clock runs until it is recorded."],
  scope: "incident",
};

export const notify = defineCommand({
  spec,
  access: (input) => (input.audience === "regulator" ? "notify-regulator" : "notify-stakeholders"),
  changes: true,
  // The regulator clock outlives the incident; `stakeholders` refuses on a closed incident itself.
  allowClosed: true,
  parse(args) {
    const audience = (args[0] ?? "stakeholders").toLowerCase();
    if (!["stakeholders", "regulator"].includes(audience) || args.length > 1) throw usage(spec, `${quoted(`notify ${args.join(" ")}`)} — say \`notify\` (stakeholders) or \`notify regulator\`.`);
    return { audience };
  },
  schema: z.object({ audience: z.enum(["stakeholders", "regulator"]) }),
  run: (env, input) => (input.audience === "regulator" ? regulator(env) : stakeholders(env)),
});

/** Stakeholders were told: stamps the milestone the notification-time metric uses. */
async function stakeholders({ tx, ctx, incident, effects }: RunEnv): Promise<Ran> {
  if (incident!.phase === "closed") throw conflict(`${incident!.humanId} is closed.`, "Closed incidents are read-only, except review steps, notes, evidence and `notify regulator`.");
  const now = ctx.clock.now();
  const firstTime = incident!.notifiedAt === null;
  if (firstTime) await tx.update(incidents).set({ notifiedAt: now }).where(eq(incidents.id, incident!.id));
  const autoChecked = await autoCheck(tx, ctx, incident!.id, ["triage.notify"]);
  const at = incident!.notifiedAt ?? now;
  effects.push(...refresh(incident!.id, { summary: true, sections: autoChecked.length ? ["triage"] : [], steps: autoChecked }));
  if (firstTime) effects.push(announce(incident!.id, textMessage(`📣 Stakeholders notified at ${formatUtc(at)}.`)));
  return {
    reply: firstTime ? undefined : textMessage(`Stakeholders were already marked notified at ${formatUtc(at)}; that first time is kept.`),
    unchanged: !firstTime && autoChecked.length === 0,
    log: { payload: { audience: "stakeholders", at: at.toISOString(), firstTime, autoChecked } },
  };
}

/** The regulatory notification was made; the regulator clock's nudges stop. */
async function regulator({ tx, ctx, incident, effects }: RunEnv): Promise<Ran> {
  const now = ctx.clock.now();
  const firstTime = incident!.regulatorNotifiedAt === null;
  if (firstTime) await tx.update(incidents).set({ regulatorNotifiedAt: now }).where(eq(incidents.id, incident!.id));
  const at = incident!.regulatorNotifiedAt ?? now;
  const clock = regulatorClock(incident!);
  if (firstTime) {
    const text: Inline[] = ["⚖️ Regulator notified at ", { time: at }];
    if (clock) {
      const late = (at.getTime() - clock.dueAt.getTime()) / 60_000;
      const after = formatDuration(((at.getTime() - clock.flaggedAt.getTime()) / 60_000) * Math.max(1, incident!.clockSpeed));
      text.push(`, ${after} after the personal-data flag (${describeDeadline(clock)}${late > 0 ? `: ${formatDuration(late * Math.max(1, incident!.clockSpeed))} late` : ": in time"})`);
    }
    text.push(".");
    effects.push(...refresh(incident!.id, { summary: true }), announce(incident!.id, inlineMessage(text, ctx.config.timeZone)));
  }
  return {
    reply: firstTime ? undefined : textMessage(`The regulator was already marked notified at ${formatUtc(at)}.`),
    unchanged: !firstTime,
    log: { payload: { audience: "regulator", at: at.toISOString(), firstTime } },
  };
}
