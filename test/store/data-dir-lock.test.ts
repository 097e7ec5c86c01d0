import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DataDirLockedError, type Database, openPglite } from "../../src/store/db.js";
import { runMain } from "../support/main-process.js";

/**
 * The embedded database (PGlite, on disk) is single-writer: a lock file in FIREBREAK_DATA_DIR keeps
 * a second opener out, and a lock left by a dead process is taken over. Runs on PGlite whatever
 * TEST_DATABASE_URL says.
 */
describe("data-folder lock (PGlite on disk)", () => {
  let dir: string;
  let opened: Database[] = [];
  const lockFile = () => path.join(dir, "firebreak.lock");
  const lockOwner = () => (JSON.parse(fs.readFileSync(lockFile(), "utf8")) as { pid: number }).pid;
  const open = async () => {
    // The lock is under test, not the schema: skip the migrations.
    const database = await openPglite(dir, { migrate: false });
    opened.push(database);
    return database;
  };

  // One folder for the file: creating an on-disk database is the slow part, and each test
  // starts with it closed and unlocked.
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "firebreak-lock-"));
  });
  afterEach(async () => {
    for (const database of opened) await database.close();
    opened = [];
    fs.rmSync(lockFile(), { force: true });
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("a second open in the same process is refused, and the first keeps working", async () => {
    const first = await open();
    expect(lockOwner()).toBe(process.pid);
    const second = openPglite(dir, { migrate: false });
    await expect(second).rejects.toBeInstanceOf(DataDirLockedError);
    await expect(second).rejects.toThrow(`The embedded database in ${dir} is already open in this process`);
    await first.ping();
    expect(lockOwner()).toBe(process.pid);
  });

  it("a second process (npm start) is refused with the holder's pid and how to clear a stale lock", async () => {
    await open();
    const run = await runMain({ FIREBREAK_DATA_DIR: dir }, "/channels\n");
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain("#general");
    expect(run.stderr).toContain(`Firebreak could not start: opening the database failed: The embedded database in ${dir} is locked by process ${process.pid}`);
    expect(run.stderr).toContain(`If that is Firebreak still running, stop it first`);
    expect(run.stderr).toContain(`delete ${lockFile()} and start again.`);
    // The refused process left the holder's lock alone.
    expect(lockOwner()).toBe(process.pid);
  }, 60_000);

  it("a lock left by a process that has died is taken over", async () => {
    const dead = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
    await new Promise((resolve) => dead.once("exit", resolve));
    fs.writeFileSync(lockFile(), JSON.stringify({ pid: dead.pid, at: "2026-01-01T00:00:00Z" }));
    const database = await open();
    await database.ping();
    expect(lockOwner()).toBe(process.pid);
  });

  it("an unreadable lock file, or one naming this pid from an earlier run (pid 1 in a container), is stale", async () => {
    fs.writeFileSync(lockFile(), "{ not json");
    const first = await open();
    expect(lockOwner()).toBe(process.pid);
    await first.close();
    opened = [];
    fs.writeFileSync(lockFile(), JSON.stringify({ pid: process.pid, at: "2026-01-01T00:00:00Z" }));
    await open();
    expect(lockOwner()).toBe(process.pid);
  });

  it("closing releases the lock: the file is gone and the folder opens again with its data", async () => {
    const first = await open();
    await first.db.execute(sql`create table if not exists kept (n int)`);
    await first.close();
    opened = [];
    expect(fs.existsSync(lockFile())).toBe(false);
    const again = await open();
    await again.db.execute(sql`insert into kept values (1)`);
  });
});
