import type { Config } from "../config.js";
import { isActive, type Phase } from "../domain/lifecycle.js";
import { regulatorClock, regulatoryReminderOffsets } from "../domain/regulatory.js";
import type { Severity } from "../domain/severity.js";
import { DRILL_SCENARIOS } from "../drills/scenarios.js";
import { type MetricInput, targetClockPlannedReminders } from "../metrics/index.js";
import { FIRST_HOUR } from "../playbooks/index.js";
import type { IncidentRow } from "../store/schema.js";

export const REMINDER_KINDS = [
  "prompt",
  "first-hour-summary",
  "role-commander",
  "roles-unfilled",
  "overdue",
  "cadence",
  "target",
  "regulatory",
  "review",
  "recurrence",
  "inject",
  /** A follow-up action's due-day and overdue nudges (src/actions): scheduled by `action`, not planned here. */
  "action",
] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export interface PlannedReminder {
  /** Unique per incident; includes whatever makes it a different reminder (times, severity). */
  key: string;
  kind: ReminderKind;
  fireAt: Date;
  payload: Record<string, unknown>;
}

/**
 * Every reminder the incident should have, given its state now. Pure: the reconciler diffs this
 * against what is scheduled, so any change (severity, update, resolve, flag, a corrected
 * milestone) reschedules by recomputing. Offsets are divided by the incident's clock speed, which
 * is how drills compress. The target clocks come from the metrics module (`metrics`: the
 * incident's metric input as it stands now), so they run from detection, stop at their milestone
 * and use the most severe severity held while they ran, exactly as the timeline measures them.
 */
export function planReminders(incident: IncidentRow, config: Pick<Config, "targets" | "timers">, now: Date, metrics: MetricInput): PlannedReminder[] {
  const speed = Math.max(1, incident.clockSpeed);
  const after = (from: Date, minutes: number) => new Date(from.getTime() + (minutes * 60_000) / speed);
  const declared = incident.declaredAt;
  const phase = incident.phase as Phase;
  const severity = incident.severity as Severity;
  const out: PlannedReminder[] = [];

  if (isActive(phase)) {
    // +0 is posted with the channel itself (openIncidentSpace); the timers take +5 onwards.
    for (const window of FIRST_HOUR.slice(1)) {
      out.push({ key: `prompt:${window.key}`, kind: "prompt", fireAt: after(declared, window.from), payload: { window: window.key } });
    }
    out.push({ key: "first-hour-summary", kind: "first-hour-summary", fireAt: after(declared, 60), payload: {} });
    out.push({ key: "roles:commander", kind: "role-commander", fireAt: after(declared, 5), payload: {} });
    out.push({ key: "roles:all", kind: "roles-unfilled", fireAt: after(declared, 15), payload: {} });
    for (const window of FIRST_HOUR) {
      out.push({ key: `overdue:${window.key}:nudge`, kind: "overdue", fireAt: after(declared, window.to + 5), payload: { window: window.key, stage: "nudge" } });
      out.push({ key: `overdue:${window.key}:escalate`, kind: "overdue", fireAt: after(declared, window.to + 10), payload: { window: window.key, stage: "escalate" } });
    }
    // The next cadence nudge after now: a late or repeated firing never piles up missed ones.
    const period = config.targets[severity].update;
    const base = incident.lastUpdateAt ?? declared;
    const step = (period * 60_000) / speed;
    const k = Math.max(1, Math.floor((now.getTime() - base.getTime()) / step) + 1);
    const fireAt = new Date(base.getTime() + k * step);
    out.push({ key: `cadence:${fireAt.toISOString()}`, kind: "cadence", fireAt, payload: { base: base.toISOString(), period, severity } });

    if (incident.drillScenario) {
      const scenario = DRILL_SCENARIOS.find((s) => s.name === incident.drillScenario);
      scenario?.injects.forEach((inject, index) => {
        out.push({ key: `inject:${index + 1}`, kind: "inject", fireAt: after(declared, inject.minute), payload: { scenario: scenario.name, index, text: inject.text } });
      });
    }
  }

  // A closed incident has no running target clock: the metrics module calls them unknown.
  out.push(...targetClockPlannedReminders(metrics, config.targets, now));
  // The regulator clock runs until `notify regulator`, whatever the phase: closing does not stop it.
  out.push(...planRegulatoryReminders(incident));

  if (phase === "resolved" && incident.resolvedAt) {
    const within = config.timers.reviewWithin;
    const resolved = incident.resolvedAt;
    out.push({ key: `review:${resolved.toISOString()}:half`, kind: "review", fireAt: after(resolved, within / 2), payload: { within, resolvedAt: resolved.toISOString(), stage: "half" } });
    out.push({ key: `review:${resolved.toISOString()}:due`, kind: "review", fireAt: after(resolved, within), payload: { within, resolvedAt: resolved.toISOString(), stage: "due" } });
  }

  if (phase === "closed" && incident.closedAt) {
    for (const minutes of config.timers.recurrenceChecks) {
      out.push({ key: `recurrence:${minutes}m`, kind: "recurrence", fireAt: after(incident.closedAt, minutes), payload: { minutes } });
    }
  }
  return out;
}

/** The legal advisor's reminders until the regulator is notified, scaled to the chosen deadline. */
export function planRegulatoryReminders(incident: IncidentRow): PlannedReminder[] {
  const clock = regulatorClock(incident);
  if (!clock || clock.notifiedAt) return [];
  const speed = Math.max(1, incident.clockSpeed);
  const flaggedAt = clock.flaggedAt.toISOString();
  // The deadline is in the key: choosing another regime replaces every reminder.
  return regulatoryReminderOffsets(clock.minutes).map((offset) => ({
    key: `regulatory:${flaggedAt}:${clock.minutes}m:${offset}m`,
    kind: "regulatory",
    fireAt: new Date(clock.flaggedAt.getTime() + (offset * 60_000) / speed),
    payload: { flaggedAt, regime: clock.regime, deadlineMinutes: clock.minutes, offsetMinutes: offset },
  }));
}
