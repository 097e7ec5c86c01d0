import pino from "pino";
import type { Runtime } from "../src/app/runtime.js";
import { systemClock } from "../src/clock.js";
import { type Config, ConfigError, loadConfig } from "../src/config.js";
import { type Scheduler, startScheduler, tuningFrom } from "../src/scheduler/scheduler.js";
import { type Database, openDatabase } from "../src/store/db.js";
import { createHttpApp, listen } from "./http/server.js";
import { runShell } from "./shell/run-shell.js";
import { ShellChat } from "./shell/shell-chat.js";
import { startSlack } from "./slack/start.js";
import { createTeams, mountTeams } from "./teams/index.js";
import { redactingLogOptions } from "../src/security/log-redaction.js";

/**
 * `npm start`: read the configuration, open the database (migrating it), then serve the
 * configured platforms — or, with no platform configured, the terminal.
 */
async function main(): Promise<number> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  // Logs go to stderr so the shell's own output stays clean.
  const logger = pino({ ...redactingLogOptions, level: config.logLevel }, pino.destination(2));
  const database = await openDatabase(config.database);
  // Timers (first-hour prompts, nudges, drills) run in every process, whatever the platform.
  const scheduler = await startScheduler(database, { tuning: tuningFrom(config.timers) });
  try {
    if (config.slack || config.teams) return await serveChat(database, scheduler, config, logger);
    const interactive = !!process.stdin.isTTY;
    const chat = new ShellChat((line) => process.stdout.write(`${line}\n`));
    const rt: Runtime = { db: database.db, clock: systemClock, config, logger, ports: { shell: chat }, reminders: scheduler.queue };
    await scheduler.work(rt);
    if (interactive) {
      process.stdout.write(`Database: ${database.kind === "pglite" ? `embedded (${config.database.dataDir})` : "Postgres server"}\n`);
    }
    await runShell(rt, chat, { input: process.stdin, output: process.stdout, user: config.shell.user, interactive });
    return 0;
  } finally {
    await scheduler.stop();
    await database.close();
  }
}

/**
 * Slack and Teams share one HTTP server and one runtime: `/healthz`, `/slack/events` (Slack's
 * HTTP mode) and `/api/messages` (Teams), so one process can serve both against one database.
 */
async function serveChat(database: Database, scheduler: Scheduler, config: Config, logger: pino.Logger): Promise<number> {
  const rt: Runtime = { db: database.db, clock: systemClock, config, logger, ports: {}, reminders: scheduler.queue };
  const httpApp = createHttpApp({ ping: () => database.ping() });
  const slack = config.slack ? await startSlack(rt, config.slack, { httpApp, logger }) : undefined;
  const teamsParts = config.teams ? createTeams(config.teams, logger) : undefined;
  if (teamsParts) rt.ports.teams = teamsParts.port;
  const teams = teamsParts ? mountTeams(httpApp, { rt, teams: teamsParts }) : undefined;
  // Ports are in place: prompts and nudges can reach every platform from here on.
  await scheduler.work(rt);
  // PORT is shared; each platform's loader reads it with its own platform's customary default.
  const server = await listen(httpApp, config.slack?.port ?? config.teams!.httpPort);
  if (slack) {
    const where = config.slack!.mode === "http" ? `POST ${server.url}/slack/events` : "Socket Mode (no public URL needed)";
    process.stderr.write(`Firebreak is serving Slack workspace ${slack.bot.team ?? ""} via ${where}.\n`);
  }
  if (teams) process.stderr.write(`Firebreak is serving Teams at POST ${server.url}/api/messages.\n`);
  process.stderr.write(`Health at ${server.url}/healthz. Ctrl-C stops it.\n`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  process.stderr.write("Stopping: finishing the work in hand…\n");
  await server.close();
  await Promise.all([slack?.stop(), teams?.idle()]);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`Firebreak stopped: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
