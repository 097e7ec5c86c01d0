import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpApp, listen, type RunningServer } from "../../adapters/http/server.js";
import { createRuntime } from "../../src/app/create-runtime.js";
import { runCommand } from "../../src/app/run-command.js";
import { ManualClock } from "../../src/clock.js";
import { loadConfig } from "../../src/config.js";
import { type Database, openPostgres } from "../../src/store/db.js";
import { effects, incidentLog } from "../../src/store/schema.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { shellActor } from "../support/runtime.js";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy.js";
import { RecordingChat } from "../timers/harness.js";

/**
 * The database goes away mid-incident (a proxy in front of the server drops every connection and
 * refuses new ones), then comes back. People get a plain sentence, never SQL; /healthz says
 * "unreachable"; what was committed before the outage is delivered after it, once; nothing needs
 * a restart.
 */
let scratch: TestDatabase;
let proxy: TcpProxy;
let database: Database;
let http: RunningServer;

beforeAll(async () => {
  scratch = await createTestDatabase();
  const url = new URL(scratch.url!);
  proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  url.host = `127.0.0.1:${proxy.port}`;
  database = await openPostgres(url.toString(), { migrate: false, max: 4 });
  http = await listen(createHttpApp({ ping: () => database.ping(), healthTimeoutMs: 2000 }), 0, "127.0.0.1");
});

afterAll(async () => {
  await http?.close();
  await database?.close().catch(() => {});
  await proxy?.close();
  await scratch?.close();
});

describe("a database outage (server behind a proxy)", () => {
  it("says so plainly, shows no SQL, recovers without a restart and loses nothing", async () => {
    const chat = new RecordingChat();
    const logLines: string[] = [];
    const rt = createRuntime({
      db: database.db,
      clock: new ManualClock("2026-11-25T14:00:00Z"),
      config: loadConfig({ FIREBREAK_DELIVERY_BACKOFF_SECONDS: "0" }, "/tmp"),
      logger: pino({ level: "warn" }, { write: (line: string) => void logLines.push(line) }),
    });
    rt.ports.shell = chat;
    const declared = await runCommand(rt, { actor: shellActor("alice"), text: "declare P1 Database outage drill", port: chat });
    await rt.deliverer.drain();
    const space = declared.incident!.space!;
    // Committed just before the outage, not delivered yet (the deliverer is busy elsewhere).
    const poke = rt.deliverer.poke.bind(rt.deliverer);
    rt.deliverer.poke = () => {};
    await runCommand(rt, { actor: shellActor("alice"), text: "update Committed before the outage", port: chat, space });
    rt.deliverer.poke = poke;

    await proxy.cut();
    const during = await runCommand(rt, { actor: shellActor("bob"), text: "note typed during the outage", port: chat, space });
    expect(during.ok).toBe(false);
    const said = JSON.stringify(during.reply);
    expect(said).toContain("Firebreak can't reach its database right now — nothing was recorded.");
    expect(said).not.toMatch(/select|insert|Failed query|ECONN|params/i);
    const health = await fetch(`${http.url}/healthz`);
    expect(health.status).toBe(503);
    const body = await health.text();
    expect(JSON.parse(body)).toMatchObject({ ok: false, database: "unreachable" });
    expect(body).not.toMatch(/select|ECONN|5432/i);
    // Delivery fails quietly (logged) and holds everything in the outbox.
    await rt.deliverer.drain();
    expect(chat.texts().some((t) => t.includes("Committed before the outage"))).toBe(false);
    expect(logLines.join("\n")).toMatch(/could not deliver chat effects|command failed/);

    await proxy.restore();
    const after = await runCommand(rt, { actor: shellActor("bob"), text: "note typed after the outage", port: chat, space });
    expect(after.ok).toBe(true);
    await rt.deliverer.drain();
    expect((await fetch(`${http.url}/healthz`)).status).toBe(200);
    const texts = chat.texts();
    expect(texts.filter((t) => t.includes("Committed before the outage"))).toHaveLength(1);
    expect(texts.filter((t) => t.includes("typed after the outage"))).toHaveLength(1);
    expect(texts.some((t) => t.includes("typed during the outage"))).toBe(false);
    const outbox = await database.db.select().from(effects);
    expect(outbox.filter((e) => e.status === "pending" || e.status === "failed")).toEqual([]);
    const notes = (await database.db.select().from(incidentLog).orderBy(incidentLog.seq)).filter((r) => r.kind === "note");
    expect(notes.map((r) => r.payload.text)).toEqual(["typed after the outage"]);
  });
});
