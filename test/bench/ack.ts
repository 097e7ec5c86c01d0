import { randomBytes } from "node:crypto";
import os from "node:os";
import { cpuSeconds, memoryOf, type RunningApp, startBareBolt, startFirebreak } from "./support/apps.js";
import { type BenchRow, median, mib, ms, numberOption, option, spread, writeOut } from "./support/report.js";
import { fireSlashCommands, type LoadFigures } from "./support/slack-load.js";
import { type SlowSlack, startSlowSlack } from "./support/slow-slack.js";
import { adminQuery } from "../support/database.js";

/**
 * `npx tsx test/bench/ack.ts [--out f.json] [--rounds 3] [--helps 500] [--declares 200]
 * [--connections 50] [--delay-ms 50] [--database-url postgres://…] [--bare-receiver express|http] [--verbose]`
 *
 * How fast Firebreak acknowledges slash commands, next to a bare Bolt app that only acks. Both
 * run as child processes, their Web API a fake answering after 50 ms in a third; autocannon fires
 * signed `/incident help` and `/incident declare P2 prompt-injection Bench <n>` requests with 50
 * connections. Rounds interleave the two apps (alternating who goes first); after each Firebreak
 * run the bench waits until its after-ack work and outbox have drained (every command answered
 * and the fake quiet) before the next run. Figures are medians over rounds.
 */
const ROUNDS = numberOption("rounds", 3);
const HELPS = numberOption("helps", 500);
const DECLARES = numberOption("declares", 200);
const CONNECTIONS = numberOption("connections", 50);
const DELAY_MS = numberOption("delay-ms", 50);
const DATABASE_URL = option("database-url");
const VERBOSE = process.argv.includes("--verbose");
const BARE_RECEIVER = option("bare-receiver", "express") === "http" ? "http" : "express";
/** The fake must see no call for this long (longer than the outbox's 1 s poll) to call it drained. */
const QUIET_MS = 1500;
const DRAIN_LIMIT_MS = 120_000;
const WARM_DECLARES = 20;

const SECRET = randomBytes(16).toString("hex");
const COMMANDS = {
  help: { label: "`/incident help`", text: () => "help", amount: HELPS },
  declare: { label: "`/incident declare …`", text: (n: number) => `declare P2 prompt-injection Bench ${n}`, amount: DECLARES },
} as const;
type Command = keyof typeof COMMANDS;

const sleep = (msecs: number) => new Promise((r) => setTimeout(r, msecs));

/**
 * What Firebreak still owes for the commands sent to it: an answer (through the response URL) for
 * each one it ran, and an incident channel for each declare it ran. Busy acks owe nothing.
 */
const owed = { answers: 0, channels: 0 };

/**
 * Waits until Firebreak has answered every command it ran, created every channel its declares
 * asked for, and the fake has then seen no call for QUIET_MS (the rest of each channel's setup
 * follows its creation without pause). Returns how long after the run the last call came.
 */
async function drain(slack: SlowSlack, pid: number): Promise<{ ms: number; complete: boolean; state: string }> {
  const started = Date.now();
  let last = await slack.stats();
  let quietSince = Date.now();
  let complete = false;
  while (Date.now() - started < DRAIN_LIMIT_MS) {
    await sleep(250);
    const now = await slack.stats();
    if (now.calls !== last.calls || now.responses !== last.responses) quietSince = Date.now();
    last = now;
    // A busy answer through the response URL means that command made no channel.
    complete = now.responses >= owed.answers && now.channels >= owed.channels - now.busy;
    if (VERBOSE && (Date.now() - started) % 5000 < 250) console.log(`  draining ${((Date.now() - started) / 1000).toFixed(0)} s: ${now.calls} calls, ${now.responses}/${owed.answers} answers, ${now.channels}/${owed.channels} channels, Firebreak CPU ${cpuSeconds(pid).toFixed(1)} s`);
    if (complete && Date.now() - quietSince >= QUIET_MS) break;
  }
  await slack.forget();
  const state = `${last.responses} of ${owed.answers} answers, ${last.channels} of ${owed.channels} channels (${last.busy} busy)`;
  return { ms: Math.max(0, quietSince - started), complete, state };
}


/** A fresh scratch database on the server DATABASE_URL names; dropped at the end. */
async function scratchDatabase(server: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `fb_bench_ack_${randomBytes(4).toString("hex")}`;
  await adminQuery(server, `create database ${name}`);
  const u = new URL(server);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => adminQuery(server, `drop database if exists ${name} with (force)`) };
}

async function main() {
  const t0 = Date.now();
  const slack = await startSlowSlack(DELAY_MS);
  const scratch = DATABASE_URL ? await scratchDatabase(DATABASE_URL) : undefined;
  const apps: RunningApp[] = [];
  try {
    const logFile = option("out") ? option("out")!.replace(/\.json$/, "") + "-firebreak.log" : undefined;
    const fb = await startFirebreak({ apiUrl: slack.apiUrl, signingSecret: SECRET, databaseUrl: scratch?.url, logFile });
    apps.push(fb);
    const bare = await startBareBolt({ apiUrl: slack.apiUrl, signingSecret: SECRET, receiver: BARE_RECEIVER });
    apps.push(bare);
    console.log(`started in ${((Date.now() - t0) / 1000).toFixed(1)} s: Firebreak pid ${fb.pid} (${scratch ? "Postgres server" : "embedded database"}), bare Bolt pid ${bare.pid} (${BARE_RECEIVER} receiver), fake Slack ${slack.url} answering after ${DELAY_MS} ms`);

    let busyAcks = 0;
    const fire = async (app: RunningApp, command: Command, amount: number) => {
      const spec = COMMANDS[command];
      const figures = await fireSlashCommands({ url: app.url, signingSecret: SECRET, text: spec.text, channel: slack.general, responseBase: `${slack.url}/respond/`, amount, connections: CONNECTIONS });
      if (app === fb) {
        // Everything sent is owed, timed-out requests too: Firebreak still runs them.
        const ran = amount - figures.busy;
        owed.answers += ran;
        if (command === "declare") owed.channels += ran;
        busyAcks += figures.busy;
      }
      return figures;
    };

    // Warm-up (not measured): JIT, connection pools, the declare path and the database once.
    await fire(bare, "help", 200);
    await fire(fb, "help", 200);
    await fire(fb, "declare", WARM_DECLARES);
    await drain(slack, fb.pid);

    const samples = new Map<string, LoadFigures[]>();
    const drains: number[] = [];
    let incomplete = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const command of ["help", "declare"] as const) {
        const order = round % 2 === 0 ? [fb, bare] : [bare, fb];
        for (const app of order) {
          const figures = await fire(app, command, COMMANDS[command].amount);
          const key = `${app.name}:${command}`;
          samples.set(key, [...(samples.get(key) ?? []), figures]);
          let after = "";
          if (app === fb) {
            const drained = await drain(slack, fb.pid);
            if (command === "declare") drains.push(drained.ms);
            if (!drained.complete) incomplete++;
            after = `; drained in ${(drained.ms / 1000).toFixed(1)} s${drained.complete ? "" : ` (INCOMPLETE: gave up waiting with ${drained.state})`}`;
          } else {
            await sleep(500);
          }
          console.log(`round ${round + 1} ${app.name.padEnd(9)} ${command.padEnd(7)} p50 ${ms(figures.p50)} p99 ${ms(figures.p99)} max ${ms(figures.max)} ${figures.rps.toFixed(0)} req/s${figures.late ? `, ${figures.late} after 3 s` : ""}${figures.failures ? `, ${figures.failures} failed` : ""}${after}`);
        }
      }
    }
    const fbMemory = memoryOf(fb.pid);
    const bareMemory = memoryOf(bare.pid);
    const stats = await slack.stats();
    const declaresSent = DECLARES * ROUNDS + WARM_DECLARES;
    const warnings = fb.warnings;

    const rows: BenchRow[] = [];
    const med = (key: string, pick: (f: LoadFigures) => number) => median((samples.get(key) ?? []).map(pick));
    const all = (key: string, pick: (f: LoadFigures) => number) => (samples.get(key) ?? []).map(pick);
    const sum = (key: string, pick: (f: LoadFigures) => number) => all(key, pick).reduce((a, b) => a + b, 0);
    for (const command of ["help", "declare"] as const) {
      const { label } = COMMANDS[command];
      for (const name of [fb.name, bare.name]) {
        const key = `${name}:${command}`;
        rows.push({
          figure: `${label} ack p50 / p99 / max, ${name}`,
          value: `${ms(med(key, (f) => f.p50))} / ${ms(med(key, (f) => f.p99))} / ${ms(med(key, (f) => f.max))}`,
          target: "—",
          note: `p99 per round ${spread(all(key, (f) => f.p99))} ms; ${med(key, (f) => f.rps).toFixed(0)} req/s (rounds ${spread(all(key, (f) => f.rps))}); ${sum(key, (f) => f.late)} of ${sum(key, (f) => f.requests)} acks after Slack's 3 s${sum(key, (f) => f.failures) ? `; ${sum(key, (f) => f.failures)} failed requests` : ""}`,
        });
      }
      const ratio = med(`${fb.name}:${command}`, (f) => f.p99) / med(`${bare.name}:${command}`, (f) => f.p99);
      const fbKey = `${fb.name}:${command}`;
      rows.push({ figure: `${label} acks after Slack's 3 s, Firebreak`, value: `${sum(fbKey, (f) => f.late)} of ${sum(fbKey, (f) => f.requests)}`, target: "0", note: "Slack shows the person an error for these (\"operation_timeout\")" });
      rows.push({ figure: `${label} ack p99, Firebreak ÷ bare`, value: `${ratio.toFixed(2)}×`, target: "≤ 1.3×", note: ratio <= 1.3 ? "met" : "missed" });
    }
    const throughput = med(`${fb.name}:declare`, (f) => f.rps) / med(`${bare.name}:declare`, (f) => f.rps);
    rows.push({ figure: "declare throughput, Firebreak ÷ bare", value: `${throughput.toFixed(2)}×`, target: "≥ 0.6×", note: `${throughput >= 0.6 ? "met" : "missed"}: ${med(`${fb.name}:declare`, (f) => f.rps).toFixed(0)} vs ${med(`${bare.name}:declare`, (f) => f.rps).toFixed(0)} req/s` });
    rows.push({ figure: `after-ack drain of ${DECLARES} declares`, value: `${(median(drains) / 1000).toFixed(1)} s`, target: "—", note: `from the end of the run until every command was answered and the Web API quiet; rounds ${spread(drains.map((d) => d / 1000), 1)} s` });
    rows.push({ figure: "declares that made an incident channel", value: `${stats.channels} of ${declaresSent}`, target: "all not refused as busy", note: `${busyAcks} busy acks, ${stats.busy} busy answers; ${stats.responses} answers to ${owed.answers} commands run; ${warnings} warnings in Firebreak's log${incomplete ? `; ${incomplete} drains gave up after ${DRAIN_LIMIT_MS / 1000} s` : ""}` });
    rows.push({ figure: `Firebreak RSS after ${declaresSent} declares (drained)`, value: mib(fbMemory.rss), target: "—", note: `peak ${mib(fbMemory.peak ?? Number.NaN)}; ${scratch ? "Postgres server" : "embedded PGlite"}; bare Bolt ${mib(bareMemory.rss)}` });

    const method = `Firebreak started as \`npm start\` runs it (node adapters/start.mjs: adapters/main.ts bundled by esbuild, Slack in HTTP mode, a fresh ${scratch ? "database on the Postgres server" : "embedded PGlite database in a temporary folder"}) and a bare Bolt app (the same @slack/bolt, ${BARE_RECEIVER === "express" ? "the ExpressReceiver configured as Firebreak's" : "its default HTTPReceiver"}, registering \`/incident\` and only acking), each its own process; both reach a fake Slack Web API (test/slack/fake-slack.ts, a third process) that answers every call after ${DELAY_MS} ms. autocannon (same machine, ${CONNECTIONS} connections) sends ${HELPS} \`/incident help\` and ${DECLARES} \`/incident declare P2 prompt-injection Bench <n>\` requests per app per round, each a form body signed with the signing secret (x-slack-signature, x-slack-request-timestamp) with a unique trigger_id and response_url. Latency is autocannon's request-to-ack time; req/s is completed requests over the run's duration. ${ROUNDS} rounds, the apps interleaved (alternating which goes first); after each Firebreak run the bench waits until Firebreak has answered every command it ran and created the channel of every declare, and the fake has then seen no call for ${QUIET_MS / 1000} s, so its after-ack work does not spill into the next run. A warm-up (200 help each, ${WARM_DECLARES} declares to Firebreak) comes first and is not counted. Figures are medians over rounds; the note gives the spread between rounds. RSS is /proc VmRSS (peak VmHWM) of the Firebreak process after the last drain. Total ${((Date.now() - t0) / 1000).toFixed(0)} s on ${os.cpus().length} cores.`;
    for (const row of rows) console.log(`${row.figure}: ${row.value}  [target ${row.target}] ${row.note}`);
    writeOut({ title: `Slash-command acks: Firebreak next to a bare Bolt app, ${scratch ? "on the Postgres server" : "on the embedded database"}`, rows, method });
  } finally {
    for (const app of apps.reverse()) await app.stop();
    await slack.stop();
    await scratch?.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
