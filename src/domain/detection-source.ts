import { z } from "zod";
import { lookupByAlias } from "./lookup.js";

export const DETECTION_SOURCES = [
  "monitoring",
  "user-report",
  "security-team",
  "external",
  "audit",
] as const;
export const DetectionSource = z.enum(DETECTION_SOURCES);
export type DetectionSource = z.infer<typeof DetectionSource>;

export interface DetectionSourceInfo {
  key: DetectionSource;
  label: string;
  signals: string;
  typicalResponse: string;
  aliases: string[];
}

export const DETECTION_SOURCE_INFO: Record<DetectionSource, DetectionSourceInfo> = {
  monitoring: {
    key: "monitoring",
    label: "Automated monitoring",
    signals: "Output distribution shift, latency spike, refusal-rate change",
    typicalResponse: "minutes",
    aliases: ["automated", "automated-monitoring", "alert"],
  },
  "user-report": {
    key: "user-report",
    label: "User report",
    signals: "Unexpected behaviour, harmful output, data leaking in responses",
    typicalResponse: "hours",
    aliases: ["user", "users", "user-reports", "customer"],
  },
  "security-team": {
    key: "security-team",
    label: "Security team detection",
    signals: "Suspicious API patterns, unusual access, anomalous token usage",
    typicalResponse: "hours to days",
    aliases: ["security", "secops", "soc"],
  },
  external: {
    key: "external",
    label: "External notification",
    signals: "Researcher disclosure, vendor advisory, media report",
    typicalResponse: "days to weeks",
    aliases: ["external-notification", "researcher", "vendor", "media"],
  },
  audit: {
    key: "audit",
    label: "Audit finding",
    signals: "Training-data contamination, configuration drift, access-control gaps",
    typicalResponse: "weeks to months",
    aliases: ["audit-finding", "audits"],
  },
};

export function parseDetectionSource(token: string): DetectionSource | undefined {
  return lookupByAlias(DETECTION_SOURCE_INFO, token);
}
