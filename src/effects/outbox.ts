import { inArray } from "drizzle-orm";
import type { Tx } from "../store/db.js";
import { effects, incidents } from "../store/schema.js";
import { type Effect, encodeForStorage } from "./effect.js";

/** Effects on one incident keep their order; private messages to one person keep theirs. */
export function laneOf(effect: Effect): string {
  return effect.kind === "dm" ? `dm:${effect.person.platform}:${effect.person.id}` : `incident:${effect.incidentId}`;
}

/**
 * Writes effects to the outbox inside the caller's transaction: they commit (and are delivered)
 * with the change, or roll back with it. Returns the new rows' ids in order.
 */
export async function enqueueEffects(tx: Tx, now: Date, list: Effect[]): Promise<number[]> {
  if (list.length === 0) return [];
  const incidentIds = [...new Set(list.flatMap((e) => (e.kind === "dm" ? [] : [e.incidentId])))];
  const platforms = new Map<string, string>();
  if (incidentIds.length) {
    const rows = await tx.select({ id: incidents.id, platform: incidents.spacePlatform }).from(incidents).where(inArray(incidents.id, incidentIds));
    for (const row of rows) if (row.platform) platforms.set(row.id, row.platform);
  }
  const values = list.flatMap((effect) => {
    const platform = effect.kind === "dm" ? effect.person.platform : platforms.get(effect.incidentId);
    // An incident with no platform has no space to deliver into (declared by the system alone).
    if (!platform) return [];
    const { kind, ...payload } = effect;
    return [
      {
        incidentId: effect.kind === "dm" ? (effect.incidentId ?? null) : effect.incidentId,
        lane: laneOf(effect),
        platform,
        kind,
        payload: encodeForStorage(payload) as Record<string, unknown>,
        nextAttemptAt: now,
        createdAt: now,
      },
    ];
  });
  if (!values.length) return [];
  const rows = await tx.insert(effects).values(values).returning({ id: effects.id });
  return rows.map((r) => r.id);
}
