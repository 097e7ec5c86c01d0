import pino from "pino";
import type { Runtime } from "../src/app/runtime.js";
import { systemClock } from "../src/clock.js";
import { type Config, ConfigError, loadConfig } from "../src/config.js";
import type { SlackConfig } from "../src/config/slack.js";
import { type Database, openDatabase } from "../src/store/db.js";
import { createHttpApp, listen } from "./http/server.js";
import { runShell } from "./shell/run-shell.js";
import { ShellChat } from "./shell/shell-chat.js";
import { startSlack } from "./slack/start.js";

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
  const logger = pino({ level: config.logLevel }, pino.destination(2));
  const database = await openDatabase(config.database);
  try {
    if (config.slack) return await serveChat(database, config, config.slack, logger);
    const interactive = !!process.stdin.isTTY;
    const chat = new ShellChat((line) => process.stdout.write(`${line}\n`));
    const rt = { db: database.db, clock: systemClock, config, logger, ports: { shell: chat } };
    if (interactive) {
      process.stdout.write(`Database: ${database.kind === "pglite" ? `embedded (${config.database.dataDir})` : "Postgres server"}\n`);
    }
    await runShell(rt, chat, { input: process.stdin, output: process.stdout, user: config.shell.user, interactive });
    return 0;
  } finally {
    await database.close();
  }
}

/** Chat platforms share one HTTP server: `/healthz`, and `/slack/events` in Slack's HTTP mode. */
async function serveChat(database: Database, config: Config, slackConfig: SlackConfig, logger: pino.Logger): Promise<number> {
  const rt: Runtime = { db: database.db, clock: systemClock, config, logger, ports: {} };
  const httpApp = createHttpApp({ ping: () => database.ping() });
  const slack = await startSlack(rt, slackConfig, { httpApp, logger });
  const server = await listen(httpApp, slackConfig.port);
  const where = slackConfig.mode === "http" ? `POST ${server.url}/slack/events` : "Socket Mode (no public URL needed)";
  process.stderr.write(`Firebreak is serving Slack workspace ${slack.bot.team ?? ""} via ${where}; health at ${server.url}/healthz. Ctrl-C stops it.\n`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  process.stderr.write("Stopping: finishing the work in hand…\n");
  await server.close();
  await slack.stop();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`Firebreak stopped: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
