/** The metrics module: one set of rules for every view (timeline, report, stats) and every clock. */
export * from "./types.js";
export { computeMetrics, currentResolution } from "./compute.js";
export { appliedTarget, moreSevere, severityAt, severityHeldDuring } from "./targets.js";
export { checkMilestoneCorrection, timeForms, withCorrection, type MilestoneCorrection, type OrderRefusal, type SettableMilestone } from "./order.js";
export { KEEP_FIRST_STAMPS, milestonesStampedByMove, type MoveEffect, type MoveStamp } from "./moves.js";
export { planTargetClocks, targetClockPlannedReminders, targetClockSkipReason, TARGET_CLOCK_KINDS, TARGET_CLOCK_LABELS, type TargetClockReminder } from "./target-clocks.js";
export { HISTORY_KINDS, metricInputFrom, resolutionsFromLog, severityHistoryFromLog, type HistoryIncident, type HistoryRow } from "./history.js";
export { describeMetric, describeMetricValue, describeTarget } from "./describe.js";
export { AUTOMATIC_SOURCES, computeStats, mean, median, percentileNearestRank, type DurationFigures, type StatsFigures, type StatsIncident } from "./aggregate.js";
export { DEFAULT_STATS_PERIOD, inPeriod, parseStatsPeriod, STATS_USAGE, type StatsPeriod } from "./period.js";
export { statsMessage } from "./stats-view.js";
export { loadMetricInput, loadStatsIncidents } from "./load.js";
