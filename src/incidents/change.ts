import { and, eq, inArray } from "drizzle-orm";
import type { Ctx } from "../context.js";
import type { Tx } from "../store/db.js";
import { checklistSteps } from "../store/schema.js";

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
