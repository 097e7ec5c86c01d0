import type { TargetKind, Targets } from "../domain/severity.js";
import { formatUtc } from "../domain/time.js";
import { appliedTarget } from "./targets.js";
import { METRIC_LABELS, type MetricInput, type MetricKey, type Metrics, type MetricState, type Resolution } from "./types.js";

/**
 * The one place durations are measured. Every view (timeline, report, stats) and every target
 * clock asks this module, so they cannot disagree.
 *
 * - Time to detect: attack start → detection. Unknown (not "not yet") when the start is not recorded.
 * - Time to notify: detection → stakeholders notified.
 * - Time to contain: detection → contained.
 * - Time to remediate: detection → the final resolution. A reopened incident's remediate clock
 *   runs again from detection (the time spent "resolved" before the reopening counts: the fix
 *   had not held), and stops at the next resolution. Every resolution stays in the history and
 *   the report lists them all.
 *
 * A clock without its end milestone is `running` while the incident is open; a closed incident
 * never reaches it, so it is `unknown`. A reached metric is `met` when the duration is within the
 * target (≤). Targets follow the severity rule in targets.ts and drill compression.
 */
export function computeMetrics(input: MetricInput, targets: Targets, now: Date): Metrics {
  return {
    detect: detectMetric(input, targets, now),
    notify: notifyMetric(input, targets, now),
    contain: containMetric(input, targets, now),
    remediate: remediateMetric(input, targets, now),
  };
}

/** The resolution that currently holds: the last one, unless it was reopened. */
export function currentResolution(input: Pick<MetricInput, "resolutions">): Resolution | undefined {
  const last = input.resolutions.at(-1);
  return last && !last.reopenedAt ? last : undefined;
}

const minutesBetween = (from: Date, to: Date) => (to.getTime() - from.getTime()) / 60_000;
const t = formatUtc;

function unknown(key: MetricKey, reason: string): MetricState {
  return { state: "unknown", key, label: METRIC_LABELS[key], reason };
}

function inconsistent(key: MetricKey, reason: string): MetricState {
  return { state: "inconsistent", key, label: METRIC_LABELS[key], reason };
}

function reached(key: MetricKey, kind: TargetKind, input: MetricInput, targets: Targets, from: Date, to: Date): MetricState {
  const minutes = minutesBetween(from, to);
  const target = appliedTarget(kind, targets, input.severityHistory, from, to, input.clockSpeed);
  return { state: "reached", key, label: METRIC_LABELS[key], from, to, minutes, target, met: minutes <= target.minutes };
}

function running(key: MetricKey, kind: TargetKind, input: MetricInput, targets: Targets, from: Date, now: Date): MetricState {
  const elapsedMinutes = minutesBetween(from, now);
  const target = appliedTarget(kind, targets, input.severityHistory, from, now, input.clockSpeed);
  const leftMinutes = target.minutes - elapsedMinutes;
  return { state: "running", key, label: METRIC_LABELS[key], from, elapsedMinutes, target, leftMinutes, overdue: leftMinutes < 0 };
}

/** Problems every clock measured from detection shares. */
function detectionProblem(input: MetricInput, now: Date): string | undefined {
  if (input.detectedAt.getTime() > now.getTime()) return `Detection is recorded at ${t(input.detectedAt)}, which is in the future.`;
  return undefined;
}

function detectMetric(input: MetricInput, targets: Targets, now: Date): MetricState {
  const key = "detect";
  if (!input.startedAt) return unknown(key, "The attack's start time is not recorded; set it with `milestone started <time>`.");
  if (input.startedAt.getTime() > now.getTime()) return inconsistent(key, `The attack's start is recorded at ${t(input.startedAt)}, which is in the future.`);
  if (input.startedAt.getTime() > input.detectedAt.getTime()) {
    return inconsistent(key, `The attack is recorded as starting (${t(input.startedAt)}) after it was detected (${t(input.detectedAt)}).`);
  }
  const problem = detectionProblem(input, now);
  if (problem) return inconsistent(key, problem);
  return reached(key, "detect", input, targets, input.startedAt, input.detectedAt);
}

/** A clock from detection to a milestone (notify, contain). */
function fromDetection(key: "notify" | "contain", end: Date | null, whatEnd: string, input: MetricInput, targets: Targets, now: Date, stopped?: string): MetricState {
  const problem = detectionProblem(input, now);
  if (problem) return inconsistent(key, problem);
  if (end) {
    if (end.getTime() < input.detectedAt.getTime()) return inconsistent(key, `${whatEnd} is recorded (${t(end)}) before detection (${t(input.detectedAt)}).`);
    if (end.getTime() > now.getTime()) return inconsistent(key, `${whatEnd} is recorded at ${t(end)}, which is in the future.`);
    return reached(key, key, input, targets, input.detectedAt, end);
  }
  if (stopped) return unknown(key, stopped);
  return running(key, key, input, targets, input.detectedAt, now);
}

function notifyMetric(input: MetricInput, targets: Targets, now: Date): MetricState {
  const stopped = input.closedAt ? "Closed without a stakeholder-notification time." : undefined;
  return fromDetection("notify", input.notifiedAt, "Stakeholder notification", input, targets, now, stopped);
}

function containMetric(input: MetricInput, targets: Targets, now: Date): MetricState {
  const resolution = currentResolution(input);
  if (input.containedAt && resolution && input.containedAt.getTime() > resolution.at.getTime()) {
    return inconsistent("contain", `Containment is recorded (${t(input.containedAt)}) after the resolution (${t(resolution.at)}).`);
  }
  // Resolved without passing through containment (a false positive): nothing was contained.
  const stopped = resolution || input.closedAt ? "Resolved without a containment time; if it was contained, set it with `milestone contained <time>`." : undefined;
  return fromDetection("contain", input.containedAt, "Containment", input, targets, now, stopped);
}

function remediateMetric(input: MetricInput, targets: Targets, now: Date): MetricState {
  const key = "remediate";
  const problem = detectionProblem(input, now);
  if (problem) return inconsistent(key, problem);
  const resolution = currentResolution(input);
  if (!resolution) {
    if (input.closedAt) return unknown(key, "Closed without a resolution time.");
    return running(key, "remediate", input, targets, input.detectedAt, now);
  }
  if (resolution.at.getTime() < input.detectedAt.getTime()) {
    return inconsistent(key, `The resolution is recorded (${t(resolution.at)}) before detection (${t(input.detectedAt)}).`);
  }
  if (resolution.at.getTime() > now.getTime()) return inconsistent(key, `The resolution is recorded at ${t(resolution.at)}, which is in the future.`);
  return reached(key, "remediate", input, targets, input.detectedAt, resolution.at);
}
