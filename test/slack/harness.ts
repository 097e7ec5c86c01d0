import { createHmac } from "node:crypto";
import pino, { type Logger } from "pino";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { createHttpApp, listen, type RunningServer } from "../../adapters/http/server.js";
import { type SlackService, startSlack } from "../../adapters/slack/start.js";
import type { SlackConfig } from "../../src/config/slack.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { testRuntime, type TestRuntime } from "../support/runtime.js";
import { type FakeSlack, startFakeSlack, TEAM } from "./fake-slack.js";

export const SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

/**
 * The real Bolt app behind a real HTTP server on 127.0.0.1, the Web API faked at its URL, and a
 * test database. Requests are signed exactly as Slack signs them.
 */
export interface SlackHarness {
  db: TestDatabase;
  rt: TestRuntime;
  fake: FakeSlack;
  slack: SlackService;
  server: RunningServer;
  /** POSTs a signed body to /slack/events; then waits for the work the request started. */
  post(body: string, options?: { contentType?: string; signature?: string; timestamp?: number; wait?: number }): Promise<{ status: number; text: string; json?: any }>;
  slash(text: string, options?: SlashOptions): Promise<{ status: number; text: string; json?: any; responseUrl: string }>;
  interact(payload: Record<string, unknown>, options?: { wait?: number }): Promise<{ status: number; text: string; json?: any }>;
  event(event: Record<string, unknown>): Promise<{ status: number; text: string }>;
  /** The last body posted to a response URL. */
  lastResponse(): any;
  reset(): Promise<void>;
  close(): Promise<void>;
}

export interface SlashOptions {
  user?: { id: string; name: string };
  channel?: { id: string; name: string };
  wait?: number;
}

export const alice = { id: "UALICE", name: "alice" };
export const bob = { id: "UBOB", name: "bob" };

export function sign(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

/**
 * `env` reaches the configuration (e.g. FIREBREAK_ADMINS); `logger` is the process log (silent
 * unless given); `slack` overrides Slack settings (e.g. the announcement channel).
 */
export interface HarnessOptions {
  env?: Record<string, string>;
  logger?: Logger;
  slack?: Partial<SlackConfig>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<SlackHarness> {
  const db = await createTestDatabase();
  const rt = testRuntime(db.db, {}, options.env);
  if (options.logger) rt.logger = options.logger;
  const fake = await startFakeSlack();
  let general = fake.addChannel("general");
  const httpApp = createHttpApp({ ping: () => db.ping() });
  const config: SlackConfig = { mode: "http", botToken: "xoxb-test-token", signingSecret: SIGNING_SECRET, port: 0, apiUrl: fake.apiUrl, ...options.slack };
  const slack = await startSlack(rt, config, { httpApp, logger: options.logger ?? pino({ level: "silent" }), retryConfig: { retries: 2, factor: 1, minTimeout: 1, maxTimeout: 5 } });
  const server = await listen(httpApp, 0, "127.0.0.1");

  /** Waits (without sleeping a fixed time) until `count` more jobs have started, then for all to end. */
  async function settle(before: number, count: number) {
    const deadline = Date.now() + 5000;
    while (slack.work.started < before + count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} job(s) to start after the request; ${slack.work.started - before} did`);
      await new Promise((r) => setImmediate(r));
    }
    await slack.idle();
    // What the commands queued in the outbox is delivered, as it would be a moment later.
    await rt.deliverer.drain();
  }

  async function post(body: string, options: { contentType?: string; signature?: string; timestamp?: number; wait?: number } = {}) {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const before = slack.work.started;
    const res = await fetch(`${server.url}/slack/events`, {
      method: "POST",
      headers: {
        "content-type": options.contentType ?? "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": String(timestamp),
        "x-slack-signature": options.signature ?? sign(body, timestamp),
      },
      body,
    });
    const text = await res.text();
    if (res.status === 200) await settle(before, options.wait ?? 1);
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, text, json };
  }

  return {
    db,
    rt,
    fake,
    slack,
    server,
    post,
    async slash(text, options = {}) {
      const user = options.user ?? alice;
      const channel = options.channel ?? { id: general.id, name: general.name };
      const responseUrl = fake.responseUrl();
      const body = new URLSearchParams({
        token: "legacy-verification-token",
        team_id: TEAM,
        team_domain: "acme",
        channel_id: channel.id,
        channel_name: channel.name,
        user_id: user.id,
        user_name: user.name,
        command: "/incident",
        text,
        api_app_id: "A0FIREBREAK",
        is_enterprise_install: "false",
        response_url: responseUrl,
        trigger_id: uniqueId("trigger"),
      }).toString();
      return { ...(await post(body, { wait: options.wait })), responseUrl };
    },
    interact(payload, options = {}) {
      return post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), { wait: options.wait });
    },
    event(event) {
      const body = JSON.stringify({ token: "legacy", team_id: TEAM, api_app_id: "A0FIREBREAK", type: "event_callback", event_id: uniqueId("Ev"), event_time: Math.floor(Date.now() / 1000), event });
      return post(body, { contentType: "application/json" });
    },
    lastResponse: () => fake.responses.at(-1)?.body,
    async reset() {
      await slack.idle();
      await db.reset();
      fake.clearFaults();
      fake.calls.length = 0;
      fake.responses.length = 0;
      fake.messages.clear();
      fake.channels.clear();
      general = fake.addChannel("general");
      rt.clock.set("2026-11-25T14:00:00Z");
    },
    async close() {
      await server.close();
      await slack.stop();
      await fake.close();
      await db.close();
    },
  };
}

/** The channel a test is "in": #general unless it says otherwise. */
export function generalChannel(h: SlackHarness) {
  const c = [...h.fake.channels.values()].find((x) => x.name === "general")!;
  return { id: c.id, name: c.name };
}

/** A block_actions payload as Slack sends it for a click in a message. */
let sequence = 0;
/** Slack's ids are unique per delivery; tests that replay a delivery reuse the body itself. */
export function uniqueId(prefix: string): string {
  return `${prefix}.${Date.now()}.${++sequence}`;
}

export function blockActions(input: { user?: { id: string; name: string }; channel: string; message: { ts: string; blocks: any[]; text?: string }; actions: any[]; responseUrl?: string }) {
  const user = input.user ?? alice;
  return {
    type: "block_actions",
    team: { id: TEAM, domain: "acme" },
    user: { id: user.id, username: user.name, name: user.name, team_id: TEAM },
    api_app_id: "A0FIREBREAK",
    token: "legacy",
    container: { type: "message", message_ts: input.message.ts, channel_id: input.channel, is_ephemeral: false },
    trigger_id: uniqueId("trigger"),
    channel: { id: input.channel, name: "incident" },
    message: { type: "message", user: "UBOT", ts: input.message.ts, text: input.message.text ?? "", blocks: input.message.blocks },
    response_url: input.responseUrl ?? "http://127.0.0.1:9/unused",
    actions: input.actions.map((a) => ({ action_ts: `${Date.now() / 1000}.${++sequence}`, ...a })),
  };
}

/** A view_submission payload for a modal we opened (its view as views.open received it). */
export function viewSubmission(input: { user?: { id: string; name: string }; view: any; values: Record<string, Record<string, any>> }) {
  const user = input.user ?? alice;
  return {
    type: "view_submission",
    team: { id: TEAM, domain: "acme" },
    user: { id: user.id, username: user.name, name: user.name, team_id: TEAM },
    api_app_id: "A0FIREBREAK",
    token: "legacy",
    trigger_id: uniqueId("trigger"),
    view: { id: uniqueId("V"), team_id: TEAM, type: "modal", callback_id: input.view.callback_id, private_metadata: input.view.private_metadata ?? "", blocks: input.view.blocks, state: { values: input.values }, hash: "h1", title: input.view.title, app_id: "A0FIREBREAK", bot_id: "BBOT" },
    response_urls: [],
  };
}

/**
 * Hooks for a Slack suite: one harness per file, reset before each test. Read `.h` inside tests.
 */
export function useSlackHarness(options: HarnessOptions = {}): { h: SlackHarness } {
  const holder = {} as { h: SlackHarness };
  beforeAll(async () => {
    holder.h = await startHarness(options);
  });
  afterAll(async () => {
    await holder.h?.close();
  });
  beforeEach(async () => {
    await holder.h.reset();
  });
  return holder;
}
