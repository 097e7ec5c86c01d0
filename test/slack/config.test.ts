import { describe, expect, it } from "vitest";
import { createHttpApp, listen } from "../../adapters/http/server.js";
import { ConfigError } from "../../src/config.js";
import { loadSlackConfig } from "../../src/config/slack.js";

const BOT = "xoxb-1234-5678-abcdef";
const APP = "xapp-1-A0-123-abcdef";
const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

function problems(env: Record<string, string>): string[] {
  try {
    loadSlackConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("Slack configuration", () => {
  it("is off when no Slack variable is set", () => {
    expect(loadSlackConfig({ PORT: "8080" })).toBeUndefined();
  });

  it("picks Socket Mode with an app token and HTTP mode with a signing secret", () => {
    expect(loadSlackConfig({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP })).toEqual({ mode: "socket", botToken: BOT, appToken: APP, signingSecret: undefined, port: 3000, apiUrl: undefined });
    expect(loadSlackConfig({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SECRET, PORT: "8080", SLACK_API_URL: "http://127.0.0.1:9999/api" })).toEqual({
      mode: "http",
      botToken: BOT,
      appToken: undefined,
      signingSecret: SECRET,
      port: 8080,
      apiUrl: "http://127.0.0.1:9999/api/",
    });
  });

  it("takes FIREBREAK_ANNOUNCE_CHANNEL as a channel id or a name, and refuses anything else with the fix", () => {
    const base = { SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP };
    expect(loadSlackConfig({ ...base, FIREBREAK_ANNOUNCE_CHANNEL: "C0123ABCD" })?.announceChannel).toBe("C0123ABCD");
    expect(loadSlackConfig({ ...base, FIREBREAK_ANNOUNCE_CHANNEL: "#incidents" })?.announceChannel).toBe("#incidents");
    expect(loadSlackConfig({ ...base, FIREBREAK_ANNOUNCE_CHANNEL: "security-incidents" })?.announceChannel).toBe("#security-incidents");
    expect(loadSlackConfig(base)?.announceChannel).toBeUndefined();
    expect(problems({ ...base, FIREBREAK_ANNOUNCE_CHANNEL: "Security Incidents!" })).toEqual([expect.stringMatching(/^FIREBREAK_ANNOUNCE_CHANNEL must be a channel id .* or a channel name such as #incidents .*Invite Firebreak/)]);
  });

  it("names the variable and the fix for every problem at once", () => {
    const found = problems({ SLACK_BOT_TOKEN: "xapp-oops", PORT: "seventy", SLACK_API_URL: "ftp://x" });
    expect(found).toHaveLength(4);
    expect(found[0]).toMatch(/^SLACK_BOT_TOKEN must be a bot token starting with xoxb-.*That is the app-level token: put it in SLACK_APP_TOKEN/);
    expect(found[1]).toMatch(/^Set SLACK_APP_TOKEN \(xapp-…, Socket Mode.*\) or SLACK_SIGNING_SECRET \(HTTP mode/);
    expect(found[2]).toMatch(/^PORT must be a whole number/);
    expect(found[3]).toMatch(/^SLACK_API_URL must be an http\(s\) URL/);
  });

  it("asks for the bot token when only the app token is set", () => {
    expect(problems({ SLACK_APP_TOKEN: APP })[0]).toMatch(/^SLACK_BOT_TOKEN is missing\. Copy the "Bot User OAuth Token"/);
  });

  it("rejects a malformed app token and signing secret", () => {
    expect(problems({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: "xoxb-wrong" })[0]).toMatch(/^SLACK_APP_TOKEN must be an app-level token starting with xapp-/);
    expect(problems({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: "short" })[0]).toMatch(/^SLACK_SIGNING_SECRET does not look like a signing secret/);
  });
});

describe("/healthz", () => {
  it("answers 503 when the database does not answer", async () => {
    const app = createHttpApp({ ping: () => Promise.reject(new Error("connection refused")) });
    const server = await listen(app, 0, "127.0.0.1");
    try {
      const res = await fetch(`${server.url}/healthz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ ok: false, database: "unreachable", reason: "the database refused the check" });
    } finally {
      await server.close();
    }
  });

  it("answers 503 when the database hangs", async () => {
    const app = createHttpApp({ ping: () => new Promise(() => {}), healthTimeoutMs: 20 });
    const server = await listen(app, 0, "127.0.0.1");
    try {
      const res = await fetch(`${server.url}/healthz`);
      expect(res.status).toBe(503);
    } finally {
      await server.close();
    }
  });
});

describe("startSlack", () => {
  it("stops with a clear message when Slack refuses the bot token", async () => {
    const { startFakeSlack } = await import("./fake-slack.js");
    const { startSlack } = await import("../../adapters/slack/start.js");
    const { testRuntime } = await import("../support/runtime.js");
    const pino = (await import("pino")).default;
    const fake = await startFakeSlack();
    try {
      const rt = testRuntime(undefined as never);
      const start = startSlack(rt, { mode: "http", botToken: "xoxb-revoked", signingSecret: SECRET, port: 0, apiUrl: fake.apiUrl }, { httpApp: createHttpApp({ ping: async () => {} }), logger: pino({ level: "silent" }) });
      await expect(start).rejects.toThrow("Slack did not accept SLACK_BOT_TOKEN: Slack refused auth.test: invalid_auth (SLACK_BOT_TOKEN is not valid; copy it again from the app's OAuth & Permissions page)");
      expect(rt.ports.slack).toBeUndefined();
    } finally {
      await fake.close();
    }
  });

  it("stops with a clear message when Socket Mode cannot connect", async () => {
    const { startFakeSlack } = await import("./fake-slack.js");
    const { startSlack } = await import("../../adapters/slack/start.js");
    const { testRuntime } = await import("../support/runtime.js");
    const pino = (await import("pino")).default;
    const fake = await startFakeSlack();
    try {
      const rt = testRuntime(undefined as never);
      const start = startSlack(rt, { mode: "socket", botToken: "xoxb-test-token", appToken: "xapp-1-not-accepted", port: 0, apiUrl: fake.apiUrl }, { httpApp: createHttpApp({ ping: async () => {} }), logger: pino({ level: "silent" }) });
      await expect(start).rejects.toThrow(/^Could not open the Socket Mode connection: .*invalid_auth.*Check SLACK_APP_TOKEN/);
      expect(fake.calls.map((c) => c.method)).toEqual(["auth.test", "apps.connections.open"]);
      expect(rt.ports.slack).toBeUndefined();
    } finally {
      await fake.close();
    }
  });
});
