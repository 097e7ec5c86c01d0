import { isActive, type Phase, PHASE_LABELS } from "../domain/lifecycle.js";
import { NAMED_DEADLINES } from "../domain/regulatory.js";
import { ROLES } from "../domain/roles.js";
import type { Config } from "../config.js";
import type { IncidentView } from "../incidents/queries.js";
import { type MetricInput, targetClockSkipReason } from "../metrics/index.js";
import { FIRST_HOUR, numberedSteps } from "../playbooks/index.js";
import type { ReminderRow } from "../store/schema.js";
import { planRegulatoryReminders } from "./plan.js";
import { escalationTarget } from "./recipients.js";

/** Kinds that only make sense while the response is under way. */
const ACTIVE_ONLY = new Set(["prompt", "first-hour-summary", "role-commander", "roles-unfilled", "overdue", "cadence", "inject"]);
/** Kinds that still speak after close: recurrence check-ins, and the regulator clock until `notify regulator`. */
export const AFTER_CLOSE: ReadonlySet<string> = new Set(["recurrence", "regulatory", "action"]);

/** What a skip decision needs beyond the incident: the time, and for target clocks the metric input. */
export interface SkipFacts {
  now: Date;
  /** The incident's metric input (metricInputNow); needed for `target` reminders only. */
  metrics?: MetricInput;
}

/**
 * Why a due reminder should not fire, judged on the incident as it is now; undefined → fire.
 * Every job asks this at firing time, so a step done, a role filled or an incident resolved
 * after scheduling silences it (and the skip is logged with this reason).
 */
export function skipReason(reminder: Pick<ReminderRow, "kind" | "key" | "payload">, view: IncidentView, config: Pick<Config, "targets">, facts: SkipFacts): string | undefined {
  const incident = view.incident;
  const phase = incident.phase as Phase;
  const p = reminder.payload;
  if (phase === "closed" && !AFTER_CLOSE.has(reminder.kind)) return "the incident is closed";
  if (ACTIVE_ONLY.has(reminder.kind) && !isActive(phase)) return `the incident is ${PHASE_LABELS[phase].toLowerCase()}`;
  switch (reminder.kind) {
    case "prompt": {
      const window = FIRST_HOUR.find((w) => w.key === p.window);
      return window && openWindowSteps(view, window.key).length === 0 && openWindowSteps(view, undefined, window.from).length === 0 ? "every step of this window is already done" : undefined;
    }
    case "overdue": {
      if (openWindowSteps(view, String(p.window)).length === 0) return "the window's steps are done";
      const window = FIRST_HOUR.find((w) => w.key === p.window);
      return p.stage === "escalate" && window && !escalationTarget(view, window.owner) ? "nobody to escalate to: no backup, and no commander other than the person nudged" : undefined;
    }
    case "role-commander":
      return view.roles.some((r) => r.role === "commander" && r.slot === "primary") ? "a commander is assigned" : undefined;
    case "roles-unfilled":
      return unfilledRoles(view).length === 0 ? "every role and backup is filled" : undefined;
    case "cadence": {
      const base = (incident.lastUpdateAt ?? incident.declaredAt).toISOString();
      if (base !== p.base) return "an update was posted since";
      if (config.targets[incident.severity as keyof Config["targets"]].update !== p.period) return "the severity changed the cadence";
      return undefined;
    }
    case "target":
      if (!facts.metrics) throw new Error("skipReason needs the metric input to judge a target reminder");
      return targetClockSkipReason(baseKey(reminder.key), facts.metrics, config.targets, facts.now);
    case "regulatory":
      if (incident.regulatorNotifiedAt) return "the regulator was notified";
      if (incident.personalDataAt?.toISOString() !== p.flaggedAt) return "the personal-data flag changed";
      // Reminders planned before the deadline was a choice carry no deadline: they were GDPR's.
      return planRegulatoryReminders(incident).some((r) => r.payload.deadlineMinutes === Number(p.deadlineMinutes ?? NAMED_DEADLINES.gdpr.minutes)) ? undefined : "the regulator deadline changed";
    case "review":
      return phase !== "resolved" || incident.resolvedAt?.toISOString() !== p.resolvedAt ? "the review is under way or the incident reopened" : undefined;
    default:
      return undefined;
  }
}

/** Open steps of one first-hour window, or (window undefined) of every window ending by `minute`. */
export function openWindowSteps(view: IncidentView, windowKey?: string, minute = 0) {
  const windows = windowKey ? FIRST_HOUR.filter((w) => w.key === windowKey) : FIRST_HOUR.filter((w) => w.to <= minute);
  const keys = windows.flatMap((w) => [w.step.key, ...w.related]);
  return numberedSteps(view.incident.playbooks).filter((s) => keys.includes(s.key) && !view.steps.get(s.key)?.checked);
}

export function unfilledRoles(view: IncidentView) {
  return ROLES.flatMap((role) => (["primary", "backup"] as const).filter((slot) => !view.roles.some((r) => r.role === role && r.slot === slot)).map((slot) => ({ role, slot })));
}

/** A snoozed reminder's key is its original's plus `~snooze@…`; the clock judges the original. */
function baseKey(key: string): string {
  return key.split("~snooze@")[0]!;
}
