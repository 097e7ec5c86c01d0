import { z } from "zod";
import { textMessage } from "../chat/message.js";
import { timelineMessage } from "../chat/views/replies.js";
import { loadView } from "../incidents/queries.js";
import { incidentEvents } from "../incidents/timeline.js";
import { computeMetrics, loadMetricInput } from "../metrics/index.js";
import { timelineFileEffect, timelineFileName } from "../report/timeline-file.js";
import { type CommandSpec, defineCommand } from "./define.js";
import { usage } from "./grammar.js";

const spec: CommandSpec = {
  name: "timeline",
  aliases: ["history", "events"],
  usage: ["timeline", "timeline --file"],
  summary: "Show key times, the metrics against their targets, and everything that happened; --file posts every event as a document",
  examples: ["timeline", "timeline --file"],
  details: [
    "Each metric is unknown (a time was never recorded), running (with the time left), reached (met or missed) or cannot be measured (the recorded times contradict each other).",
    "Targets are the most severe severity's held while the clock ran; a drill's targets are compressed by its clock speed.",
  ],
  scope: "incident",
};

export const timeline = defineCommand({
  spec,
  access: "timeline",
  changes: false,
  parse(args) {
    if (args.length === 0) return {};
    if (args.length === 1 && /^(--)?file$/i.test(args[0]!)) return { file: true };
    throw usage(spec, "`timeline` takes nothing, or `--file` for the whole timeline as a document.");
  },
  schema: z.object({ file: z.boolean().optional() }),
  async run({ tx, ctx, incident, effects }, input) {
    const rows = await incidentEvents(tx, incident!.id);
    if (input.file) {
      // The chat message keeps the newest events that fit; the document has them all.
      effects.push(timelineFileEffect(incident!, rows, ctx.config.timeZone, ctx.clock.now()));
      return { reply: textMessage(`🗂 Posting ${timelineFileName(incident!.humanId)} (${rows.length} events) to the incident's channel.`) };
    }
    const view = await loadView(tx, incident!.id);
    const metricInput = await loadMetricInput(tx, view.incident);
    const metrics = computeMetrics(metricInput, ctx.config.targets, ctx.clock.now());
    return { reply: timelineMessage(view, rows, { input: metricInput, metrics }) };
  },
});
