import { z } from "zod";

/**
 * Phases follow the reference's response phases (preparation happens before an incident).
 * "resolved" sits between remediation and the post-incident review: the service is restored,
 * the learning is not done yet.
 */
export const PHASES = [
  "triage",
  "containment",
  "investigation",
  "remediation",
  "resolved",
  "review",
  "closed",
] as const;
export const Phase = z.enum(PHASES);
export type Phase = z.infer<typeof Phase>;

export const PHASE_LABELS: Record<Phase, string> = {
  triage: "Detection & triage",
  containment: "Containment",
  investigation: "Investigation",
  remediation: "Remediation",
  resolved: "Resolved",
  review: "Post-incident review",
  closed: "Closed",
};

const PHASE_ALIASES: Record<string, Phase> = {
  detection: "triage",
  contain: "containment",
  investigate: "investigation",
  remediate: "remediation",
  fix: "remediation",
  resolve: "resolved",
  "post-incident-review": "review",
  pir: "review",
  retro: "review",
  retrospective: "review",
  close: "closed",
};

export function parsePhase(token: string): Phase | undefined {
  const t = token.trim().toLowerCase().replace(/[_\s]+/g, "-");
  if ((PHASES as readonly string[]).includes(t)) return t as Phase;
  return PHASE_ALIASES[t];
}

/**
 * Legal moves. Forward skips are allowed where the reference allows them (a false positive goes
 * straight from triage to resolved); moving back re-opens work (recurrence, failed fix).
 */
export const TRANSITIONS: Record<Phase, readonly Phase[]> = {
  triage: ["containment", "investigation", "resolved"],
  containment: ["investigation", "remediation", "resolved"],
  investigation: ["containment", "remediation", "resolved"],
  remediation: ["containment", "investigation", "resolved"],
  resolved: ["review", "closed", "containment", "investigation", "remediation"],
  review: ["closed", "investigation", "remediation"],
  closed: [],
};

export function canTransition(from: Phase, to: Phase): boolean {
  return TRANSITIONS[from].includes(to);
}

export const MILESTONES = [
  "started",
  "detected",
  "declared",
  "notified",
  "contained",
  "resolved",
  "closed",
] as const;
export const Milestone = z.enum(MILESTONES);
export type Milestone = z.infer<typeof Milestone>;

export const MILESTONE_LABELS: Record<Milestone, string> = {
  started: "Attack started",
  detected: "Detected",
  declared: "Declared",
  notified: "Stakeholders notified",
  contained: "Contained",
  resolved: "Resolved",
  closed: "Closed",
};

/**
 * Milestones a person may set or correct by hand; the rest follow phase changes and commands.
 * What each phase move stamps is decided in metrics/moves.ts (milestonesStampedByMove).
 */
export const SETTABLE_MILESTONES = ["started", "detected", "notified", "contained", "resolved"] as const;

export function isOpen(phase: Phase): boolean {
  return phase !== "closed";
}

export function isActive(phase: Phase): boolean {
  return phase !== "closed" && phase !== "resolved" && phase !== "review";
}
