import { and, eq } from "drizzle-orm";
import type { Core } from "../context.js";
import type { Actor } from "../domain/people.js";
import type { Effect } from "../effects/effect.js";
import { enqueueEffects } from "../effects/outbox.js";
import { currentRoles, type IncidentView, lockIncident } from "../incidents/queries.js";
import type { Tx } from "../store/db.js";
import { transaction } from "../store/failures.js";
import { appendLog } from "../store/log.js";
import { checklistSteps, type IncidentRow, type ReminderRow, reminders } from "../store/schema.js";
import { actionSkipReason } from "../actions/reminders.js";
import { skipReason } from "./checks.js";
import { reminderMessage } from "./messages.js";
import { metricInputNow } from "./metric-input.js";
import { reconcileReminders } from "./reconcile.js";

export const TIMERS_ACTOR: Actor = { kind: "system", name: "Firebreak timers" };

export type FireOutcome =
  | { outcome: "fired"; reminder: ReminderRow; lateMs: number }
  | { outcome: "skipped"; reminder: ReminderRow; reason: string }
  /** Already settled (a repeat delivery, or cancelled): nothing happens and nothing is logged. */
  | { outcome: "settled"; status?: string };

/**
 * What a job does when it comes due. One transaction decides and records: it locks the incident
 * (verbs on it wait), re-checks the state, flips the reminder out of `scheduled` with a
 * conditional update, writes what it says to the outbox and its log row. A second delivery finds
 * nothing to flip, so the effect happens once however often the queue delivers. The post itself
 * follows from the outbox: if the incident's space is still being opened it waits its turn, and
 * a process that does not serve the incident's platform leaves it for one that does.
 */
export async function fireReminder(core: Core & { deliverer?: { poke(): void } }, reminderId: string): Promise<FireOutcome> {
  const decided = await transaction(core.db, async (tx): Promise<FireOutcome> => {
    const [found] = await tx.select().from(reminders).where(eq(reminders.id, reminderId));
    if (!found || found.status !== "scheduled") return { outcome: "settled", status: found?.status };
    const incident = await lockIncident(tx, found.incidentId);
    const view = await viewFor(tx, incident, found.kind);
    const now = core.clock.now();
    // Target clocks are judged by the metrics module, which needs the incident's history.
    const metrics = found.kind === "target" ? await metricInputNow(tx, incident, now) : undefined;
    const reason = skipReason(found, view, core.config, { now, metrics }) ?? (found.kind === "action" ? await actionSkipReason(tx, found) : undefined);
    const [reminder] = await tx
      .update(reminders)
      .set({ status: reason ? "skipped" : "fired", settledAt: now })
      .where(and(eq(reminders.id, reminderId), eq(reminders.status, "scheduled")))
      .returning();
    if (!reminder) return { outcome: "settled", status: "raced" };
    const lateMs = now.getTime() - reminder.fireAt.getTime();
    // A cadence nudge that fired makes the next one due; nothing else reschedules on firing.
    if (!reason && reminder.kind === "cadence") await reconcileReminders(tx, core, reminder.incidentId);
    if (!reason) await enqueueEffects(tx, now, [effectOf(reminder, view, core)]);
    await appendLog(tx, core.clock, {
      actor: TIMERS_ACTOR,
      incidentId: reminder.incidentId,
      text: `[timer] ${reminder.key}`,
      kind: reason ? "reminder.skipped" : "reminder.fired",
      outcome: reason ? "skipped" : "ok",
      reason: reason ?? null,
      payload: { reminderId, key: reminder.key, kind: reminder.kind, fireAt: reminder.fireAt.toISOString(), lateMs, origin: reminder.origin },
    });
    return reason ? { outcome: "skipped", reminder, reason } : { outcome: "fired", reminder, lateMs };
  });
  if (decided.outcome === "fired") core.deliverer?.poke();
  return decided;
}

/** A first-hour prompt is a live checklist (redrawn on every tick); a nudge says what it said when it fired. */
function effectOf(reminder: ReminderRow, view: IncidentView, core: Core): Effect {
  if (reminder.kind === "prompt") {
    const window = String(reminder.payload.window);
    return { kind: "post", incidentId: reminder.incidentId, view: { type: "prompt", window }, purpose: `prompt:${window}` };
  }
  return { kind: "post", incidentId: reminder.incidentId, message: reminderMessage(reminder, view, core.config), purpose: `nudge:${reminder.id}` };
}

/** Only what this kind of reminder looks at: firing is the hot path when many come due at once. */
async function viewFor(tx: Tx, incident: IncidentRow, kind: string): Promise<IncidentView> {
  const roles = kind === "inject" ? [] : await currentRoles(tx, incident.id);
  const steps = STEP_KINDS.has(kind) ? await tx.select().from(checklistSteps).where(eq(checklistSteps.incidentId, incident.id)) : [];
  return { incident, roles, steps: new Map(steps.map((s) => [s.stepKey, s])), evidenceCount: 0 };
}

const STEP_KINDS = new Set(["prompt", "overdue", "first-hour-summary"]);
