import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPglite, openPostgres, type Database } from "../src/store/db.js";
import { verifyLog } from "../src/store/log.js";
import { incidentLog } from "../src/store/schema.js";
import { createTestDatabase, type TestDatabase, withDatabase } from "./support/database.js";
import { expectDbError } from "./support/errors.js";
import { runMain } from "./support/main-process.js";

const root = path.resolve(import.meta.dirname, "..");
const demo = fs.readFileSync(path.join(root, "adapters/shell/demo.txt"), "utf8");

/** Runs the real `npm start` entry point with the demo script piped in, as a user would (in a scratch folder, away from any .env). */
function runShell(env: Record<string, string>, input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runMain({ FIREBREAK_USER: "alice", ...env }, input);
}

async function createEmptyDatabase(url: string) {
  const { default: pg } = await import("pg");
  const name = `fbt_empty_${process.pid}_${Date.now()}`;
  const admin = async (text: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(text).finally(() => client.end());
  };
  await admin(`create database ${name}`);
  return { url: withDatabase(url, name), drop: () => admin(`drop database ${name} with (force)`) };
}

describe("shell adapter end to end (npm start < demo.txt)", () => {
  let server: TestDatabase | undefined;
  let dataDir: string;
  let result: Awaited<ReturnType<typeof runShell>>;
  let db: Database;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "firebreak-e2e-"));
    if (process.env.TEST_DATABASE_URL) server = await createTestDatabase();
    const env: Record<string, string> = server ? { DATABASE_URL: server.url! } : { FIREBREAK_DATA_DIR: dataDir };
    result = await runShell(env, demo);
    db = server ?? (await openPglite(dataDir));
  }, 120_000);

  afterAll(async () => {
    await db?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("exits cleanly at the end of input", () => {
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });

  it("prints the created channel, four roles with backups, the checklists and the first-hour prompt", () => {
    const out = result.stdout;
    expect(out).toContain("＋ created channel #inc-");
    expect(out).toMatch(/│ INC-\d{4}-0001 · P1 · Support bot leaks its system prompt/);
    for (const line of ["Incident commander   @alice · backup @heidi", "Technical lead       @bob · backup @carol", "Communications lead  @dana · backup @erin", "Legal advisor        @frank · backup @grace"]) {
      expect(out).toContain(line);
    }
    // The channel gets the current phase's checklist, then each phase's as the incident enters it.
    for (const section of ["Detection & triage · 2/11", "Scenario: prompt injection at scale · 0/6", "Containment · 0/11"]) {
      expect(out).toContain(`│ ${section}`);
    }
    expect(out).not.toContain("│ Post-incident review ·");
    expect(out).toContain("│ ⏱ Minute 0–5: Confirm it is real");
    expect(out).toContain("[ ]  1. Confirm it is real, not a false positive");
    expect(out).toMatch(/\[x\] {2}1\. Confirm it is real, not a false positive {2}✓ @bob \d\d:\d\d/);
    expect(out).toContain("Unknown command “sevrity”. Did you mean severity?");
    expect(out).toContain("Only the incident commander (@alice), their backup (@heidi) or a Firebreak admin can move the incident to another phase.");
    expect(out).toMatch(/Incident log verified: \d+ rows, hash chain intact/);
  });

  it("logged one row per command, the rejected one included, plus the bot's own events", async () => {
    const rows = await db.db.select().from(incidentLog).orderBy(incidentLog.seq);
    const typed = demo.split("\n").filter((l) => l.startsWith("/incident") || l.startsWith("/toggle"));
    const botEvents = rows.filter((r) => r.kind.startsWith("space."));
    expect(rows.length - botEvents.length).toBe(typed.length);
    expect(rows.filter((r) => r.outcome === "rejected").map((r) => [r.kind, r.actorId, r.text])).toEqual([
      ["status", "bob", "/incident status containment"],
      ["severity", "alice", "/incident sevrity P2"],
    ]);
    expect(rows.find((r) => r.text === "[checkbox] check triage.scope")).toMatchObject({ actorId: "bob", outcome: "ok" });
    expect(await verifyLog(db.db)).toMatchObject({ ok: true, rows: rows.length });
  });

  it("the log the shell wrote refuses UPDATE", async () => {
    await expectDbError(db.db.execute(sql`update incident_log set text = 'rewritten' where seq = 1`), /append-only: UPDATE/);
  });

  it("guards the store against concurrent openers (data-folder lock; migration lock on a server)", async () => {
    if (server) {
      // Replicas share a server: three starting together must migrate once, not race.
      const fresh = await createEmptyDatabase(server.url!);
      const replicas = await Promise.all([1, 2, 3].map(() => openPostgres(fresh.url, { max: 2 })));
      const applied = await replicas[0]!.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
      expect((applied as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(fs.readdirSync(path.join(root, "migrations")).filter((f) => f.endsWith(".sql")).length);
      await Promise.all(replicas.map((r) => r.close()));
      await fresh.drop();
      return;
    }
    const second = await runShell({ FIREBREAK_DATA_DIR: dataDir }, "/incident list\n");
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/The embedded database in .* is locked by process \d+/);
  });
});
