import { and, eq, inArray, sql } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { conflict } from "../errors.js";
import type { Tx } from "../store/db.js";
import { appendLog } from "../store/log.js";
import { checklistSteps, incidents, type IncidentRow } from "../store/schema.js";
import { reconcileReminders } from "../timers/reconcile.js";
import { lockIncident } from "./queries.js";

export interface ChangeOutcome<T> {
  result: T;
  /** What the log row records about the change. */
  payload: Record<string, unknown>;
  /** False for a repeated delivery that changed nothing (no row, no version bump). */
  log?: boolean;
}

/**
 * The shape every incident-changing verb shares: lock the incident row, refuse closed incidents,
 * make the change, bump the version, write the log row and reschedule its timers — all in one
 * transaction.
 */
export async function changeIncident<T>(
  ctx: Ctx,
  incidentId: string,
  kind: string,
  change: (tx: Tx, incident: IncidentRow) => Promise<ChangeOutcome<T>>,
  options: { allowClosed?: boolean } = {},
): Promise<T> {
  return ctx.db.transaction(async (tx) => {
    const incident = await lockIncident(tx, incidentId);
    if (incident.phase === "closed" && !options.allowClosed) {
      throw conflict(`${incident.humanId} is closed.`, "Closed incidents are read-only; declare a new incident if it came back.");
    }
    const { result, payload, log } = await change(tx, incident);
    if (log === false) return result;
    await tx.update(incidents).set({ version: sql`${incidents.version} + 1` }).where(eq(incidents.id, incident.id));
    await appendLog(tx, ctx.clock, { actor: ctx.actor, incidentId: incident.id, text: ctx.text, kind, outcome: "ok", payload });
    // Timers follow the new state in the same transaction: a rollback leaves no stray job behind.
    await reconcileReminders(tx, ctx, incident.id);
    return result;
  });
}

/**
 * Marks steps done as a side effect of a command (`severity P1` completes "set severity").
 * Returns the keys that actually changed; a step already done is left alone.
 */
export async function autoCheck(tx: Tx, ctx: Ctx, incidentId: string, keys: string[]): Promise<string[]> {
  if (keys.length === 0) return [];
  const now = ctx.clock.now();
  const rows = await tx
    .insert(checklistSteps)
    .values(keys.map((stepKey) => ({ incidentId, stepKey, checked: true, changedAt: now, changedBy: ctx.actor })))
    .onConflictDoUpdate({
      target: [checklistSteps.incidentId, checklistSteps.stepKey],
      set: { checked: true, changedAt: now, changedBy: ctx.actor },
      setWhere: eq(checklistSteps.checked, false),
    })
    .returning({ key: checklistSteps.stepKey });
  return rows.map((r) => r.key);
}

export async function stepStates(tx: Tx, incidentId: string, keys: string[]) {
  if (keys.length === 0) return [];
  return tx
    .select()
    .from(checklistSteps)
    .where(and(eq(checklistSteps.incidentId, incidentId), inArray(checklistSteps.stepKey, keys)));
}
