import { and, eq, inArray, ne, sql } from "drizzle-orm";
import type { Db } from "../store/db.js";
import { deliveries, type EffectRow, effects } from "../store/schema.js";

/**
 * Claims the effects this worker may deliver now: for each lane, only its oldest open effect (so a
 * lane is delivered strictly in order), only on platforms this process serves, only when due and
 * not leased to a live worker. The claim is one conditional update, so two workers racing for one
 * effect settle it in SQL: the second finds the lease taken and claims nothing.
 *
 * A lane is blocked by its oldest pending effect, and by a failed `space.open`: nothing can be
 * posted into a space that does not exist, so those wait for `retry`. The lanes beside an
 * incident's own (its topic, pins, invites, announcement) wait the same way for a `space.open`
 * queued before them that is still pending or failed.
 */
export async function claimEffects(db: Db, input: { worker: string; platforms: string[]; now: Date; leaseSeconds: number; limit: number }): Promise<EffectRow[]> {
  if (input.platforms.length === 0) return [];
  const now = input.now.toISOString();
  const until = new Date(input.now.getTime() + input.leaseSeconds * 1000);
  const platforms = sql.join(input.platforms.map((p) => sql`${p}`), sql`, `);
  const due = sql`
    with heads as (
      select distinct on (lane) id, lane, incident_id, status, next_attempt_at, claimed_until
      from effects
      where (status = 'pending' or (status = 'failed' and kind = 'space.open')) and platform in (${platforms})
      order by lane, id
    )
    select h.id from heads h
    where h.status = 'pending' and h.next_attempt_at <= ${now}::timestamptz and (h.claimed_until is null or h.claimed_until < ${now}::timestamptz)
      and not (h.lane like 'incident:%' and exists (
        select 1 from effects s
        where s.incident_id = h.incident_id and s.kind = 'space.open' and s.status in ('pending', 'failed') and s.id < h.id
      ))
    order by h.id
    limit ${input.limit}`;
  const claimed = await db
    .update(effects)
    .set({ claimedBy: input.worker, claimedUntil: until, attempts: sql`${effects.attempts} + 1` })
    .where(and(sql`${effects.id} in (${due})`, eq(effects.status, "pending"), sql`(${effects.claimedUntil} is null or ${effects.claimedUntil} < ${now}::timestamptz)`))
    .returning();
  return claimed.sort((a, b) => a.id - b.id);
}

/** Still ours? A lease that ran out may have passed the effect to another worker. */
export function heldBy(id: number, worker: string) {
  return and(eq(effects.id, id), eq(effects.claimedBy, worker), eq(effects.status, "pending"));
}

/** Later pending effects of this lane that a delivery about to render the latest state covers. */
export async function pendingLike(db: Db, row: EffectRow, kind: string, purpose?: string): Promise<number[]> {
  const rows = await db
    .select({ id: effects.id })
    .from(effects)
    .where(
      and(
        eq(effects.lane, row.lane),
        eq(effects.status, "pending"),
        eq(effects.kind, kind),
        ne(effects.id, row.id),
        sql`${effects.id} > ${row.id}`,
        purpose === undefined ? undefined : sql`${effects.payload}->>'purpose' = ${purpose}`,
      ),
    );
  return rows.map((r) => r.id);
}

/** Settled effects (delivered, superseded) and delivery keys older than `before` are dropped. */
export async function pruneSettled(db: Db, before: Date): Promise<void> {
  await db.delete(effects).where(and(inArray(effects.status, ["done", "superseded"]), sql`${effects.settledAt} < ${before}`));
  await db.delete(deliveries).where(sql`${deliveries.at} < ${before}`);
}
