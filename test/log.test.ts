import { sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../src/clock.js";
import type { Actor } from "../src/domain/people.js";
import { appendLog, appendLogAlone, canonicalJson, GENESIS_HASH, verifyLog } from "../src/store/log.js";
import { incidentLog } from "../src/store/schema.js";
import { expectDbError } from "./support/errors.js";
import { type TestDatabase, useTestDatabase } from "./support/database.js";

const alice: Actor = { kind: "shell", userId: "alice", name: "alice" };
let t: TestDatabase;
const clock = new ManualClock();

const database = useTestDatabase();
beforeEach(() => {
  t = database.current;
});

describe("incident_log", () => {
  it("chains rows: each points at the previous row's hash", async () => {
    const a = await appendLogAlone(t.db, clock, { actor: alice, kind: "help", outcome: "ok", text: "/incident help" });
    const b = await appendLogAlone(t.db, clock, { actor: alice, kind: "bogus", outcome: "rejected", reason: "unknown", text: "/incident bogus" });
    expect(a.seq).toBe(1);
    expect(a.prevHash).toBe(GENESIS_HASH);
    expect(b.seq).toBe(2);
    expect(b.prevHash).toBe(a.hash);
    expect(await verifyLog(t.db)).toEqual({ ok: true, rows: 2, headHash: b.hash });
  });

  it("refuses UPDATE, DELETE and TRUNCATE", async () => {
    await appendLogAlone(t.db, clock, { actor: alice, kind: "help", outcome: "ok" });
    await expectDbError(t.db.execute(sql`update incident_log set kind = 'x'`), /append-only: UPDATE/);
    await expectDbError(t.db.execute(sql`delete from incident_log`), /append-only: DELETE/);
    await expectDbError(t.db.execute(sql`truncate incident_log`), /append-only: TRUNCATE/);
    expect(await t.db.$count(incidentLog)).toBe(1);
  });

  it("a failed change takes its log row with it", async () => {
    await expect(
      t.db.transaction(async (tx) => {
        await appendLog(tx, clock, { actor: alice, kind: "note", outcome: "ok" });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await t.db.$count(incidentLog)).toBe(0);
  });

  it("verify reports the first row edited behind the trigger's back", async () => {
    for (let i = 0; i < 5; i++) await appendLogAlone(t.db, clock, { actor: alice, kind: "note", outcome: "ok", payload: { i } });
    await t.db.transaction(async (tx) => {
      await tx.execute(sql`alter table incident_log disable trigger incident_log_no_update_delete`);
      await tx.execute(sql`update incident_log set payload = '{"i": 99}' where seq = 3`);
      await tx.execute(sql`alter table incident_log enable trigger incident_log_no_update_delete`);
    });
    const result = await verifyLog(t.db);
    expect(result).toMatchObject({ ok: false, brokenAt: 3, rows: 2 });
  });

  it("concurrent appends still form one linear chain", async () => {
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        appendLogAlone(t.db, clock, { actor: alice, kind: "note", outcome: "ok", payload: { i } }),
      ),
    );
    const rows = await t.db.select().from(incidentLog).orderBy(incidentLog.seq);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.payload.i)).size).toBe(40);
    expect(await verifyLog(t.db, 7)).toMatchObject({ ok: true, rows: 40 });
  });

  it("canonical JSON ignores key order", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}');
  });
});
