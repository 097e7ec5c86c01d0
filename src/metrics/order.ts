import type { SETTABLE_MILESTONES } from "../domain/lifecycle.js";
import { DEFAULT_TIME_ZONE, formatInZone } from "../domain/time-zone.js";
import type { MetricInput } from "./types.js";

export type SettableMilestone = (typeof SETTABLE_MILESTONES)[number];

export interface MilestoneCorrection {
  milestone: SettableMilestone;
  at: Date;
}

/** Why a correction is refused: a sentence for the person and a line on how to fix it. */
export interface OrderRefusal {
  milestone: SettableMilestone;
  message: string;
  help: string;
}

type Format = (date: Date) => string;
const before = (a: Date, b: Date) => a.getTime() < b.getTime();
const refuse = (milestone: SettableMilestone, message: string, help: string): OrderRefusal => ({ milestone, message, help });
/** The forms `milestone` reads; a bare clock time is in the configured zone. */
export const timeForms = (zone: string = DEFAULT_TIME_ZONE) => `Use now, 14:05 (${zone}), "30m ago" or an ISO time such as 2026-11-25T14:05Z.`;

/**
 * The order rules between milestones, checked before a correction is stored:
 *   started ≤ detected ≤ declared; detected ≤ notified, contained, every resolution;
 *   contained ≤ the current resolution; resolutions and reopenings alternate in time;
 *   nothing is in the future.
 * `milestone resolved` corrects the latest resolution, so it needs one. Only rules that involve
 * the corrected milestone are checked, so an old inconsistency never blocks its own repair.
 * Returns undefined when the correction may be stored.
 */
export function checkMilestoneCorrection(input: MetricInput, change: MilestoneCorrection, now: Date, zone: string = DEFAULT_TIME_ZONE): OrderRefusal | undefined {
  const { milestone, at } = change;
  // Times in the sentences are written in the zone people typed them in (FIREBREAK_TIMEZONE).
  const t: Format = (date) => formatInZone(date, zone);
  if (at.getTime() > now.getTime()) return refuse(milestone, `${t(at)} is in the future; a milestone records something that already happened.`, timeForms(zone));
  switch (milestone) {
    case "started":
      if (before(input.detectedAt, at)) {
        return refuse(milestone, `The attack cannot start (${t(at)}) after it was detected (${t(input.detectedAt)}).`, "Give an earlier start, or correct detection first: `milestone detected <time>`.");
      }
      return undefined;
    case "detected":
      return checkDetection(input, at, t);
    case "notified":
      if (before(at, input.detectedAt)) {
        return refuse(milestone, `Stakeholders cannot be notified (${t(at)}) before the incident was detected (${t(input.detectedAt)}).`, "Give a later time, or correct detection first: `milestone detected <time>`.");
      }
      return undefined;
    case "contained":
      return checkContainment(input, at, t);
    case "resolved":
      return checkResolution(input, at, t);
  }
}

function checkDetection(input: MetricInput, at: Date, t: Format): OrderRefusal | undefined {
  const m = "detected";
  if (input.startedAt && before(at, input.startedAt)) {
    return refuse(m, `Detection (${t(at)}) cannot come before the attack started (${t(input.startedAt)}).`, "Give a later time, or correct the start first: `milestone started <time>`.");
  }
  if (before(input.declaredAt, at)) {
    return refuse(m, `Detection (${t(at)}) cannot come after the incident was declared (${t(input.declaredAt)}).`, "An incident is detected by the time it is declared; give the declaration time or earlier.");
  }
  const later: [string, Date | null, string][] = [
    ["stakeholders were notified", input.notifiedAt, "notified"],
    ["it was contained", input.containedAt, "contained"],
    ...input.resolutions.map((r): [string, Date, string] => ["it was resolved", r.at, "resolved"]),
  ];
  for (const [what, when, name] of later) {
    if (when && before(when, at)) {
      return refuse(m, `Detection (${t(at)}) cannot come after ${what} (${t(when)}).`, `Give an earlier time, or correct that milestone first: \`milestone ${name} <time>\`.`);
    }
  }
  return undefined;
}

function checkContainment(input: MetricInput, at: Date, t: Format): OrderRefusal | undefined {
  const m = "contained";
  if (before(at, input.detectedAt)) {
    return refuse(m, `Containment (${t(at)}) cannot come before detection (${t(input.detectedAt)}).`, "Give a later time, or correct detection first: `milestone detected <time>`.");
  }
  const last = input.resolutions.at(-1);
  if (last && !last.reopenedAt && before(last.at, at)) {
    return refuse(m, `Containment (${t(at)}) cannot come after the resolution (${t(last.at)}).`, "Give an earlier time, or correct the resolution first: `milestone resolved <time>`.");
  }
  return undefined;
}

function checkResolution(input: MetricInput, at: Date, t: Format): OrderRefusal | undefined {
  const m = "resolved";
  const list = input.resolutions;
  const last = list.at(-1);
  if (!last) return refuse(m, "The incident has not been resolved, so there is no resolution time to correct.", "Resolve it with `resolve [resolution]`; the time is recorded then.");
  if (before(at, input.detectedAt)) {
    return refuse(m, `The resolution (${t(at)}) cannot come before detection (${t(input.detectedAt)}).`, "Give a later time, or correct detection first: `milestone detected <time>`.");
  }
  const previous = list.at(-2);
  if (previous?.reopenedAt && before(at, previous.reopenedAt)) {
    return refuse(m, `The resolution (${t(at)}) cannot come before the incident was reopened (${t(previous.reopenedAt)}).`, "Corrections change the latest resolution; earlier ones stay as logged.");
  }
  if (last.reopenedAt && before(last.reopenedAt, at)) {
    return refuse(m, `The resolution (${t(at)}) cannot come after the incident was reopened (${t(last.reopenedAt)}).`, "Give an earlier time; the incident is being worked on again.");
  }
  if (!last.reopenedAt && input.containedAt && before(at, input.containedAt)) {
    return refuse(m, `The resolution (${t(at)}) cannot come before containment (${t(input.containedAt)}).`, "Give a later time, or correct containment first: `milestone contained <time>`.");
  }
  return undefined;
}

/** The input with a correction applied: what the metrics look like once it is stored. */
export function withCorrection(input: MetricInput, change: MilestoneCorrection): MetricInput {
  switch (change.milestone) {
    case "started":
      return { ...input, startedAt: change.at };
    case "detected":
      return { ...input, detectedAt: change.at };
    case "notified":
      return { ...input, notifiedAt: change.at };
    case "contained":
      return { ...input, containedAt: change.at };
    case "resolved": {
      const last = input.resolutions.at(-1);
      if (!last) return input;
      return { ...input, resolutions: [...input.resolutions.slice(0, -1), { ...last, at: change.at }] };
    }
  }
}
