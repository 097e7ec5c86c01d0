import type { Severity, Targets } from "../domain/severity.js";
import type { PlannedReminder } from "../timers/plan.js";
import { computeMetrics } from "./compute.js";
import type { MetricInput, MetricState } from "./types.js";

/** The clocks that nudge: each runs from detection until its milestone. */
export const TARGET_CLOCK_KINDS = ["notify", "contain", "remediate"] as const;
export type TargetClockKind = (typeof TARGET_CLOCK_KINDS)[number];

export const TARGET_CLOCK_LABELS: Record<TargetClockKind, string> = {
  notify: "Stakeholders notified",
  contain: "Contained",
  remediate: "Remediated",
};

/** Warnings at 75 % of the target and at the breach. */
export const TARGET_CLOCK_PERCENTS = [75, 100] as const;

export interface TargetClockReminder {
  /**
   * Unique per incident and stable while nothing relevant changes. It carries the fire time, so
   * correcting detection or raising the severity yields a new key: the reconciler cancels the old
   * reminder and schedules the new one.
   */
  key: string;
  target: TargetClockKind;
  percent: (typeof TARGET_CLOCK_PERCENTS)[number];
  fireAt: Date;
  /** The severity whose target applies (the most severe held since detection). */
  severity: Severity;
  /** The target in real minutes (compressed for drills). */
  minutes: number;
  /** The configured target, in minutes of the incident's own clock. */
  configuredMinutes: number;
}

/**
 * When each target-clock reminder should fire, from the incident's state now: for every clock
 * still running, 75 % and 100 % of its target after detection. Pure; timers/plan.ts plans the
 * target reminders with it.
 */
export function planTargetClocks(input: MetricInput, targets: Targets, now: Date): TargetClockReminder[] {
  const metrics = computeMetrics(input, targets, now);
  const out: TargetClockReminder[] = [];
  for (const target of TARGET_CLOCK_KINDS) {
    const state = metrics[target];
    if (state.state !== "running") continue;
    for (const percent of TARGET_CLOCK_PERCENTS) {
      // Whole milliseconds, so moving detection moves every reminder by exactly the same amount.
      const fireAt = new Date(state.from.getTime() + Math.round((state.target.minutes * 60_000 * percent) / 100));
      out.push({
        key: `target:${target}:${percent}:${fireAt.toISOString()}`,
        target,
        percent,
        fireAt,
        severity: state.target.severity,
        minutes: state.target.minutes,
        configuredMinutes: state.target.configuredMinutes,
      });
    }
  }
  return out;
}

/**
 * The same plan in the shape timers/plan.ts returns. The
 * payload keeps the fields timers/messages.ts reads (target, percent, severity, minutes); minutes
 * is the compressed target, so a drill's nudge names the target it is really held to.
 */
export function targetClockPlannedReminders(input: MetricInput, targets: Targets, now: Date): PlannedReminder[] {
  return planTargetClocks(input, targets, now).map((p) => ({
    key: p.key,
    kind: "target",
    fireAt: p.fireAt,
    payload: { target: p.target, percent: p.percent, severity: p.severity, minutes: p.minutes, configuredMinutes: p.configuredMinutes },
  }));
}

/**
 * Asked when a target reminder is due: undefined → post it; otherwise why it no longer applies
 * (the milestone was reached, or the clock moved and a reminder with another key replaced it).
 */
export function targetClockSkipReason(key: string, input: MetricInput, targets: Targets, now: Date): string | undefined {
  if (planTargetClocks(input, targets, now).some((p) => p.key === key)) return undefined;
  const target = key.split(":")[1] as TargetClockKind;
  if (!TARGET_CLOCK_KINDS.includes(target)) return "it is not a target clock this incident has";
  const state: MetricState = computeMetrics(input, targets, now)[target];
  switch (state.state) {
    case "reached":
      return `${TARGET_CLOCK_LABELS[target].toLowerCase()} was reached`;
    case "unknown":
    case "inconsistent":
      return `the clock stopped: ${state.reason}`;
    case "running":
      return "the clock moved (detection was corrected or the severity rose)";
  }
}
