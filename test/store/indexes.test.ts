import { sql } from "drizzle-orm";
import type { Logger } from "drizzle-orm/logger";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { incidentFacts } from "../../src/access/facts.js";
import { postedMessage } from "../../src/app/lookups.js";
import { claimEffects } from "../../src/effects/claim.js";
import { currentRoles, findIncident, loadView, openIncidents } from "../../src/incidents/queries.js";
import { incidentEvents } from "../../src/incidents/timeline.js";
import { loadMetricInput } from "../../src/metrics/load.js";
import { rowsOf } from "../../src/store/db.js";
import { appendLogAlone } from "../../src/store/log.js";
import { findReminder } from "../../src/timers/find-reminder.js";
import { reconcileReminders } from "../../src/timers/reconcile.js";
import { createTestDatabase, type TestDatabase, usingServer } from "../support/database.js";
import { explain, type TableRead, tableReads } from "../support/plans.js";
import { testRuntime } from "../support/runtime.js";
import { analyze, seedHistory } from "../support/seed-history.js";

/** Tables that grow with every incident: reading one of them whole makes a command slower each month. */
const GROWING = ["incidents", "incident_log", "effects", "reminders", "role_assignments", "incident_members", "checklist_steps", "evidence", "posted_messages"];

/** Records the statements drizzle sends while `record` runs. */
class Capture implements Logger {
  private statements: [string, unknown[]][] | undefined;
  logQuery(query: string, params: unknown[]): void {
    if (this.statements && /^\s*(select|insert|update|delete|with)\b/i.test(query)) this.statements.push([query, params]);
  }
  async record(run: () => Promise<unknown>): Promise<[string, unknown[]][]> {
    this.statements = [];
    try {
      await run();
      return this.statements;
    } finally {
      this.statements = undefined;
    }
  }
}

/**
 * The lookups every command, button and timer makes, on a database holding a few thousand
 * incidents of history (closed, bulk-written) and a few open ones, after ANALYZE: each reads
 * through an index, so its cost does not grow with the history. Run on the backend under test
 * (PGlite, or the Postgres server with TEST_DATABASE_URL).
 */
describe(`lookups read indexes as history grows (${usingServer ? "Postgres server" : "PGlite"})`, () => {
  const capture = new Capture();
  let t: TestDatabase;
  let rt: ReturnType<typeof testRuntime>;
  const seedId = (i: number) => `seed-${i}`;
  let incidentId: string;

  beforeAll(async () => {
    t = await createTestDatabase({ queryLogger: capture });
    rt = testRuntime(t.db);
    await seedHistory(t.db, 1, 2001, rt.clock.now(), { logPerIncident: 10, perDay: 5 });
    // The five newest are still open.
    await t.db.execute(sql`update incidents set phase = 'containment', closed_at = null where space_name in ('seed-1', 'seed-2', 'seed-3', 'seed-4', 'seed-5')`);
    await analyze(t.db);
    incidentId = (await findIncident(t.db, { spaceName: seedId(3) }))!.id;
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  /** What each statement `run` sends reads, by its plan. */
  async function readsOf(run: () => Promise<unknown>): Promise<TableRead[]> {
    const statements = await capture.record(run);
    expect(statements.length).toBeGreaterThan(0);
    const reads: TableRead[] = [];
    for (const [text, params] of statements) reads.push(...tableReads(await explain(t.db, text, params)));
    return reads;
  }

  const wholeTableReads = (reads: TableRead[]) => reads.filter((r) => r.node === "Seq Scan" && GROWING.includes(r.table));

  it("the plan check sees a whole-table read when there is one", async () => {
    const reads = await readsOf(() => t.db.execute(sql`select id from incidents where title = ${"Seeded incident 7"}`));
    expect(wholeTableReads(reads)).toEqual([{ node: "Seq Scan", table: "incidents", index: undefined }]);
  });

  it("a command typed in a channel finds its incident by the space's platform and id", async () => {
    const reads = await readsOf(() => findIncident(t.db, { spaceId: "C-seed-3", platform: "shell" }));
    expect(reads).toEqual([expect.objectContaining({ table: "incidents", index: "incidents_space_idx" })]);
  });

  it("incidents named by id, by number or by channel name", async () => {
    const reads = await readsOf(async () => {
      await findIncident(t.db, { id: incidentId });
      await findIncident(t.db, { humanId: "INC-SEED-000003" });
      await findIncident(t.db, { spaceName: "seed-3" });
    });
    expect(reads.map((r) => r.index)).toEqual(["incidents_pkey", "incidents_human_id_key", "incidents_space_name_key"]);
  });

  it("open incidents (list, App Home, hints) come from the open-incidents index, in order", async () => {
    const reads = await readsOf(() => openIncidents(t.db));
    expect(reads).toEqual([expect.objectContaining({ table: "incidents", index: "incidents_open_idx" })]);
    expect((await openIncidents(t.db)).length).toBe(5);
  });

  it("access checks read the incident's role holders (past ones too) and members", async () => {
    const row = (await findIncident(t.db, { id: incidentId }))!;
    const reads = await readsOf(() => incidentFacts(t.db, [row]));
    expect(wholeTableReads(reads)).toEqual([]);
    expect(reads.map((r) => `${r.table}:${r.index}`)).toEqual(["role_assignments:role_assignments_incident_idx", "incident_members:incident_members_incident_id_platform_person_id_pk"]);
  });

  it("summaries and checklists read the incident's roles, steps and evidence", async () => {
    const reads = await readsOf(async () => {
      await currentRoles(t.db, incidentId);
      await loadView(t.db, incidentId);
    });
    expect(wholeTableReads(reads)).toEqual([]);
    expect(new Set(reads.map((r) => r.index))).toEqual(new Set(["role_assignments_current_key", "incidents_pkey", "checklist_steps_incident_id_step_key_pk", "evidence_incident_idx"]));
  });

  it("the timeline and the metrics read only the incident's own log rows", async () => {
    const reads = await readsOf(async () => {
      await incidentEvents(t.db, incidentId);
      await loadMetricInput(t.db, (await findIncident(t.db, { id: incidentId }))!);
    });
    expect(wholeTableReads(reads)).toEqual([]);
    expect(reads.filter((r) => r.table === "incident_log").map((r) => r.index)).toEqual(["incident_log_incident_idx", "incident_log_incident_idx"]);
  });

  it("appending to the log reads only the chain's head", async () => {
    const reads = await readsOf(() => appendLogAlone(t.db, rt.clock, { actor: { kind: "system", name: "test" }, incidentId, kind: "note", outcome: "ok" }));
    expect(wholeTableReads(reads)).toEqual([]);
    expect(reads).toContainEqual(expect.objectContaining({ table: "incident_log", index: "incident_log_pkey" }));
  });

  it("a pressed checkbox or button finds its kept message by the platform's message id", async () => {
    const reads = await readsOf(() => postedMessage(rt, "shell", "seed-m-3-1"));
    expect(reads).toEqual([expect.objectContaining({ table: "posted_messages", index: "posted_messages_message_idx" })]);
  });

  it("timers: reconciling an incident's reminders and finding one by its code read that incident's reminders", async () => {
    const [reminder] = rowsOf<{ id: string }>(await t.db.execute(sql`select id::text from reminders where incident_id = ${incidentId} limit 1`));
    const reads = await readsOf(async () => {
      await t.db.transaction((tx) => reconcileReminders(tx, rt, incidentId));
      await findReminder(t.db, incidentId, reminder!.id.slice(0, 8));
    });
    expect(wholeTableReads(reads)).toEqual([]);
    // The pending-reminders read may take the (status, fire time) index: nothing of the history is scheduled.
    const reminderReads = reads.filter((r) => r.table === "reminders");
    expect(reminderReads.length).toBeGreaterThan(1);
    expect(reminderReads.filter((r) => !r.index)).toEqual([]);
  });

  it("the outbox claims lane heads from the open-effects index, however many effects were delivered", async () => {
    const reads = await readsOf(() => claimEffects(t.db, { worker: "test", platforms: ["shell"], now: rt.clock.now(), leaseSeconds: 30, limit: 10 }));
    expect(wholeTableReads(reads)).toEqual([]);
    expect(reads).toContainEqual(expect.objectContaining({ table: "effects", index: "effects_open_lane_idx" }));
  });
});
