import { and, eq, gt, inArray } from "drizzle-orm";
import type { Core } from "../context.js";
import type { Tx } from "../store/db.js";
import { incidents, reminders } from "../store/schema.js";
import { AFTER_CLOSE } from "./checks.js";
import { reminderId } from "./ids.js";
import { metricInputNow } from "./metric-input.js";
import { type PlannedReminder, planReminders } from "./plan.js";
import type { ReminderQueue } from "./queue.js";

/**
 * Writes reminder rows and enqueues their jobs in the caller's transaction. A reminder that
 * exists is left alone, except a cancelled one, which is revived (severity back to what it was).
 */
export async function scheduleReminders(tx: Tx, queue: ReminderQueue | undefined, incidentId: string, planned: PlannedReminder[], now: Date, origin: "plan" | "snooze" | "action" = "plan") {
  if (planned.length === 0) return [];
  const rows = await tx
    .insert(reminders)
    .values(planned.map((p) => ({ id: reminderId(incidentId, p.key), incidentId, key: p.key, kind: p.kind, fireAt: p.fireAt, status: "scheduled", origin, payload: p.payload, createdAt: now })))
    .onConflictDoUpdate({ target: [reminders.incidentId, reminders.key], set: { status: "scheduled", settledAt: null }, setWhere: eq(reminders.status, "cancelled") })
    .returning({ id: reminders.id, fireAt: reminders.fireAt });
  if (rows.length) await queue?.enqueue(tx, rows);
  return rows;
}

/** Cancels scheduled reminders (rows and jobs) in the caller's transaction. */
export async function cancelReminders(tx: Tx, queue: ReminderQueue | undefined, ids: string[], now: Date, status: "cancelled" | "done" = "cancelled") {
  if (ids.length === 0) return [];
  const rows = await tx
    .update(reminders)
    .set({ status, settledAt: now })
    .where(and(inArray(reminders.id, ids), eq(reminders.status, "scheduled")))
    .returning({ id: reminders.id });
  if (rows.length) await queue?.cancel(tx, rows.map((r) => r.id));
  return rows;
}

/**
 * Brings an incident's reminders in line with its current state, inside the transaction of the
 * change that moved it: future reminders that no longer apply are cancelled, new ones scheduled.
 * Due ones are left to fire: the job re-checks the state itself and logs a skip.
 */
export async function reconcileReminders(tx: Tx, core: Core, incidentId: string): Promise<void> {
  const [incident] = await tx.select().from(incidents).where(eq(incidents.id, incidentId));
  if (!incident) return;
  const now = core.clock.now();
  const planned = planReminders(incident, core.config, now, await metricInputNow(tx, incident, now));
  const keys = new Set(planned.map((p) => p.key));
  const pending = await tx
    .select({ id: reminders.id, key: reminders.key, kind: reminders.kind, origin: reminders.origin })
    .from(reminders)
    .where(and(eq(reminders.incidentId, incidentId), eq(reminders.status, "scheduled"), gt(reminders.fireAt, now)));
  // A closed incident keeps nothing but its own plan (recurrence checks, the regulator clock):
  // snoozes go too, except snoozed check-ins and regulator reminders while the regulator is owed.
  const keptAfterClose = (r: { kind: string }) => AFTER_CLOSE.has(r.kind) && (r.kind !== "regulatory" || (!!incident.personalDataAt && !incident.regulatorNotifiedAt));
  // Follow-up actions are not part of the plan and outlive the response, snoozed or not.
  const stale = pending.filter((r) => (r.origin === "plan" || (incident.phase === "closed" && !keptAfterClose(r))) && !keys.has(r.key) && !r.key.startsWith(OUTLIVES_PLAN));
  await cancelReminders(tx, core.reminders, stale.map((r) => r.id), now);
  // First-hour prompts and nudges belong to their moment: a reopened incident does not replay
  // them. Clocks (targets, regulatory) still fire late, since a late warning is still owed.
  const due = planned.filter((p) => p.fireAt.getTime() > now.getTime() || !MOMENT_BOUND.has(p.kind));
  await scheduleReminders(tx, core.reminders, incidentId, due, now);
}

/** Reminder keys the incident's plan never owns (src/actions/reminders.ts schedules them). */
const OUTLIVES_PLAN = "action:";

const MOMENT_BOUND = new Set(["prompt", "first-hour-summary", "role-commander", "roles-unfilled", "overdue", "inject"]);
