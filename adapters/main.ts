import pino from "pino";
import { type Config, createRuntime, type Database, loadConfig, openDatabase, plainMessage, redactingLogOptions, type Scheduler, startScheduler, systemClock, tuningFrom } from "../src/core.js";
import { runShell } from "./shell/run-shell.js";
import { ShellChat } from "./shell/shell-chat.js";
import { StartupError, type StartupSettings, startupFailureMessage, step } from "./startup.js";

/**
 * `npm start`: read the configuration, open the database, migrate it, start the job queue, then
 * serve the configured platforms — or, with no platform configured, the terminal. Each step has
 * a name, so a failed start says which step failed and why.
 */
async function main(): Promise<number> {
  const config = await step("reading the configuration", () => loadConfig());
  // Logs go to stderr so the shell's own output stays clean.
  const logger = pino({ ...redactingLogOptions, level: config.logLevel }, pino.destination(2));
  const settings: StartupSettings = { database: config.database.url ? { url: config.database.url } : { dataDir: config.database.dataDir } };
  const database = await step("opening the database", () => openAndPing(config), settings);
  let scheduler: Scheduler | undefined;
  try {
    await step("applying database migrations", () => database.migrate(), settings);
    // Timers (first-hour prompts, nudges, drills) run in every process, whatever the platform.
    scheduler = await step("starting the job queue", () => startScheduler(database, { tuning: tuningFrom(config.timers) }), settings);
    if (config.slack || config.teams) return await serveChat(database, scheduler, config, logger, settings);
    const interactive = !!process.stdin.isTTY;
    const chat = new ShellChat((line) => process.stdout.write(`${line}\n`), { fileDir: config.reports.dir });
    const rt = createRuntime({ db: database.db, clock: systemClock, config, logger, reminders: scheduler.queue });
    rt.ports.shell = chat;
    const queue = scheduler;
    await step("starting the timer workers", () => queue.work(rt), settings);
    rt.deliverer.start();
    if (interactive) {
      process.stdout.write(`Database: ${database.kind === "pglite" ? `embedded (${config.database.dataDir})` : "Postgres server"}\n`);
    }
    await runShell(rt, chat, { input: process.stdin, output: process.stdout, user: config.shell.user, interactive, colour: interactive && !!process.stdout.isTTY });
    await rt.deliverer.stop();
    return 0;
  } finally {
    await scheduler?.stop().catch((error: unknown) => logger.warn({ err: error }, "stopping the job queue failed"));
    await database.close().catch((error: unknown) => logger.warn({ err: error }, "closing the database failed"));
  }
}

/** Opens the database and makes sure it answers (a server's pool connects lazily otherwise). */
async function openAndPing(config: Config): Promise<Database> {
  const database = await openDatabase(config.database, { migrate: false });
  try {
    await database.ping();
    return database;
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
}

/**
 * Slack and Teams share one HTTP server and one runtime: `/healthz`, `/slack/events` (Slack's
 * HTTP mode) and `/api/messages` (Teams), so one process can serve both against one database.
 */
async function serveChat(database: Database, scheduler: Scheduler, config: Config, logger: pino.Logger, settings: StartupSettings): Promise<number> {
  // Each platform's SDK is loaded only when it is configured (the shell loads none: a faster start).
  const [{ createHttpApp, listen }, { mountDocuments }] = await Promise.all([import("./http/server.js"), import("./http/documents.js")]);
  const rt = createRuntime({ db: database.db, clock: systemClock, config, logger, reminders: scheduler.queue });
  const httpApp = createHttpApp({ ping: () => database.ping(), logger });
  // Documents Teams links to (reports, whole timelines); FIREBREAK_PUBLIC_URL names this server.
  mountDocuments(httpApp, rt);
  const slack = config.slack ? await step("connecting to Slack", async () => (await import("./slack/start.js")).startSlack(rt, config.slack!, { httpApp, logger })) : undefined;
  const teams = config.teams
    ? await step("starting Teams", async () => {
        const { createTeams, mountTeams } = await import("./teams/index.js");
        const parts = createTeams(config.teams!, logger);
        rt.ports.teams = parts.port;
        return mountTeams(httpApp, { rt, teams: parts });
      })
    : undefined;
  // Ports are in place: prompts, nudges and the outbox can reach every platform from here on.
  await step("starting the timer workers", () => scheduler.work(rt), settings);
  rt.deliverer.start();
  // PORT is shared; each platform's loader reads it with its own platform's customary default.
  const port = config.slack?.port ?? config.teams!.httpPort;
  const server = await step("listening for HTTP requests", () => listen(httpApp, port), { port });
  if (slack) {
    const where = config.slack!.mode === "http" ? `POST ${server.url}/slack/events` : "Socket Mode (no public URL needed)";
    process.stderr.write(`Firebreak is serving Slack workspace ${slack.bot.team ?? ""} via ${where}.\n`);
  }
  if (teams) process.stderr.write(`Firebreak is serving Teams at POST ${server.url}/api/messages.\n`);
  if (teams && config.teams!.setupNeeded) process.stderr.write(`Before the first Teams incident: ${config.teams!.setupNeeded}\n`);
  process.stderr.write(`Health at ${server.url}/healthz. Ctrl-C stops it.\n`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  process.stderr.write("Stopping: finishing the work in hand…\n");
  await server.close();
  await Promise.all([slack?.stop(), teams?.idle()]);
  await rt.deliverer.stop();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof StartupError) {
      process.stderr.write(`${startupFailureMessage(error)}\n`);
      process.exit(error.exitCode);
    }
    process.stderr.write(`Firebreak stopped: ${plainMessage(error)}\n`);
    process.exit(1);
  },
);
