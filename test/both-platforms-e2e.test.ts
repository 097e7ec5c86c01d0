import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPglite, type Database } from "../src/store/db.js";
import { incidentLog, incidents } from "../src/store/schema.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { sign } from "./slack/harness.js";
import { startFakeSlack, TEAM, type FakeSlack } from "./slack/fake-slack.js";
import { FakeTeams } from "./teams/support/fake-teams.js";
import { mentionMessage } from "./teams/support/activities.js";
import { teamsEnv } from "./teams/support/harness.js";
import { startMain } from "./support/main-process.js";

/**
 * One deployment, both platforms: the real `npm start` entry point configured for Slack (HTTP
 * mode) and Teams at once, against one database, with Slack's Web API and Teams' connector
 * faked on 127.0.0.1. Each platform declares an incident; both land in the same log.
 */

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function until<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("one process serving Slack and Teams (npm start)", () => {
  let slack: FakeSlack;
  let teams: FakeTeams;
  let server: TestDatabase | undefined;
  let dataDir: string;
  let child: ChildProcess;
  let stderr = "";
  let base: string;
  let exitCode: Promise<number | null>;

  beforeAll(async () => {
    slack = await startFakeSlack();
    slack.addChannel("general");
    teams = await new FakeTeams().start();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "firebreak-both-"));
    if (process.env.TEST_DATABASE_URL) server = await createTestDatabase();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    // In a scratch folder: a developer's .env must not reach the child.
    child = startMain({
      PORT: String(port),
      SLACK_BOT_TOKEN: "xoxb-test-token",
      SLACK_SIGNING_SECRET: "8f742231b10e8888abcd99yyyzzz85a5",
      SLACK_API_URL: slack.apiUrl,
      ...teamsEnv(teams),
      ...(server ? { DATABASE_URL: server.url! } : { FIREBREAK_DATA_DIR: dataDir }),
    }).child;
    child.stderr!.on("data", (d) => (stderr += d));
    exitCode = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
    // Generous: two suites starting embedded databases at once on a busy machine take a while.
    await until("start-up", () => stderr.includes("Health at") || (child.exitCode !== null && Promise.reject(new Error(stderr))), 90_000);
  }, 120_000);

  afterAll(async () => {
    if (child.exitCode === null) child.kill("SIGKILL");
    await slack?.close();
    await teams?.stop();
    await server?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("announces both endpoints and answers the health check", async () => {
    expect(stderr).toContain("/slack/events");
    expect(stderr).toContain("/api/messages");
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it("declares from Slack and from Teams into one database, then stops cleanly", async () => {
    const general = [...slack.channels.values()].find((c) => c.name === "general")!;
    const body = new URLSearchParams({
      team_id: TEAM,
      channel_id: general.id,
      channel_name: "general",
      user_id: "UALICE",
      user_name: "alice",
      command: "/incident",
      text: "declare P1 prompt-injection Support bot leaks its system prompt",
      response_url: slack.responseUrl(),
      trigger_id: "trigger.1",
    }).toString();
    const ts = Math.floor(Date.now() / 1000);
    const slackRes = await fetch(`${base}/slack/events`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-slack-request-timestamp": String(ts), "x-slack-signature": sign(body, ts, "8f742231b10e8888abcd99yyyzzz85a5") },
      body,
    });
    expect(slackRes.status).toBe(200);
    const teamsRes = await fetch(`${base}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(mentionMessage(`${teams.url}/`, "declare P2 data-poisoning Fraud model flags every refund")),
    });
    expect(teamsRes.status).toBeLessThan(300);

    await until("the Slack channel", () => slack.callsTo("conversations.create").length > 0 && slack.callsTo("pins.add").length > 0);
    await until("the Teams thread", () => teams.requests.filter((r) => r.method === "POST" && /\/v3\/conversations/.test(r.path)).length >= 3);
    // Let in-flight work finish: SIGTERM waits for it, and PGlite can only be read after exit.
    await until("both spaces recorded", async () => {
      if (server) {
        const rows = await server.db.select().from(incidents);
        return rows.filter((r) => r.space).length === 2;
      }
      return stderr.includes("Firebreak is serving");
    });
    child.kill("SIGTERM");
    expect(await exitCode).toBe(0);

    let db: Database | undefined;
    const reader = server ?? (db = await openPglite(dataDir));
    try {
      const rows = await reader.db.select().from(incidents).orderBy(incidents.humanId);
      expect(rows.map((r) => [r.severity, r.space?.platform])).toEqual([
        ["P1", "slack"],
        ["P2", "teams"],
      ]);
      const log = await reader.db.select().from(incidentLog).orderBy(incidentLog.seq);
      expect(log.filter((r) => r.kind === "declare").map((r) => r.actorKind).sort()).toEqual(["slack", "teams"]);
    } finally {
      await db?.close();
    }
  });
});
