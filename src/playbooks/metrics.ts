import type { TargetKind } from "../domain/severity.js";

export interface MetricDefinition {
  key: string;
  name: string;
  /** From which milestone to which, when the metric is a duration. */
  from?: "started" | "detected";
  to?: "detected" | "contained" | "resolved" | "notified";
  /** Which per-severity target applies. */
  target?: TargetKind;
  description: string;
  /** The reference's goal, in words, for the metrics that are not durations. */
  goal?: string;
}

export const METRICS: MetricDefinition[] = [
  { key: "mttd", name: "Mean Time to Detect (MTTD)", from: "started", to: "detected", target: "detect", description: "Attack start to detection" },
  { key: "mttc", name: "Mean Time to Contain (MTTC)", from: "detected", to: "contained", target: "contain", description: "Detection to containment" },
  { key: "mttr", name: "Mean Time to Remediate (MTTR)", from: "detected", to: "resolved", target: "remediate", description: "Detection to full remediation" },
  { key: "notification", name: "Stakeholder notification time", from: "detected", to: "notified", target: "notify", description: "Detection to stakeholder notification" },
  { key: "detection-method", name: "Detection method", description: "How the incident was detected", goal: "Automated monitoring preferred" },
  { key: "evidence-quality", name: "Evidence quality", description: "Was there enough evidence to investigate?", goal: "Complete logs for all interactions" },
];
