import { formatDuration } from "../domain/time.js";
import type { AppliedTarget, MetricState } from "./types.js";

/** "target 4h, P1", or for a drill "target 4m: P1's 4h at drill speed ×60". */
export function describeTarget(target: AppliedTarget): string {
  if (target.clockSpeed > 1) return `target ${formatDuration(target.minutes)}: ${target.severity}'s ${formatDuration(target.configuredMinutes)} at drill speed ×${target.clockSpeed}`;
  return `target ${formatDuration(target.minutes)}, ${target.severity}`;
}

/** The metric's value without its label: what a table cell or a timeline line shows. */
export function describeMetricValue(metric: MetricState): string {
  switch (metric.state) {
    case "unknown":
      return `unknown — ${metric.reason}`;
    case "inconsistent":
      return `cannot be measured — ${metric.reason}`;
    case "running": {
      const left = metric.overdue ? `overdue by ${formatDuration(-metric.leftMinutes)}` : `${formatDuration(metric.leftMinutes)} left`;
      return `running for ${formatDuration(metric.elapsedMinutes)} (${describeTarget(metric.target)}; ${left})`;
    }
    case "reached": {
      const verdict = metric.met ? "met" : `missed by ${formatDuration(metric.minutes - metric.target.minutes)}`;
      return `${formatDuration(metric.minutes)} (${describeTarget(metric.target)}) — ${verdict}`;
    }
  }
}

/** "Time to contain: 2h 10m (target 4h, P1) — met". */
export function describeMetric(metric: MetricState): string {
  return `${metric.label}: ${describeMetricValue(metric)}`;
}
