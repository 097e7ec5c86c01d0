import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import { type Db, rowsOf } from "../store/db.js";
import { deliveries, type EffectRow, effects } from "../store/schema.js";

/**
 * Claims the effects this worker may deliver now: for each lane, only its oldest open effect (so a
 * lane is delivered strictly in order), only on platforms this process serves, only when due and
 * not leased to a live worker. The claim is a conditional update, so two workers racing for one
 * effect settle it in SQL: the second finds the lease taken and claims nothing.
 *
 * A lane is blocked by its oldest pending effect, and by a failed `space.open`: nothing can be
 * posted into a space that does not exist, so those wait for `retry`.
 */
export async function claimEffects(db: Db, input: { worker: string; platforms: string[]; now: Date; leaseSeconds: number; limit: number }): Promise<EffectRow[]> {
  if (input.platforms.length === 0) return [];
  const now = input.now.toISOString();
  const until = new Date(input.now.getTime() + input.leaseSeconds * 1000).toISOString();
  const platforms = sql.join(input.platforms.map((p) => sql`${p}`), sql`, `);
  const claimed = rowsOf<{ id: string | number }>(
    await db.execute(sql`
      with heads as (
        select distinct on (lane) id, status, next_attempt_at, claimed_until
        from effects
        where (status = 'pending' or (status = 'failed' and kind = 'space.open')) and platform in (${platforms})
        order by lane, id
      )
      update effects e
      set claimed_by = ${input.worker}, claimed_until = ${until}::timestamptz, attempts = e.attempts + 1
      where e.id in (
        select id from heads
        where status = 'pending' and next_attempt_at <= ${now}::timestamptz and (claimed_until is null or claimed_until < ${now}::timestamptz)
        order by id
        limit ${input.limit}
      )
      and e.status = 'pending' and (e.claimed_until is null or e.claimed_until < ${now}::timestamptz)
      returning e.id`),
  );
  if (claimed.length === 0) return [];
  return db
    .select()
    .from(effects)
    .where(inArray(effects.id, claimed.map((c) => Number(c.id))))
    .orderBy(asc(effects.id));
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
