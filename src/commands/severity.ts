import { eq } from "drizzle-orm";
import { z } from "zod";
import { textMessage } from "../chat/message.js";
import { parseSeverity, Severity, SEVERITIES, SEVERITY_LEVELS } from "../domain/severity.js";
import { autoCheck } from "../incidents/change.js";
import { incidents } from "../store/schema.js";
import { announce, refresh } from "./chat-effects.js";
import { type CommandSpec, defineCommand } from "./define.js";
import { usage } from "./grammar.js";
import { quoted } from "../chat/rich-text.js";

const spec: CommandSpec = {
  name: "severity",
  aliases: ["sev", "priority"],
  usage: ["severity <P1|P2|P3|P4>"],
  summary: "Change the severity (see `help severity` for the criteria)",
  examples: ["severity P1"],
  scope: "incident",
};

export const severity = defineCommand({
  spec,
  access: "severity",
  changes: true,
  parse(args) {
    if (args.length !== 1) throw usage(spec, "Give one severity: P1, P2, P3 or P4.");
    const value = parseSeverity(args[0]!);
    if (!value) throw usage(spec, `${quoted(args[0]!)} is not a severity: did you mean P1–P4? P1 is the most severe.`);
    return { severity: value };
  },
  schema: z.object({ severity: Severity }),
  async run({ tx, ctx, incident, effects }, input) {
    const from = incident!.severity as Severity;
    const to = input.severity;
    const changed = from !== to;
    if (changed) await tx.update(incidents).set({ severity: to }).where(eq(incidents.id, incident!.id));
    // Saying the severity out loud completes the triage step, even when it confirms the default.
    const autoChecked = await autoCheck(tx, ctx, incident!.id, ["triage.severity"]);
    if (!changed && autoChecked.length === 0) {
      // Nothing to change, nothing to post: the same severity again is a no-op.
      return { reply: textMessage(`Severity stays ${to}.`), unchanged: true, log: { payload: { from, to, changed: false, autoChecked } } };
    }
    effects.push(...refresh(incident!.id, { summary: true, topic: changed, sections: autoChecked.length ? ["triage"] : [], steps: autoChecked }));
    if (changed) {
      const up = SEVERITIES.indexOf(to) < SEVERITIES.indexOf(from);
      effects.push(announce(incident!.id, textMessage(`${up ? "🔺 Severity raised" : "🔻 Severity lowered"} ${from} → ${to} (${SEVERITY_LEVELS[to].name}): ${SEVERITY_LEVELS[to].summary}`)));
    }
    return { reply: changed ? undefined : textMessage(`Severity stays ${to}.`), log: { payload: { from, to, changed, autoChecked } } };
  },
});
