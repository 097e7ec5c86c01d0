import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REMINDER_QUEUE, SCHEMA } from "../../src/scheduler/pg-boss-queue.js";
import { type Scheduler, startScheduler } from "../../src/scheduler/scheduler.js";
import { rowsOf } from "../../src/store/db.js";
import { claimDueAtSql, driverClient, PG_BOSS_DUE_PREDICATE, pgBossFetchSql, resumedCount, transactionClient } from "../../src/store/library-internals.js";
import { createTestDatabase, type TestDatabase, usingServer } from "../support/database.js";

/**
 * The library internals Firebreak relies on, checked on the backend under test (PGlite, or the
 * Postgres server with TEST_DATABASE_URL). An upgrade of drizzle-orm or pg-boss that moves them
 * fails here.
 */
describe(`library internals (${usingServer ? "Postgres server" : "PGlite"})`, () => {
  let t: TestDatabase;
  let scheduler: Scheduler;

  beforeAll(async () => {
    t = await createTestDatabase();
    await t.db.execute(sql`create table internals_probe (label text not null)`);
    scheduler = await startScheduler(t, { supervise: false });
  });
  afterAll(async () => {
    await scheduler?.stop();
    await t?.close();
  });

  const probeLabels = async () => rowsOf<{ label: string }>(await t.db.execute(sql`select label from internals_probe order by label`)).map((r) => r.label);

  it("drizzle's database exposes its driver client, which runs SQL", async () => {
    const { rows } = await driverClient(t.db).query("select $1::int + 1 as n", [41]);
    expect(rows).toEqual([{ n: 42 }]);
  });

  it("drizzle's transaction exposes the client of that transaction: what it writes rolls back with it", async () => {
    const rolledBack = t.db.transaction(async (tx) => {
      await transactionClient(tx).query("insert into internals_probe (label) values ($1)", ["rolled-back"]);
      // Seen by the transaction's own queries: the same connection, inside the same BEGIN.
      const seen = rowsOf<{ label: string }>(await tx.execute(sql`select label from internals_probe`));
      expect(seen.map((r) => r.label)).toEqual(["rolled-back"]);
      throw new Error("roll back");
    });
    await expect(rolledBack).rejects.toThrow("roll back");
    expect(await probeLabels()).toEqual([]);

    await t.db.transaction(async (tx) => {
      await transactionClient(tx).query("insert into internals_probe (label) values ($1)", ["committed"]);
    });
    expect(await probeLabels()).toEqual(["committed"]);
  });

  it("pg-boss's fetch SQL still compares start_after with now() exactly once, and our claim swaps in the time", () => {
    const fetch = pgBossFetchSql(SCHEMA);
    expect(fetch.split(PG_BOSS_DUE_PREDICATE)).toHaveLength(2);
    expect(fetch).toMatch(/FOR UPDATE SKIP LOCKED/);
    const claim = claimDueAtSql(SCHEMA);
    expect(claim.replace("start_after <= $3::timestamptz", PG_BOSS_DUE_PREDICATE)).toBe(fetch);
  });

  it("the claim built from pg-boss's fetch claims a job at its start time, not before, and marks it active", async () => {
    const startAfter = new Date(Date.now() + 3_600_000);
    const id = "00000000-0000-4000-8000-000000000001";
    await scheduler.boss.send(REMINDER_QUEUE, { reminderId: "probe" }, { id, startAfter });
    const claim = claimDueAtSql(SCHEMA);
    const executor = driverClient(t.db);
    const early = await executor.query(claim, [REMINDER_QUEUE, 10, new Date(startAfter.getTime() - 1000).toISOString()]);
    expect(early.rows).toEqual([]);
    const due = await executor.query(claim, [REMINDER_QUEUE, 10, startAfter.toISOString()]);
    expect(due.rows).toHaveLength(1);
    expect(due.rows[0]).toMatchObject({ id, data: { reminderId: "probe" } });
    expect(new Date(due.rows[0].startAfter).getTime()).toBe(startAfter.getTime());
    expect((await scheduler.boss.getJobById(REMINDER_QUEUE, id))?.state).toBe("active");
    // Claimed once: a second claim at the same time finds nothing.
    expect((await executor.query(claim, [REMINDER_QUEUE, 10, startAfter.toISOString()])).rows).toEqual([]);
  });

  it("pg-boss's resume answers how many jobs it revived", async () => {
    const id = "00000000-0000-4000-8000-000000000002";
    await scheduler.boss.send(REMINDER_QUEUE, { reminderId: "probe-2" }, { id, startAfter: new Date(Date.now() + 3_600_000) });
    await scheduler.boss.cancel(REMINDER_QUEUE, id);
    expect(resumedCount(await scheduler.boss.resume(REMINDER_QUEUE, id))).toBe(1);
    expect(resumedCount(await scheduler.boss.resume(REMINDER_QUEUE, id))).toBe(0);
    expect((await scheduler.boss.getJobById(REMINDER_QUEUE, id))?.state).toBe("created");
  });
});
