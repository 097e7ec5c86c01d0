import { describeDeadline, regulatorClock } from "../../domain/regulatory.js";
import type { IncidentRow } from "../../store/schema.js";
import type { Inline } from "../message.js";

type Flagged = Pick<IncidentRow, "personalDataAt" | "regulatorRegime" | "regulatorDeadlineMinutes" | "regulatorNotifiedAt" | "clockSpeed">;

/** The summary's field: "HIPAA, 60d: due {time} (flagged {time})", or "notified {time} (…)". Undefined when not flagged. */
export function regulatorField(incident: Flagged): Inline[] | undefined {
  const clock = regulatorClock(incident);
  if (!clock) return undefined;
  if (clock.notifiedAt) return ["notified ", { time: clock.notifiedAt }, ` (${describeDeadline(clock)}: due `, { time: clock.dueAt }, ")"];
  return [`${describeDeadline(clock)}: due `, { time: clock.dueAt }, " (flagged ", { time: clock.flaggedAt }, ")"];
}

/** The timeline's key-time line: "Personal data flagged: {time} · regulator (GDPR, 72h) due {time} · not notified yet". */
export function regulatorKeyTime(incident: Flagged): Inline[] | undefined {
  const clock = regulatorClock(incident);
  if (!clock) return undefined;
  const notified: Inline[] = clock.notifiedAt ? [" · notified ", { time: clock.notifiedAt }] : [" · not notified yet"];
  return ["Personal data flagged: ", { time: clock.flaggedAt }, ` · regulator (${describeDeadline(clock)}) due `, { time: clock.dueAt }, ...notified];
}
