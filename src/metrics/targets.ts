import { SEVERITIES, type Severity, type TargetKind, type Targets } from "../domain/severity.js";
import type { AppliedTarget, SeverityChange } from "./types.js";

/** P1 is the most severe: a lower index in SEVERITIES. */
export function moreSevere(a: Severity, b: Severity): Severity {
  return SEVERITIES.indexOf(a) <= SEVERITIES.indexOf(b) ? a : b;
}

function ordered(history: readonly SeverityChange[]): SeverityChange[] {
  if (history.length === 0) throw new Error("A severity history needs at least the declared severity.");
  return [...history].sort((x, y) => x.at.getTime() - y.at.getTime());
}

/** The severity in force at `at`; before the first entry, the declared severity. */
export function severityAt(history: readonly SeverityChange[], at: Date): Severity {
  const list = ordered(history);
  let current = list[0]!.severity;
  for (const change of list) if (change.at.getTime() <= at.getTime()) current = change.severity;
  return current;
}

/**
 * The most severe severity the incident held at any moment of [from, to]. A clock that ran
 * partly at P1 is judged against P1's target even if the incident was downgraded before the
 * milestone: downgrading cannot turn a missed target into a met one.
 */
export function severityHeldDuring(history: readonly SeverityChange[], from: Date, to: Date): Severity {
  let worst = severityAt(history, from);
  for (const change of ordered(history)) {
    const t = change.at.getTime();
    // Inclusive at both ends: a severity set and changed in the same instant was still held.
    if (t >= from.getTime() && t <= to.getTime()) worst = moreSevere(worst, change.severity);
  }
  return worst;
}

/**
 * The target for a clock that ran over [from, to]. Drills run `clockSpeed` times faster, so the
 * target they are held to is compressed the same way: a 4 h target at speed 60 is 4 real minutes.
 */
export function appliedTarget(kind: TargetKind, targets: Targets, history: readonly SeverityChange[], from: Date, to: Date, clockSpeed: number): AppliedTarget {
  const severity = severityHeldDuring(history, from, to);
  const speed = Math.max(1, clockSpeed);
  const configuredMinutes = targets[severity][kind];
  return { kind, severity, minutes: configuredMinutes / speed, configuredMinutes, clockSpeed: speed };
}
