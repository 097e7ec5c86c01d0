/**
 * `npx tsx test/bench/round-trips.ts [--out file.json] [--rounds 5] [--delay 50] [--db postgres://…]`
 *
 * How many sequential Web API round trips a Slack declare takes, and how many SQL statements each
 * command costs. A real declare goes through the real Bolt receiver (signed HTTP) against the fake
 * Slack (test/slack/fake-slack.ts) answering every call after `--delay` ms. From each call's
 * arrival and answer times each call gets a wave: one more than the latest wave answered before it
 * arrived (the longest chain of calls each sent after the one before was answered). SQL is
 * counted through a drizzle logger (begin/commit left out; transactions counted apart), split
 * into the command's own path (ack → reply) and the outbox delivering what it queued. Embedded
 * PGlite in memory unless `--db` (or BENCH_DATABASE_URL) names a Postgres server: then a scratch
 * database is created there and dropped afterwards.
 * A measurement, not a test.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { createHmac } from "node:crypto";
import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import type { Logger as DrizzleLogger } from "drizzle-orm";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import pino from "pino";
import { createHttpApp, listen } from "../../adapters/http/server.js";
import { startSlack } from "../../adapters/slack/start.js";
import { createRuntime } from "../../src/app/create-runtime.js";
import { systemClock } from "../../src/clock.js";
import { loadConfig } from "../../src/config.js";
import { type Db, MIGRATIONS_FOLDER } from "../../src/store/db.js";
import * as schema from "../../src/store/schema.js";
import { type FakeCall, type FakeResponse, startFakeSlack, TEAM } from "../slack/fake-slack.js";

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const ROUNDS = Number(arg("rounds") ?? 5);
const DELAY_MS = Number(arg("delay") ?? 50);
const OUT = arg("out");
const DB_URL = arg("db") ?? process.env.BENCH_DATABASE_URL;
/** `--trace`: print every statement as it is sent. */
const TRACE = args.includes("--trace");
const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

// ---- SQL counting: every statement drizzle sends, attributed to the command or to delivery ----
const who = new AsyncLocalStorage<"delivery">();
const counts = { command: 0, delivery: 0, transactions: 0 };
const counter: DrizzleLogger = {
  logQuery(query) {
    const q = query.trim().toLowerCase();
    if (q.startsWith("begin")) counts.transactions++;
    if (/^(begin|commit|rollback|savepoint|release)\b/.test(q)) return;
    counts[who.getStore() ?? "command"]++;
    if (TRACE) console.log(`  sql[${who.getStore() ?? "command"}] ${q.replace(/\s+/g, " ").slice(0, 160)}`);
  },
};

async function openDatabase(): Promise<{ db: Db; kind: string; close(): Promise<void> }> {
  if (DB_URL) {
    // A scratch database on that server, dropped afterwards: every run starts empty.
    const name = `fb_round_trips_${process.pid}`;
    const admin = async (text: string) => {
      const client = new pg.Client({ connectionString: DB_URL });
      await client.connect();
      await client.query(text).finally(() => client.end());
    };
    await admin(`create database ${name}`);
    const url = new URL(DB_URL);
    url.pathname = `/${name}`;
    const pool = new pg.Pool({ connectionString: url.toString(), max: 10 });
    await migratePg(drizzlePg(pool), { migrationsFolder: MIGRATIONS_FOLDER });
    return {
      db: drizzlePg(pool, { schema, logger: counter }) as unknown as Db,
      kind: "the Postgres server",
      close: async () => {
        await pool.end();
        await admin(`drop database if exists ${name} with (force)`);
      },
    };
  }
  const client = new PGlite();
  await client.waitReady;
  await migratePglite(drizzlePglite(client), { migrationsFolder: MIGRATIONS_FOLDER });
  // PGlite opens transactions itself (drizzle logs no BEGIN there): count them here.
  const transaction = client.transaction.bind(client);
  client.transaction = ((fn: Parameters<typeof transaction>[0]) => {
    counts.transactions++;
    return transaction(fn);
  }) as typeof client.transaction;
  return { db: drizzlePglite(client, { schema, logger: counter }) as unknown as Db, kind: "embedded PGlite (in memory)", close: () => client.close() };
}

interface Timed {
  at: number;
  answeredAt?: number;
  label: string;
}

/**
 * The wave of each call: 1 + the wave of the latest-waved call answered before it arrived, i.e.
 * the longest chain of calls each sent only after the one before it was answered. Calls that go
 * out together share a wave; a call that had to wait for an answer is one wave later.
 */
function waves(events: Timed[]): Map<Timed, number> {
  const sorted = [...events].sort((a, b) => a.at - b.at);
  const out = new Map<Timed, number>();
  for (const e of sorted) {
    const before = sorted.filter((p) => p !== e && p.answeredAt !== undefined && p.answeredAt <= e.at);
    out.set(e, 1 + Math.max(0, ...before.map((p) => out.get(p) ?? 0)));
  }
  return out;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

async function main() {
  const database = await openDatabase();
  const config = loadConfig({ FIREBREAK_DELIVERY_BACKOFF_SECONDS: "0", LOG_LEVEL: "silent" }, "/tmp");
  const rt = createRuntime({ db: database.db, clock: systemClock, config, logger: pino({ level: "silent" }) });
  // Whatever the outbox does runs in the "delivery" context, so its statements are told apart.
  const deliverer = rt.deliverer;
  const poke = deliverer.poke.bind(deliverer);
  const drain = deliverer.drain.bind(deliverer);
  deliverer.poke = () => who.run("delivery", poke);
  deliverer.drain = () => who.run("delivery", drain);

  const fake = await startFakeSlack();
  const general = fake.addChannel("general");
  fake.addChannel("incidents");
  const httpApp = createHttpApp({ ping: async () => {} });
  const slack = await startSlack(rt, { mode: "http", botToken: "xoxb-test-token", signingSecret: SECRET, port: 0, apiUrl: fake.apiUrl, announceChannel: "#incidents" }, { httpApp, logger: pino({ level: "silent" }), retryConfig: { retries: 0 } });
  const server = await listen(httpApp, 0, "127.0.0.1");
  let trigger = 0;

  /** One slash command, signed like Slack; resolves when its work and its deliveries are done. */
  async function slash(text: string, channel: { id: string; name: string }) {
    const body = new URLSearchParams({
      token: "x", team_id: TEAM, team_domain: "acme", channel_id: channel.id, channel_name: channel.name, user_id: "UALICE", user_name: "alice",
      command: "/incident", text, api_app_id: "A0FIREBREAK", response_url: fake.responseUrl(), trigger_id: `bench.${process.pid}.${++trigger}`,
    }).toString();
    const ts = Math.floor(Date.now() / 1000);
    const started = performance.now();
    counts.command = counts.delivery = counts.transactions = 0;
    const res = await fetch(`${server.url}/slack/events`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-slack-request-timestamp": String(ts), "x-slack-signature": `v0=${createHmac("sha256", SECRET).update(`v0:${ts}:${body}`).digest("hex")}` },
      body,
    });
    if (res.status !== 200) throw new Error(`Slack request answered ${res.status}`);
    // The command's work, then whatever is still deliverable (normally nothing by then).
    while (slack.work.started < trigger) await new Promise((r) => setImmediate(r));
    await slack.idle();
    const sql = { ...counts };
    await deliverer.drain();
    sql.transactions = counts.transactions;
    // The drain itself asks once whether anything is left; more than that is the command's due.
    if (counts.delivery - sql.delivery > 1) sql.delivery = counts.delivery - 1;
    return { started, sql };
  }

  type Round = { channelReady: number; reply: number; calls: number; waveCount: number; ms: number; sql: Record<string, typeof counts> };
  const rounds: Round[] = [];
  // Round 0 warms up (first queries planned, code compiled) and is not counted.
  for (let r = 0; r <= ROUNDS; r++) {
    fake.calls.length = 0;
    fake.responses.length = 0;
    fake.delayMs = DELAY_MS;
    const declared = await slash(`declare P1 prompt-injection Round ${r} support bot leaks its prompt`, general);
    const calls = fake.calls.filter((c) => c.at >= declared.started);
    const reply = fake.responses.filter((x) => x.at >= declared.started);
    const created = calls.find((c) => c.method === "conversations.create");
    const channelId = fake.channels.get([...fake.channels.keys()].at(-1)!)!.id;
    const events: (Timed & { call?: FakeCall; response?: FakeResponse })[] = [
      ...calls.map((c) => ({ at: c.at, answeredAt: c.answeredAt, label: c.method, call: c })),
      ...reply.map((x) => ({ at: x.at, answeredAt: x.answeredAt, label: "response_url", response: x })),
    ];
    const wave = waves(events);
    const inChannel = events.filter((e) => e.call && (e.call === created || e.call.args.channel === channelId));
    const last = (list: Timed[]) => Math.max(0, ...list.map((e) => wave.get(e)!));
    const endMs = Math.max(...events.map((e) => e.answeredAt ?? e.at)) - declared.started;
    const round: Round = { channelReady: last(inChannel), reply: last(events.filter((e) => e.response)), calls: calls.length, waveCount: last(events), ms: endMs, sql: { declare: declared.sql } };
    if (r === ROUNDS) {
      console.log(`declare, last round, ${DELAY_MS} ms per call (wave: call):`);
      for (const e of [...events].sort((a, b) => a.at - b.at)) console.log(`  ${wave.get(e)}: ${e.label}${e.call?.args.channel && e.call.args.channel !== channelId ? ` (${e.call.args.channel})` : ""} +${(e.at - declared.started).toFixed(0)}–${((e.answeredAt ?? e.at) - declared.started).toFixed(0)} ms`);
    }
    // The other commands, in the new channel, with no delay (their SQL is what is counted).
    fake.delayMs = 0;
    const channel = { id: channelId, name: fake.channels.get(channelId)!.name };
    for (const [name, text] of [["check", "check 1"], ["note", "note found the leaking prompt"], ["severity", "severity P2"], ["help", "help"]] as const) {
      round.sql[name] = (await slash(text, channel)).sql;
    }
    if (r > 0) rounds.push(round);
  }

  const m = (f: (r: Round) => number) => median(rounds.map(f));
  const spread = (f: (r: Round) => number) => {
    const v = rounds.map(f);
    return Math.min(...v) === Math.max(...v) ? "same every round" : `range ${Math.min(...v)}–${Math.max(...v)}`;
  };
  const rows = [
    { figure: "declare: sequential Web API waves until the channel is ready", value: String(m((r) => r.channelReady)), target: "≤ 6", note: spread((r) => r.channelReady) },
    { figure: "declare: wave of the declarer's reply (response_url)", value: String(m((r) => r.reply)), target: "right after the channel exists (2)", note: spread((r) => r.reply) },
    { figure: "declare: Web API calls in all", value: String(m((r) => r.calls)), target: "—", note: `${m((r) => r.waveCount)} waves in all, incl. the announcement; ${spread((r) => r.calls)}` },
    { figure: `declare: request → last call answered at ${DELAY_MS} ms per call`, value: `${m((r) => r.ms).toFixed(0)} ms`, target: "—", note: `median of ${ROUNDS}; range ${Math.min(...rounds.map((r) => r.ms)).toFixed(0)}–${Math.max(...rounds.map((r) => r.ms)).toFixed(0)} ms` },
    ...["declare", "check", "note", "severity", "help"].map((name) => ({
      figure: `SQL statements: ${name}`,
      value: `${m((r) => r.sql[name]!.command)} + ${m((r) => r.sql[name]!.delivery)}`,
      target: "no avoidable round trips",
      note: `command path + outbox delivery; ${m((r) => r.sql[name]!.transactions)} transactions (begin/commit not counted); ${spread((r) => r.sql[name]!.command + r.sql[name]!.delivery)}`,
    })),
  ];
  for (const row of rows) console.log(`${row.figure}: ${row.value} (target ${row.target}; ${row.note})`);
  if (OUT) {
    const method = `A real /incident declare is POSTed, signed, to the real Bolt ExpressReceiver; the Web API is the fake Slack on loopback answering each call (and the response_url) after ${DELAY_MS} ms. Each call's wave comes from arrival and answer times: one more than the highest wave among calls answered before it arrived, i.e. the longest chain of calls each sent only after the previous one was answered (so calls sent together share a wave). On a loaded machine a call can start late enough to look dependent, which can only raise a wave; a larger --delay makes that less likely. "Channel ready" is the wave of the last call into the new channel (create, topic, invite, posts, pin); the announcement goes elsewhere and is counted in the total only. SQL statements are counted with a drizzle logger on ${database.kind}, begin/commit excluded, split into the command's path and the outbox's delivery (by async context). Median of ${ROUNDS} rounds after one warm-up round; waves and counts are structural, so rounds agree unless noted.`;
    fs.writeFileSync(OUT, JSON.stringify({ title: "Declare round trips and SQL statements per command", rows, method }, null, 2));
  }
  await server.close();
  await slack.stop();
  await fake.close();
  await database.close();
}

await main();
