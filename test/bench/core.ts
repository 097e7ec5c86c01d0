/**
 * `npm run bench`: how fast the core turns commands into committed, logged, rendered changes.
 * Drives runCommand with the shell's chat port (output discarded) on the embedded database, and on
 * the Postgres server when BENCH_DATABASE_URL is set. Prints latency percentiles, throughput,
 * log-verification speed and memory. A measurement, not a test: nothing here passes or fails.
 */
import pino from "pino";
import { ShellChat } from "../../adapters/shell/shell-chat.js";
import { runCommand } from "../../src/app/run-command.js";
import type { Runtime } from "../../src/app/runtime.js";
import { systemClock } from "../../src/clock.js";
import { loadConfig } from "../../src/config.js";
import { type Database, openPglite, openPostgres } from "../../src/store/db.js";
import { verifyLog } from "../../src/store/log.js";

const INCIDENTS = Number(process.argv[2] ?? 50);
const COMMANDS_PER_INCIDENT = 10;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function bench(label: string, database: Database) {
  const chat = new ShellChat(() => {});
  const rt: Runtime = { db: database.db, clock: systemClock, config: loadConfig({}), logger: pino({ level: "silent" }), ports: { shell: chat } };
  const actor = { kind: "shell" as const, userId: "bench", name: "bench" };
  const general = chat.ensureChannel("general");
  const declares: number[] = [];
  const others: number[] = [];
  const started = performance.now();
  for (let i = 0; i < INCIDENTS; i++) {
    let t = performance.now();
    const out = await runCommand(rt, { actor, text: `declare P${(i % 4) + 1} prompt-injection Bench incident ${i}`, port: chat, space: general });
    declares.push(performance.now() - t);
    const space = out.space!;
    const script = ["assign tech-lead @bob", "assign comms-lead backup @erin", "check 1", "check 2 3", "note found it", "evidence s3://bucket/x", "severity P1", "status containment", "uncheck 2", "timeline"];
    for (const text of script.slice(0, COMMANDS_PER_INCIDENT)) {
      t = performance.now();
      await runCommand(rt, { actor, text, port: chat, space });
      others.push(performance.now() - t);
    }
  }
  const elapsed = (performance.now() - started) / 1000;
  declares.sort((a, b) => a - b);
  others.sort((a, b) => a - b);
  const t = performance.now();
  const verified = await verifyLog(rt.db);
  const verifyMs = performance.now() - t;
  const total = declares.length + others.length;
  console.log(`\n${label}`);
  console.log(`  declare (incident + channel + 16 messages): p50 ${percentile(declares, 50).toFixed(1)} ms, p99 ${percentile(declares, 99).toFixed(1)} ms`);
  console.log(`  other commands: p50 ${percentile(others, 50).toFixed(1)} ms, p99 ${percentile(others, 99).toFixed(1)} ms, max ${others.at(-1)!.toFixed(1)} ms`);
  console.log(`  throughput: ${(total / elapsed).toFixed(0)} commands/s (${total} commands, one at a time)`);
  console.log(`  verify: ${verified.rows} log rows in ${verifyMs.toFixed(0)} ms (${verified.ok ? "intact" : "BROKEN"})`);
  console.log(`  memory: rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB, heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`);
}

const embedded = await openPglite();
await bench(`embedded PGlite (in memory), ${INCIDENTS} incidents`, embedded);
await embedded.close();

const url = loadConfig({ DATABASE_URL: process.argv[3] }).database.url;
if (url) {
  const server = await openPostgres(url);
  await bench(`Postgres server, ${INCIDENTS} incidents`, server);
  await server.close();
}
