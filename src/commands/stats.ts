import { z } from "zod";
import { computeStats } from "../metrics/aggregate.js";
import { loadStatsIncidents } from "../metrics/load.js";
import { DEFAULT_STATS_PERIOD, parseStatsPeriod } from "../metrics/period.js";
import { statsMessage } from "../metrics/stats-view.js";
import { type CommandSpec, defineCommand } from "./define.js";
import { usage } from "./grammar.js";

const spec: CommandSpec = {
  name: "stats",
  aliases: ["metrics", "statistics"],
  usage: ["stats [30d|90d|2026-Q3|all]"],
  summary: "Counts and response times across incidents (drills never count): median, mean, p90, share within target",
  examples: ["stats", "stats 90d", "stats 2026-Q3", "stats all"],
  scope: "none",
};

/** Figures across every incident declared in a period, from the same rules as each timeline. */
export const stats = defineCommand({
  spec,
  access: "stats",
  changes: false,
  parse(args) {
    if (args.length > 1) throw usage(spec, "Give one period: `30d`, `90d`, a quarter such as `2026-Q3`, or `all`.");
    return { period: args[0] };
  },
  schema: z.object({ period: z.string().trim().min(1).max(20, "That period is too long: try `30d`, `2026-Q3` or `all`.").optional() }),
  async run({ tx, ctx }, input) {
    const now = ctx.clock.now();
    // Refusals (a quarter not yet begun, `0d`) say what was wrong and show the usage.
    const period = parseStatsPeriod(input.period ?? DEFAULT_STATS_PERIOD, now);
    const figures = computeStats(await loadStatsIncidents(tx, period), ctx.config.targets, now);
    return { reply: statsMessage(figures, period), log: { payload: { period: period.label, incidents: figures.incidents, drillsLeftOut: figures.drillsLeftOut } } };
  },
});
