import { z } from "zod";

export const SEVERITIES = ["P1", "P2", "P3", "P4"] as const;
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

/** The milestones that carry a time target, measured from detection (MTTD: from start). */
export const TARGET_KINDS = ["detect", "notify", "contain", "remediate", "update"] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

export interface SeverityLevel {
  level: Severity;
  name: string;
  /** One line for pickers and option descriptions. */
  summary: string;
  /** When to pick this level: AI-specific criteria. */
  criteria: string[];
}

/**
 * The reference names a P1–P4 scale but gives no table; these criteria are ours, written for AI
 * systems. P1 is the most severe.
 */
export const SEVERITY_LEVELS: Record<Severity, SeverityLevel> = {
  P1: {
    level: "P1",
    name: "Critical",
    summary: "Active exploitation, confirmed sensitive-data exposure, or harmful actions at scale",
    criteria: [
      "Attack is under way right now against a production model or agent",
      "Confirmed exposure of personal, secret or regulated data through model output",
      "Model or agent is taking harmful actions (tool calls, transactions, messages) at scale",
      "Model weights or training data confirmed stolen or tampered with in production",
    ],
  },
  P2: {
    level: "P2",
    name: "High",
    summary: "Likely compromise or exposure with limited reach, or a working exploit not yet abused",
    criteria: [
      "Safety or security controls bypassed (e.g. system prompt leak, jailbreak) in production",
      "Suspected but unconfirmed data exposure",
      "Poisoned or tampered artefact found before wide deployment",
      "Harmful output reaching a small number of users",
    ],
  },
  P3: {
    level: "P3",
    name: "Moderate",
    summary: "Contained or low-impact issue; no evidence of data exposure",
    criteria: [
      "Anomalous model behaviour (drift, refusal spikes) without confirmed abuse",
      "Vulnerability reported in a non-production or internal-only model",
      "Abuse attempts blocked by existing controls but worth investigating",
    ],
  },
  P4: {
    level: "P4",
    name: "Low",
    summary: "Minor issue, hygiene gap or audit finding with no user impact",
    criteria: [
      "Audit finding: configuration drift, missing logging, access-control gap",
      "False positive that needs a record and a tuning follow-up",
    ],
  },
};

/** Default targets in minutes. Only P1 comes from the reference; P2–P4 are our defaults. */
export const DEFAULT_TARGETS: Record<Severity, Record<TargetKind, number>> = {
  P1: { detect: 60, notify: 60, contain: 4 * 60, remediate: 72 * 60, update: 30 },
  P2: { detect: 4 * 60, notify: 4 * 60, contain: 24 * 60, remediate: 7 * 24 * 60, update: 60 },
  P3: { detect: 24 * 60, notify: 24 * 60, contain: 72 * 60, remediate: 30 * 24 * 60, update: 4 * 60 },
  P4: { detect: 7 * 24 * 60, notify: 72 * 60, contain: 7 * 24 * 60, remediate: 90 * 24 * 60, update: 24 * 60 },
};

export type Targets = Record<Severity, Record<TargetKind, number>>;

export function parseSeverity(token: string): Severity | undefined {
  const t = token.trim().toUpperCase();
  const m = /^(?:P|SEV)?([1-4])$/.exec(t);
  return m ? (`P${m[1]}` as Severity) : undefined;
}
