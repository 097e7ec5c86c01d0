import { ATTACK_VECTORS, type AttackVector } from "../domain/attack-vector.js";
import { DETECTION_SOURCES, type DetectionSource } from "../domain/detection-source.js";
import { SEVERITIES, type Severity, type Targets } from "../domain/severity.js";
import { computeMetrics } from "./compute.js";
import { METRIC_KEYS, METRIC_LABELS, type MetricInput, type MetricKey } from "./types.js";

/** One incident as `stats` sees it. */
export interface StatsIncident {
  humanId: string;
  /** The current severity: counts go by what the incident is now rated. */
  severity: Severity;
  vector: AttackVector;
  detectionSource: DetectionSource | null;
  isDrill: boolean;
  metrics: MetricInput;
}

/**
 * Sources that count as detected automatically. Only "Automated monitoring" is: a security
 * team's detection, an audit, a user report and an external notification all needed a person to
 * notice. The reference's goal for the detection-method metric is "automated monitoring preferred".
 */
export const AUTOMATIC_SOURCES: ReadonlySet<DetectionSource> = new Set(["monitoring"]);

export type SourceKey = DetectionSource | "unrecorded";

export interface DurationFigures {
  key: MetricKey;
  label: string;
  /** Incidents whose metric was reached; the durations below are over these, in minutes. */
  measured: number;
  median: number | null;
  mean: number | null;
  p90: number | null;
  /** Clocks still running (within target or overdue), and metrics that could not be measured. */
  running: number;
  unknown: number;
  inconsistent: number;
  /** Reached within target. */
  met: number;
  /** Settled against the target: reached, or still running but already past the target. */
  decided: number;
  /** met / decided, or null when nothing is decided. */
  shareMet: number | null;
}

export interface StatsFigures {
  incidents: number;
  /** Drills in the period: never counted, only mentioned. */
  drillsLeftOut: number;
  bySeverity: Record<Severity, number>;
  byVector: Record<AttackVector, number>;
  bySource: Record<SourceKey, number>;
  /** Detected automatically, out of the incidents whose source was recorded. */
  automatic: { count: number; recorded: number; share: number | null };
  metrics: Record<MetricKey, DurationFigures>;
}

/** Median: the middle value, or the mean of the two middle values for an even count. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * Nearest-rank percentile: the smallest value such that at least p % of the values are ≤ it,
 * i.e. the value at rank ⌈p/100 · n⌉ (1-based) of the sorted list. Always one of the values.
 */
export function percentileNearestRank(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

const zeroes = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/**
 * The figures for `stats`, from the incidents of a period. Drills are left out. Each metric is
 * computed by computeMetrics (the same rules as the timeline and the report) as of `now`.
 */
export function computeStats(all: readonly StatsIncident[], targets: Targets, now: Date): StatsFigures {
  const counted = all.filter((i) => !i.isDrill);
  const bySeverity = zeroes(SEVERITIES);
  const byVector = zeroes(ATTACK_VECTORS);
  const bySource = zeroes<SourceKey>([...DETECTION_SOURCES, "unrecorded"]);
  const durations = Object.fromEntries(METRIC_KEYS.map((k) => [k, [] as number[]])) as Record<MetricKey, number[]>;
  const tallies = Object.fromEntries(METRIC_KEYS.map((k) => [k, { running: 0, unknown: 0, inconsistent: 0, met: 0, decided: 0 }])) as Record<MetricKey, Record<"running" | "unknown" | "inconsistent" | "met" | "decided", number>>;

  for (const incident of counted) {
    // Rows are typed by the code that wrote them; a value it no longer knows is counted, not lost.
    if (incident.severity in bySeverity) bySeverity[incident.severity]++;
    byVector[incident.vector in byVector ? incident.vector : "unknown"]++;
    bySource[incident.detectionSource && incident.detectionSource in bySource ? incident.detectionSource : "unrecorded"]++;
    const metrics = computeMetrics(incident.metrics, targets, now);
    for (const key of METRIC_KEYS) {
      const m = metrics[key];
      const tally = tallies[key];
      if (m.state === "reached") {
        durations[key].push(m.minutes);
        tally.decided++;
        if (m.met) tally.met++;
      } else {
        tally[m.state]++;
        if (m.state === "running" && m.overdue) tally.decided++;
      }
    }
  }

  const recorded = counted.length - bySource.unrecorded;
  const automatic = counted.filter((i) => i.detectionSource && AUTOMATIC_SOURCES.has(i.detectionSource)).length;
  const metrics = Object.fromEntries(
    METRIC_KEYS.map((key): [MetricKey, DurationFigures] => {
      const values = durations[key];
      const tally = tallies[key];
      return [
        key,
        {
          key,
          label: METRIC_LABELS[key],
          measured: values.length,
          median: median(values),
          mean: mean(values),
          p90: percentileNearestRank(values, 90),
          ...tally,
          shareMet: tally.decided ? tally.met / tally.decided : null,
        },
      ];
    }),
  ) as Record<MetricKey, DurationFigures>;

  return {
    incidents: counted.length,
    drillsLeftOut: all.length - counted.length,
    bySeverity,
    byVector,
    bySource,
    automatic: { count: automatic, recorded, share: recorded ? automatic / recorded : null },
    metrics,
  };
}
