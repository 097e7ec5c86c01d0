import { eq } from "drizzle-orm";
import { z } from "zod";
import { inlineMessage, textMessage } from "../chat/message.js";
import { formatUtc } from "../domain/time.js";
import { incidents } from "../store/schema.js";
import { REGULATORY_DEADLINE_HOURS } from "../timers/plan.js";
import { announce, refresh } from "./chat-effects.js";
import { type CommandSpec, defineCommand } from "./define.js";
import { usage } from "./grammar.js";
import { quoted, richText } from "../chat/rich-text.js";

const spec: CommandSpec = {
  name: "flag",
  aliases: ["mark-as"],
  usage: ["flag personal-data"],
  summary: "Flag the incident as exposing personal data: starts the 72-hour regulator notification clock",
  examples: ["flag personal-data"],
  scope: "incident",
};

/** The incident exposes personal data: the regulator clock starts now (once). */
export const flag = defineCommand({
  spec,
  access: "flag",
  changes: true,
  parse(args) {
    const what = args.join("-").toLowerCase();
    if (!["personal-data", "pii", "personal"].includes(what)) throw usage(spec, `${quoted(args.join(" ") || "(nothing)")} is not a flag; the one flag is \`personal-data\`.`);
    return { flag: "personal-data" };
  },
  schema: z.object({ flag: z.enum(["personal-data"]) }),
  async run({ tx, ctx, incident, effects }) {
    const now = ctx.clock.now();
    const firstTime = incident!.personalDataAt === null;
    if (firstTime) await tx.update(incidents).set({ personalDataAt: now }).where(eq(incidents.id, incident!.id));
    const at = incident!.personalDataAt ?? now;
    const due = new Date(at.getTime() + (REGULATORY_DEADLINE_HOURS * 3_600_000) / incident!.clockSpeed);
    if (firstTime) {
      effects.push(
        ...refresh(incident!.id, { summary: true }),
        announce(incident!.id, inlineMessage([`⚖️ Flagged: personal data exposed. Regulator notification is due within ${REGULATORY_DEADLINE_HOURS}h, by `, { time: due }, ...richText(". The legal advisor gets reminders until `notify regulator`.")])),
      );
    }
    return {
      reply: firstTime ? undefined : textMessage(`Already flagged at ${formatUtc(at)}; the clock keeps that start.`),
      unchanged: !firstTime,
      log: { payload: { flag: "personal-data", at: at.toISOString(), firstTime } },
    };
  },
});
