import type { Severity, TargetKind } from "../domain/severity.js";

/** One resolution of an incident; `reopenedAt` is set when a later move took it back into work. */
export interface Resolution {
  at: Date;
  reopenedAt: Date | null;
}

/** The severity from `at` onwards. The first entry is the severity at declaration. */
export interface SeverityChange {
  at: Date;
  severity: Severity;
}

/**
 * Everything the metrics need about one incident. Scalars come from the incident row (where
 * `milestone` corrections land); the resolution and severity histories come from its log
 * (see history.ts), since a row only holds the latest value.
 */
export interface MetricInput {
  startedAt: Date | null;
  detectedAt: Date;
  declaredAt: Date;
  notifiedAt: Date | null;
  containedAt: Date | null;
  /** In order; the last one is current unless it was reopened. */
  resolutions: readonly Resolution[];
  closedAt: Date | null;
  /** In order, at least one entry (the declared severity). */
  severityHistory: readonly SeverityChange[];
  /** Drills run their clock this many times faster than real time; 1 for real incidents. */
  clockSpeed: number;
}

export const METRIC_KEYS = ["detect", "notify", "contain", "remediate"] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];

export const METRIC_LABELS: Record<MetricKey, string> = {
  detect: "Time to detect",
  notify: "Time to notify",
  contain: "Time to contain",
  remediate: "Time to remediate",
};

/** The target a metric is judged against, after the severity rule and drill compression. */
export interface AppliedTarget {
  kind: TargetKind;
  /** The most severe severity held while the clock ran. */
  severity: Severity;
  /** In real minutes: the configured target divided by the clock speed. */
  minutes: number;
  /** The configured target, in minutes of the incident's own clock. */
  configuredMinutes: number;
  clockSpeed: number;
}

export type MetricState =
  /** Cannot be measured: a time it needs was never recorded. `reason` says which and how to set it. */
  | { state: "unknown"; key: MetricKey; label: string; reason: string }
  /** The clock is still running: `leftMinutes` is negative once overdue. */
  | {
      state: "running";
      key: MetricKey;
      label: string;
      from: Date;
      elapsedMinutes: number;
      target: AppliedTarget;
      leftMinutes: number;
      overdue: boolean;
    }
  /** The end milestone was reached: `minutes` is never negative here. */
  | { state: "reached"; key: MetricKey; label: string; from: Date; to: Date; minutes: number; target: AppliedTarget; met: boolean }
  /** The recorded times contradict each other; `reason` is a sentence saying how. */
  | { state: "inconsistent"; key: MetricKey; label: string; reason: string };

export type Metrics = Record<MetricKey, MetricState>;
