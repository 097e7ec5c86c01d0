import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPglite, openPostgres, type Database } from "../../src/store/db.js";
import { effects, incidents, postedMessages } from "../../src/store/schema.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { type MainProcess, startMain, until } from "../support/main-process.js";
import { startFakeSlack, type FakeSlack } from "../slack/fake-slack.js";
import { SIGNING_SECRET, sign } from "../slack/harness.js";

/**
 * `kill -9` of a real `npm start` (Slack over HTTP, the Web API faked) in the middle of a declare,
 * then a restart on the same database: every effect is delivered exactly once, the channel the
 * dead process had just created is adopted (no `-2`), and a post Slack accepted before the
 * process could record it is recognised by its metadata and not made again.
 */
let fake: FakeSlack;
let server: TestDatabase | undefined;
let dataDir: string;

beforeAll(async () => {
  fake = await startFakeSlack();
  fake.addChannel("general");
  if (process.env.TEST_DATABASE_URL) server = await createTestDatabase();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "firebreak-kill-"));
});

afterAll(async () => {
  await fake.close();
  await server?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function env(port: number, database: Record<string, string>): Record<string, string> {
  return {
    ...database,
    SLACK_BOT_TOKEN: "xoxb-test-token",
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    PORT: String(port),
    // A dead process's claim lapses quickly, and retries come soon: the test waits less.
    FIREBREAK_DELIVERY_LEASE_SECONDS: "2",
    FIREBREAK_DELIVERY_POLL_SECONDS: "0.2",
    FIREBREAK_DELIVERY_BACKOFF_SECONDS: "0.2",
  };
}

async function started(port: number, database: Record<string, string>): Promise<MainProcess> {
  const main = startMain(env(port, database));
  await until(
    "the bot to answer /healthz",
    async () => {
      if (main.child.exitCode !== null) throw new Error(`npm start exited: ${main.stderr()}`);
      return fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok).catch(() => false);
    },
    120_000,
  );
  return main;
}

async function slash(port: number, text: string, triggerId: string) {
  const general = [...fake.channels.values()].find((c) => c.name === "general")!;
  const body = new URLSearchParams({ team_id: "T0TEAM", channel_id: general.id, channel_name: "general", user_id: "UALICE", user_name: "alice", command: "/incident", text, response_url: fake.responseUrl(), trigger_id: triggerId }).toString();
  const ts = Math.floor(Date.now() / 1000);
  const res = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "x-slack-request-timestamp": String(ts), "x-slack-signature": sign(body, ts) }, body });
  expect(res.status).toBe(200);
}

async function killHard(main: MainProcess): Promise<void> {
  main.child.kill("SIGKILL");
  await main.exited;
}

/** The database the children used, opened by the test once they are gone. */
async function openStore(): Promise<Database> {
  return server ? openPostgres(server.url!, { migrate: false }) : openPglite(dataDir, { migrate: false });
}

const postsIn = (channelId: string) => [...fake.messages.values()].filter((m) => m.channel === channelId);

describe("kill -9 in the middle of a declare, then a restart", () => {
  it("adopts the channel the dead process created and posts everything once, in order", async () => {
    const database: Record<string, string> = server ? { DATABASE_URL: server.url! } : { FIREBREAK_DATA_DIR: dataDir };
    const port = await freePort();
    let main = await started(port, database);

    // 1. Killed while Slack is creating the channel: Slack makes it, the process never hears.
    let release = fake.hold("conversations.create");
    await slash(port, "declare P1 prompt-injection Killed while creating the channel", "trigger.kill.1");
    await until("conversations.create to be under way", () => fake.waiting("conversations.create") > 0);
    await killHard(main);
    release();
    await until("Slack to have made the channel", () => [...fake.channels.values()].some((c) => c.name.endsWith("killed-while-creating-the-channel")));
    const first = [...fake.channels.values()].find((c) => c.name.endsWith("killed-while-creating-the-channel"))!;

    // 2. Restarted: it adopts that channel, then, killed again while Slack accepts a post it
    // never hears back about, restarted again: that post is recognised, not made twice.
    release = fake.hold("chat.postMessage");
    main = await started(port, database);
    await until("a post to be under way", () => fake.waiting("chat.postMessage") > 0, 120_000);
    await killHard(main);
    release();
    await until("Slack to have stored that post", () => postsIn(first.id).length > 0);
    main = await started(port, database);
    await until("all four opening messages", () => postsIn(first.id).length >= 4, 120_000);
    main.child.kill("SIGTERM");
    await main.exited;

    // One channel, not a `-2`; four messages, each delivery key once, the summary pinned once.
    expect([...fake.channels.values()].filter((c) => c.name.includes("killed-while-creating")).map((c) => c.name)).toEqual([first.name]);
    expect(fake.callsTo("conversations.create").filter((c) => String(c.args.name).includes("killed-while-creating"))).toHaveLength(1);
    const keys = postsIn(first.id).map((m) => String(m.metadata?.event_payload.key));
    expect(keys).toHaveLength(4);
    expect(new Set(keys).size).toBe(4);
    expect(postsIn(first.id).filter((m) => m.pinned)).toHaveLength(1);

    const store = await openStore();
    try {
      const [incident] = await store.db.select().from(incidents);
      expect(incident).toMatchObject({ spaceState: "ready", spaceName: first.name });
      expect(incident!.space!.id).toBe(first.id);
      const remembered = await store.db.select().from(postedMessages);
      expect(remembered.map((r) => r.purpose).sort()).toEqual(["checklist:scenario-prompt-injection", "phase:triage", "prompt:fh-0", "summary"]);
      const outbox = await store.db.select().from(effects);
      expect(outbox.filter((e) => e.status !== "done" && e.status !== "superseded")).toEqual([]);
      // The adopted channel and the recognised post say so in their results.
      expect(outbox.find((e) => e.kind === "space.open")!.result).toMatchObject({ adopted: true });
      expect(outbox.some((e) => e.kind === "post" && (e.result as { adopted?: boolean } | null)?.adopted === true)).toBe(true);
    } finally {
      await store.close();
    }
  }, 600_000);
});
