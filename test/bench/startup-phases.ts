/**
 * Start-up one step at a time, as adapters/main.ts does it for the shell (started by
 * test/bench/startup.ts, cwd = the repository, FIREBREAK_DATA_DIR set). Prints one JSON line:
 * milliseconds per step. Imports are dynamic so each is timed on its own.
 */
const steps: Record<string, number> = { "node and tsx boot (process start → script)": performance.now() };
let last = performance.now();
const time = async <T>(name: string, run: () => Promise<T> | T): Promise<T> => {
  const value = await run();
  const now = performance.now();
  steps[name] = now - last;
  last = now;
  return value;
};

const core = await time("import the core (src/core.ts)", () => import("../../src/core.js"));
const shell = await time("import the shell adapter", async () => ({ ...(await import("../../adapters/shell/run-shell.js")), ...(await import("../../adapters/shell/shell-chat.js")) }));
await time("import the Slack, Teams and HTTP adapters", async () => {
  await import("../../adapters/slack/start.js");
  await import("../../adapters/teams/index.js");
  await import("../../adapters/http/server.js");
});
const pino = (await import("pino")).default;
const config = await time("read the configuration", () => core.loadConfig());
const database = await time("open the database (PGlite data folder)", async () => {
  const db = await core.openDatabase(config.database, { migrate: false });
  await db.ping();
  return db;
});
await time("check migrations", () => database.migrate());
const scheduler = await time("start the job queue (pg-boss)", () => core.startScheduler(database, { tuning: core.tuningFrom(config.timers) }));
const rt = core.createRuntime({ db: database.db, clock: core.systemClock, config, logger: pino({ level: "silent" }), reminders: scheduler.queue });
const chat = new shell.ShellChat(() => {});
rt.ports.shell = chat;
await time("start timer workers and the deliverer", async () => {
  await scheduler.work(rt);
  rt.deliverer.start();
});
await time("list open incidents (shell start)", async () => {
  await core.openIncidentViews(rt, { actor: { kind: "system", name: "shell" } });
  await core.openIncidentViews(rt, { actor: { kind: "shell", userId: "you", name: "you" }, port: chat });
});
await rt.deliverer.stop();
await scheduler.stop();
await database.close();
process.stdout.write(`${JSON.stringify(steps)}\n`);
process.exit(0);
