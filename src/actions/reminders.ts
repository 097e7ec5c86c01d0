import { and, eq, like } from "drizzle-orm";
import type { DueDate } from "../domain/due-date.js";
import type { Person } from "../domain/people.js";
import type { Tx } from "../store/db.js";
import { followUpActions, type ReminderRow, reminders } from "../store/schema.js";
import type { PlannedReminder } from "../timers/plan.js";
import type { ReminderQueue } from "../timers/queue.js";
import { cancelReminders, scheduleReminders } from "../timers/reconcile.js";

/** Reminder keys of follow-up actions start with this; they outlive the incident's own plan. */
export const ACTION_KEY_PREFIX = "action:";

/**
 * The nudges of one action: when its day begins in the team's zone ("due today") and when that
 * day ends ("overdue"). A due day that began already gets only the overdue nudge: the person who
 * just wrote it down knows it is due.
 */
export function actionReminders(action: { number: number; text: string; owner: Person }, due: DueDate, now: Date): PlannedReminder[] {
  const payload = { number: action.number, text: action.text, owner: action.owner, dueOn: due.date };
  const out: PlannedReminder[] = [];
  if (due.dueAt.getTime() > now.getTime()) out.push({ key: `${ACTION_KEY_PREFIX}${action.number}:due`, kind: "action", fireAt: due.dueAt, payload: { ...payload, stage: "due" } });
  out.push({ key: `${ACTION_KEY_PREFIX}${action.number}:overdue`, kind: "action", fireAt: due.overdueAt, payload: { ...payload, stage: "overdue" } });
  return out;
}

export function scheduleActionReminders(tx: Tx, queue: ReminderQueue | undefined, incidentId: string, planned: PlannedReminder[], now: Date) {
  return scheduleReminders(tx, queue, incidentId, planned, now, "action");
}

/** Done: its nudges still to come (snoozed copies too) will not fire. */
export async function cancelActionReminders(tx: Tx, queue: ReminderQueue | undefined, incidentId: string, number: number, now: Date) {
  const pending = await tx
    .select({ id: reminders.id })
    .from(reminders)
    .where(and(eq(reminders.incidentId, incidentId), eq(reminders.status, "scheduled"), like(reminders.key, `${ACTION_KEY_PREFIX}${number}:%`)));
  return cancelReminders(tx, queue, pending.map((r) => r.id), now, "done");
}

/** Why an action's nudge should not fire when it comes due; undefined → fire. */
export async function actionSkipReason(tx: Tx, reminder: Pick<ReminderRow, "incidentId" | "payload">): Promise<string | undefined> {
  const [action] = await tx
    .select({ doneAt: followUpActions.doneAt })
    .from(followUpActions)
    .where(and(eq(followUpActions.incidentId, reminder.incidentId), eq(followUpActions.number, Number(reminder.payload.number))));
  if (!action) return "the action no longer exists";
  return action.doneAt ? "the action is done" : undefined;
}
