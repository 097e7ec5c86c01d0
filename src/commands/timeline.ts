import { z } from "zod";
import { timelineMessage } from "../chat/views/replies.js";
import { loadView } from "../incidents/queries.js";
import { incidentEvents } from "../incidents/timeline.js";
import { computeMetrics, loadMetricInput } from "../metrics/index.js";
import { type CommandSpec, defineCommand } from "./define.js";
import { noArguments } from "./grammar.js";

const spec: CommandSpec = {
  name: "timeline",
  aliases: ["history", "events"],
  usage: ["timeline"],
  summary: "Show key times, the metrics against their targets, and everything that happened",
  examples: ["timeline"],
  details: [
    "Each metric is unknown (a time was never recorded), running (with the time left), reached (met or missed) or cannot be measured (the recorded times contradict each other).",
    "Targets are the most severe severity's held while the clock ran; a drill's targets are compressed by its clock speed.",
  ],
  scope: "incident",
};

export const timeline = defineCommand({
  spec,
  access: "view",
  changes: false,
  parse: (args) => noArguments(spec, args),
  schema: z.object({}),
  async run({ tx, ctx, incident }) {
    const view = await loadView(tx, incident!.id);
    const input = await loadMetricInput(tx, view.incident);
    const metrics = computeMetrics(input, ctx.config.targets, ctx.clock.now());
    return { reply: timelineMessage(view, await incidentEvents(tx, incident!.id), { input, metrics }) };
  },
});
