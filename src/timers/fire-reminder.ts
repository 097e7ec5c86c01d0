import { and, eq } from "drizzle-orm";
import { firstHourPrompt } from "../chat/views/first-hour.js";
import { withActor } from "../context.js";
import type { Actor } from "../domain/people.js";
import { currentRoles, type IncidentView, lockIncident } from "../incidents/queries.js";
import type { Tx } from "../store/db.js";
import { rememberMessage } from "../incidents/record.js";
import { FIRST_HOUR } from "../playbooks/index.js";
import { appendLog } from "../store/log.js";
import { checklistSteps, type IncidentRow, type ReminderRow, reminders } from "../store/schema.js";
import type { Runtime } from "../app/runtime.js";
import { attempt, postToIncident } from "../app/refresh.js";
import { skipReason } from "./checks.js";
import { reminderMessage } from "./messages.js";
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
 * conditional update and writes the log row. A second delivery finds nothing to flip, so the
 * effect happens once however often the queue delivers. The chat post follows the commit.
 */
export async function fireReminder(rt: Runtime, reminderId: string): Promise<FireOutcome> {
  const decided = await rt.db.transaction(async (tx): Promise<FireOutcome & { view?: IncidentView }> => {
    const [found] = await tx.select().from(reminders).where(eq(reminders.id, reminderId));
    if (!found || found.status !== "scheduled") return { outcome: "settled", status: found?.status };
    const incident = await lockIncident(tx, found.incidentId);
    const view = await viewFor(tx, incident, found.kind);
    const now = rt.clock.now();
    const reason = skipReason(found, view, rt.config);
    const [reminder] = await tx
      .update(reminders)
      .set({ status: reason ? "skipped" : "fired", settledAt: now })
      .where(and(eq(reminders.id, reminderId), eq(reminders.status, "scheduled")))
      .returning();
    if (!reminder) return { outcome: "settled", status: "raced" };
    const lateMs = now.getTime() - reminder.fireAt.getTime();
    await appendLog(tx, rt.clock, {
      actor: TIMERS_ACTOR,
      incidentId: reminder.incidentId,
      text: `[timer] ${reminder.key}`,
      kind: reason ? "reminder.skipped" : "reminder.fired",
      outcome: reason ? "skipped" : "ok",
      reason: reason ?? null,
      payload: { reminderId, key: reminder.key, kind: reminder.kind, fireAt: reminder.fireAt.toISOString(), lateMs, origin: reminder.origin },
    });
    // A cadence nudge that fired makes the next one due; nothing else reschedules on firing.
    if (!reason && reminder.kind === "cadence") await reconcileReminders(tx, rt, reminder.incidentId);
    return reason ? { outcome: "skipped", reminder, reason } : { outcome: "fired", reminder, lateMs, view };
  });
  if (decided.outcome === "fired" && decided.view) await deliver(rt, decided.reminder, decided.view);
  const { view: _view, ...outcome } = decided as FireOutcome & { view?: IncidentView };
  return outcome;
}

/** Only what this kind of reminder looks at: firing is the hot path when many come due at once. */
async function viewFor(tx: Tx, incident: IncidentRow, kind: string): Promise<IncidentView> {
  const roles = kind === "inject" ? [] : await currentRoles(tx, incident.id);
  const steps = STEP_KINDS.has(kind) ? await tx.select().from(checklistSteps).where(eq(checklistSteps.incidentId, incident.id)) : [];
  return { incident, roles, steps: new Map(steps.map((s) => [s.stepKey, s])), evidenceCount: 0 };
}

const STEP_KINDS = new Set(["prompt", "overdue", "first-hour-summary"]);

/** Posts what a fired reminder says; a chat failure is logged (`chat.failed`) by `attempt`. */
async function deliver(rt: Runtime, reminder: ReminderRow, view: IncidentView): Promise<void> {
  const ctx = withActor(rt, TIMERS_ACTOR, `[timer] ${reminder.key}`);
  const space = view.incident.space;
  const port = space ? rt.ports[space.platform] : undefined;
  if (!space || !port) return;
  const problems: string[] = [];
  if (reminder.kind === "prompt") {
    const window = FIRST_HOUR.find((w) => w.key === reminder.payload.window);
    if (!window) return;
    // Remembered as `prompt:<window>` so checkbox presses re-render it in place.
    await attempt(ctx, view.incident.id, `post prompt:${window.key}`, problems, async () => {
      const ref = await port.post(space, firstHourPrompt(view, window));
      await rememberMessage(rt.db, view.incident.id, port.platform, `prompt:${window.key}`, ref, rt.clock.now());
    });
    return;
  }
  await postToIncident(rt, ctx, view, reminderMessage(reminder, view, rt.config), problems);
}
