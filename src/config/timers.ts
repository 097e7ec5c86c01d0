import { numberSetting } from "./errors.js";
import { parseDuration } from "../domain/time.js";

/** Settings for prompts, nudges and drills; all durations in minutes. */
export interface TimersConfig {
  /** After resolve, the blameless review should happen within this long. */
  reviewWithin: number;
  /** After close, recurrence check-ins at these offsets. */
  recurrenceChecks: number[];
  /** How long "Snooze" puts a nudge off. */
  snooze: number;
  /** Default clock speed of `drill` (20 → the first hour plays in 3 minutes). */
  drillSpeed: number;
  /** How often each worker asks the queue for due reminders (seconds; pg-boss allows ≥ 0.5). */
  pollSeconds: number;
  /** A claimed job not finished in this long (its worker died) goes to another worker. */
  jobExpireSeconds: number;
  /** How often workers look for such abandoned jobs. */
  maintenanceSeconds: number;
}

type Get = (name: string) => string | undefined;

export function parseTimersConfig(get: Get, problems: string[]): TimersConfig {
  const duration = (name: string, fallback: string, example: string): number => {
    const text = get(name) ?? fallback;
    const minutes = parseDuration(text);
    if (minutes === undefined) {
      problems.push(`${name} must be a duration like ${example} (got "${text}").`);
      return parseDuration(fallback)!;
    }
    return minutes;
  };
  const reviewWithin = duration("FIREBREAK_REVIEW_WITHIN", "14d", "14d or 10d");
  const snooze = duration("FIREBREAK_SNOOZE", "30m", "30m or 1h");

  const checksText = get("FIREBREAK_RECURRENCE_CHECKS") ?? "30d,90d";
  const recurrenceChecks: number[] = [];
  for (const item of checksText.split(",").map((s) => s.trim()).filter(Boolean)) {
    const minutes = parseDuration(item);
    if (minutes === undefined) problems.push(`FIREBREAK_RECURRENCE_CHECKS: "${item}" is not a duration; give a comma-separated list like 30d,90d.`);
    else recurrenceChecks.push(minutes);
  }

  const number = (name: string, fallback: number, min: number, max: number) => numberSetting(get, problems, name, fallback, min, max);
  return {
    reviewWithin,
    recurrenceChecks,
    snooze,
    drillSpeed: Math.round(number("FIREBREAK_DRILL_SPEED", 20, 1, 3600)),
    pollSeconds: number("FIREBREAK_TIMER_POLL_SECONDS", 0.5, 0.5, 60),
    jobExpireSeconds: Math.round(number("FIREBREAK_TIMER_EXPIRE_SECONDS", 60, 1, 3600)),
    maintenanceSeconds: Math.round(number("FIREBREAK_TIMER_MAINTENANCE_SECONDS", 5, 1, 3600)),
  };
}
