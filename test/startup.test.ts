import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { explainStartupFailure, StartupError, startupFailureMessage, step } from "../adapters/startup.js";
import { ConfigError } from "../src/config.js";
import { openPostgres } from "../src/store/db.js";
import { closedPort, startRefusingPostgres } from "./support/fake-postgres.js";
import { runMain } from "./support/main-process.js";

type Run = Awaited<ReturnType<typeof runMain>>;

/**
 * A failed `npm start` names the step that failed and says which setting to change. Each common
 * cause is produced for real and run through the real entry point in a child process.
 */
describe("a failed start names its step and the setting to fix (npm start)", () => {
  const runs: Record<string, Run> = {};
  const cleanups: (() => unknown)[] = [];
  let ports: { busy: number; refused: number; wrongPassword: number; noDatabase: number };
  let lockDir: string;
  let stranger: ChildProcess;

  beforeAll(async () => {
    const busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(0, resolve));
    cleanups.push(() => busy.close());
    const wrongPassword = await startRefusingPostgres("28P01", 'password authentication failed for user "firebreak"');
    const noDatabase = await startRefusingPostgres("3D000", 'database "nosuch" does not exist');
    cleanups.push(wrongPassword.close, noDatabase.close);
    ports = { busy: (busy.address() as net.AddressInfo).port, refused: await closedPort(), wrongPassword: wrongPassword.port, noDatabase: noDatabase.port };

    // A live process that is not Firebreak, named in a lock file a crash left behind.
    stranger = spawn(process.execPath, ["-e", "setInterval(() => {}, 60000)"], { stdio: "ignore" });
    cleanups.push(() => stranger.kill("SIGKILL"));
    lockDir = fs.mkdtempSync(path.join(os.tmpdir(), "firebreak-locked-"));
    fs.writeFileSync(path.join(lockDir, "firebreak.lock"), JSON.stringify({ pid: stranger.pid, at: "2026-01-01T00:00:00Z" }));
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "firebreak-start-"));
    cleanups.push(() => fs.rmSync(lockDir, { recursive: true, force: true }), () => fs.rmSync(dataDir, { recursive: true, force: true }));

    const teams = { TEAMS_ALLOW_UNAUTHENTICATED: "true", TEAMS_INCIDENTS_CHANNEL_ID: "19:start@thread.tacv2", TEAMS_SERVICE_URL: "http://127.0.0.1:9/", FIREBREAK_DATA_DIR: dataDir };
    const secretUrl = (host: string, port: number, database = "firebreak") => `postgres://firebreak:s3cret-pw@${host}:${port}/${database}`;
    const cases: Record<string, Record<string, string>> = {
      config: { LOG_LEVEL: "loud", FIREBREAK_DATA_DIR: dataDir },
      portInUse: { ...teams, PORT: String(ports.busy) },
      unknownHost: { DATABASE_URL: secretUrl("no-such-host.invalid", 5432) },
      refused: { DATABASE_URL: secretUrl("127.0.0.1", ports.refused) },
      wrongPassword: { DATABASE_URL: secretUrl("127.0.0.1", ports.wrongPassword) },
      noDatabase: { DATABASE_URL: secretUrl("127.0.0.1", ports.noDatabase, "nosuch") },
      lockedByStranger: { FIREBREAK_DATA_DIR: lockDir },
    };
    // Started together: each is its own process and none waits on another.
    await Promise.all(Object.entries(cases).map(async ([name, env]) => (runs[name] = await runMain(env, "/channels\n"))));
  }, 180_000);

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  const failure = (name: string) => {
    const run = runs[name]!;
    expect(run.stdout).not.toContain("#general");
    return run.stderr.trim();
  };

  it("configuration: lists the settings to fix, exit 2", () => {
    expect(runs.config!.code).toBe(2);
    expect(failure("config")).toMatch(/^Firebreak could not start: reading the configuration failed: fix these settings:\n {2}- LOG_LEVEL must be one of/);
  });

  it("port in use: names PORT and says to pick a free one", () => {
    expect(runs.portInUse!.code).toBe(1);
    expect(failure("portInUse")).toContain(`Firebreak could not start: listening for HTTP requests failed: PORT ${ports.busy} is in use by another program; set PORT to a free port.`);
  });

  it("unknown database host: names DATABASE_URL's host, password redacted", () => {
    expect(runs.unknownHost!.code).toBe(1);
    expect(failure("unknownHost")).toBe(
      'Firebreak could not start: opening the database failed: no database server host named "no-such-host.invalid" could be found (DATABASE_URL=postgres://firebreak:***@no-such-host.invalid:5432/firebreak); check the host name in DATABASE_URL.',
    );
  });

  it("nothing listening: names DATABASE_URL's host and port", () => {
    expect(failure("refused")).toBe(
      `Firebreak could not start: opening the database failed: nothing is accepting connections at 127.0.0.1:${ports.refused} (DATABASE_URL=postgres://firebreak:***@127.0.0.1:${ports.refused}/firebreak); check the host and port in DATABASE_URL and that PostgreSQL is running there.`,
    );
  });

  it("wrong password (28P01): says to fix the password in DATABASE_URL, without showing it", () => {
    expect(failure("wrongPassword")).toBe(
      `Firebreak could not start: opening the database failed: the database server at 127.0.0.1:${ports.wrongPassword} refused the password for user "firebreak" (DATABASE_URL=postgres://firebreak:***@127.0.0.1:${ports.wrongPassword}/firebreak); fix the password in DATABASE_URL.`,
    );
  });

  it("database does not exist (3D000): says how to create it", () => {
    expect(failure("noDatabase")).toContain(`opening the database failed: the database "nosuch" does not exist on 127.0.0.1:${ports.noDatabase}`);
    expect(failure("noDatabase")).toContain("create it (createdb nosuch) or fix the database name in DATABASE_URL.");
  });

  it("no message shows the password", () => {
    for (const run of Object.values(runs)) expect(run.stderr).not.toContain("s3cret-pw");
  });

  it("data folder locked by a live process that is not Firebreak: says which file to delete after checking the pid", () => {
    expect(runs.lockedByStranger!.code).toBe(1);
    const message = failure("lockedByStranger");
    const lockFile = path.join(lockDir, "firebreak.lock");
    expect(message).toMatch(new RegExp(`^Firebreak could not start: opening the database failed: The embedded database in ${lockDir} is locked by process ${stranger.pid} \\(.*setInterval.*\\)`));
    expect(message).toContain(`If process ${stranger.pid} is not Firebreak (a crash left the lock behind and the number was reused), delete ${lockFile} and start again.`);
    // The stranger's lock is left alone: only a person who checked may delete it.
    expect(JSON.parse(fs.readFileSync(lockFile, "utf8")).pid).toBe(stranger.pid);
  });
});

describe("start-up steps", () => {
  it("wrap a failure with the step's name and keep the cause", async () => {
    const cause = new Error("boom");
    const failed = step("starting the job queue", () => Promise.reject(cause));
    await expect(failed).rejects.toBeInstanceOf(StartupError);
    await expect(failed).rejects.toMatchObject({ step: "starting the job queue", reason: "boom", cause, message: "starting the job queue failed: boom" });
    expect(startupFailureMessage(await failed.catch((e: unknown) => e))).toBe("Firebreak could not start: starting the job queue failed: boom");
  });

  it("pass a step's value through", async () => {
    expect(await step("reading the configuration", () => 42)).toBe(42);
  });

  it("a migration failing on the server shows the driver's words, not drizzle's query text", async () => {
    const driver = Object.assign(new Error('relation "incidents" already exists'), { code: "42P07" });
    const wrapped = new Error('Failed query: create table "incidents" (…)\nparams: ', { cause: driver });
    expect(explainStartupFailure(wrapped, { database: { url: "postgres://u@h/db" } })).toBe('relation "incidents" already exists');
  });

  it("a real connection refused from the pg driver maps to the DATABASE_URL sentence", async () => {
    const port = await closedPort();
    const url = `postgres://me:pw@127.0.0.1:${port}/x`;
    const database = await openPostgres(url, { migrate: false });
    const failed = await step("opening the database", () => database.ping(), { database: { url } }).catch((e: unknown) => e);
    await database.close();
    expect((failed as StartupError).reason).toMatch(new RegExp(`^nothing is accepting connections at 127\\.0\\.0\\.1:${port} \\(DATABASE_URL=postgres://me:\\*\\*\\*@127`));
  });

  it("configuration problems exit 2, everything else 1", () => {
    expect(new StartupError("reading the configuration", "x", { cause: new ConfigError(["y"]) }).exitCode).toBe(2);
    expect(new StartupError("opening the database", "x", { cause: new Error("y") }).exitCode).toBe(1);
  });
});
