import { sql } from "drizzle-orm";
import { type Db, rowsOf } from "../../src/store/db.js";
import { incidents } from "../../src/store/schema.js";
import type { ReminderQueue } from "../../src/timers/queue.js";
import { scheduleReminders } from "../../src/timers/reconcile.js";

export interface SeedPlan {
  incidents: number;
  perIncident: number;
  /** Fire times are spread evenly from `from` over `spreadMs`. */
  from: Date;
  spreadMs: number;
  /** Distinguishes runs in the same database. */
  tag: string;
  /** Parallel transactions while seeding. */
  concurrency?: number;
}

/**
 * Many drill incidents, each with `perIncident` timed injects, written through the same path the
 * core uses (reminder row + pg-boss job in one transaction). Injects post nothing without a chat
 * space, so what the workers do is exactly the scheduling, claiming, checking and logging.
 */
export async function seedReminders(db: Db, queue: ReminderQueue, plan: SeedPlan): Promise<{ reminders: number; incidentIds: string[] }> {
  const now = new Date();
  const actor = { kind: "system" as const, name: "bench" };
  const rows = await db
    .insert(incidents)
    .values(
      Array.from({ length: plan.incidents }, (_, i) => ({
        humanId: `DRILL-BENCH-${plan.tag}-${String(i + 1).padStart(5, "0")}`,
        title: `Timer load ${i + 1}`,
        severity: "P2",
        vector: "unknown",
        phase: "triage",
        isDrill: true,
        playbooks: [],
        declaredBy: actor,
        detectedAt: now,
        declaredAt: now,
      })),
    )
    .returning({ id: incidents.id });
  const total = plan.incidents * plan.perIncident;
  const step = total > 1 ? plan.spreadMs / (total - 1) : 0;
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= rows.length) return;
      await db.transaction(async (tx) => {
        const planned = Array.from({ length: plan.perIncident }, (_, k) => {
          // Interleave incidents so every moment of the window has many incidents due.
          const n = k * plan.incidents + i;
          return { key: `bench:${plan.tag}:${k}`, kind: "inject" as const, fireAt: new Date(plan.from.getTime() + n * step), payload: { index: k, text: `load ${n}` } };
        });
        await scheduleReminders(tx, queue, rows[i]!.id, planned, now);
      });
    }
  };
  await Promise.all(Array.from({ length: plan.concurrency ?? 8 }, worker));
  return { reminders: total, incidentIds: rows.map((r) => r.id) };
}

export interface FiringStats {
  total: number;
  fired: number;
  /** Reminders with more than one firing log row: must be 0. */
  duplicates: number;
  /** Reminders still not fired. */
  missed: number;
  latenessMs: number[];
  /** Worst lateness per 10 s of due time: shows whether a backlog builds up. */
  worstBySlice: { from: string; worstMs: number; count: number }[];
}

/** Reads what happened from the database: reminder rows and the log rows written with them. */
export async function firingStats(db: Db, incidentIds: string[]): Promise<FiringStats> {
  const ids = sql.join(incidentIds.map((id) => sql`${id}::uuid`), sql`, `);
  const reminderRows = (await db.execute(sql`
    select r.id, r.status, extract(epoch from (r.settled_at - r.fire_at)) * 1000 as late_ms
    from reminders r where r.incident_id in (${ids})`)) as unknown as { rows: { id: string; status: string; late_ms: string | number | null }[] };
  const logRows = (await db.execute(sql`
    select payload->>'reminderId' as id, count(*)::int as n from incident_log
    where kind = 'reminder.fired' and incident_id in (${ids}) group by 1`)) as unknown as { rows: { id: string; n: number }[] };
  const fired = reminderRows.rows.filter((r) => r.status === "fired");
  return {
    total: reminderRows.rows.length,
    fired: fired.length,
    duplicates: logRows.rows.filter((r) => r.n > 1).length,
    missed: reminderRows.rows.length - logRows.rows.length,
    latenessMs: fired.map((r) => Number(r.late_ms)).sort((a, b) => a - b),
    worstBySlice: rowsOf<{ slice: Date | string; worst: number; n: number }>(
      await db.execute(sql`
        select to_timestamp(floor(extract(epoch from fire_at) / 10) * 10) as slice,
               max(extract(epoch from (settled_at - fire_at)) * 1000)::float8 as worst, count(*)::int as n
        from reminders where incident_id in (${ids}) and status = 'fired' group by 1 order by 1`),
    ).map((r) => ({ from: new Date(r.slice).toISOString().slice(11, 19), worstMs: Math.round(r.worst), count: r.n })),
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
