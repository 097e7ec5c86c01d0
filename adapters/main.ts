import pino from "pino";
import { systemClock } from "../src/clock.js";
import { ConfigError, loadConfig } from "../src/config.js";
import { startScheduler, tuningFrom } from "../src/scheduler/scheduler.js";
import { openDatabase } from "../src/store/db.js";
import { runShell } from "./shell/run-shell.js";
import { ShellChat } from "./shell/shell-chat.js";

/**
 * `npm start`: read the configuration, open the database (migrating it), then serve the
 * configured platforms — or, with no platform configured, the terminal.
 */
async function main(): Promise<number> {
  let config;
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
  // Timers (first-hour prompts, nudges, drills) run in every process, whatever the platform.
  const scheduler = await startScheduler(database, { tuning: tuningFrom(config.timers) });
  try {
    const interactive = !!process.stdin.isTTY;
    const chat = new ShellChat((line) => process.stdout.write(`${line}\n`));
    const rt = { db: database.db, clock: systemClock, config, logger, ports: { shell: chat }, reminders: scheduler.queue };
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

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`Firebreak stopped: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
