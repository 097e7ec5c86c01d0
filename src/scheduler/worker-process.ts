import pino from "pino";
import { systemClock } from "../clock.js";
import { ConfigError, loadConfig } from "../config.js";
import { openPostgres } from "../store/db.js";
import { startScheduler, tuningFrom } from "./scheduler.js";
import { redactingLogOptions } from "../security/log-redaction.js";

/**
 * A timers-only worker: fires due reminders against the Postgres server, with no chat platform
 * attached (posts are skipped; the log and reminder rows record every firing). Used to run extra
 * replicas, by the multi-process tests and by `npm run bench:timers`.
 *
 *   DATABASE_URL=postgres://… tsx src/scheduler/worker-process.ts [--slow-ms N] [--workers N]
 *
 * `--slow-ms` holds every job that long before firing it: it makes "killed mid-job" observable.
 * Prints `ready` on stdout once polling; stops cleanly on SIGTERM.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.database.url) throw new ConfigError(["DATABASE_URL must point at the Postgres server: a worker process cannot share the embedded database."]);
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? Number(process.argv[i + 1]) : undefined;
  };
  const slowMs = arg("--slow-ms") ?? 0;
  const workers = arg("--workers") ?? 3;
  const logger = pino({ ...redactingLogOptions, level: config.logLevel }, pino.destination(2));
  const database = await openPostgres(config.database.url, { max: 4 * workers + 2 });
  const scheduler = await startScheduler(database, { tuning: tuningFrom(config.timers) });
  const rt = { db: database.db, clock: systemClock, config, logger, ports: {}, reminders: scheduler.queue };
  await scheduler.work(rt, { workers, beforeFire: slowMs ? () => new Promise((r) => setTimeout(r, slowMs)) : undefined });
  process.stdout.write("ready\n");
  const stop = async () => {
    await scheduler.stop();
    await database.close();
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop());
  process.once("SIGINT", () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`timer worker stopped: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
