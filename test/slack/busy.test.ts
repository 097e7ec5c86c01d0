import { beforeEach, describe, expect, it } from "vitest";
import { declareModal } from "../../adapters/slack/render/modals.js";
import { busyMessage } from "../../src/app/work-queue.js";
import { deliveries, incidentLog, incidents } from "../../src/store/schema.js";
import { sign, type SlackHarness, startHarness, useSlackHarness, viewSubmission } from "./harness.js";

/**
 * Work after the ack is bounded (FIREBREAK_WORK_CONCURRENCY, FIREBREAK_WORK_BACKLOG): here one job
 * at a time and none waiting, with Slack stalled so the first declare stays in flight.
 */
const suite = useSlackHarness({ env: { FIREBREAK_WORK_CONCURRENCY: "1", FIREBREAK_WORK_BACKLOG: "0" } });
let h: SlackHarness;
beforeEach(() => {
  h = suite.h;
});

async function until(what: string, done: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`this never happened: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const bodies = () => h.fake.responses.map((r) => r.body);
const BUSY = busyMessage().text;

describe("a full backlog", () => {
  it("answers a command over the limit with a private busy note and does none of it; the one in flight finishes, and the next one runs", async () => {
    const release = h.fake.hold("conversations.create");
    const first = h.slash("declare P1 prompt-injection Support bot leaks its system prompt");
    await until("the first declare waiting on Slack", () => h.fake.waiting("conversations.create") === 1);

    const second = h.slash("declare P2 data-poisoning Fraud model flags drift");
    await until("the busy answer", () => bodies().some((b) => b.text === BUSY));
    const busy = bodies().find((b) => b.text === BUSY)!;
    expect(busy).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(h.slack.work.turnedAway).toBe(1);
    // Nothing of the second declare happened: no incident, no delivery recorded, no log row.
    expect(await h.db.db.select().from(incidents)).toHaveLength(1);
    expect((await h.db.db.select().from(deliveries)).map((d) => d.key)).toHaveLength(1);

    release();
    await Promise.all([first, second]);
    const [incident] = await h.db.db.select().from(incidents);
    expect(incident!.title).toBe("Support bot leaks its system prompt");
    expect(h.fake.callsTo("conversations.create")).toHaveLength(1);
    expect((await h.db.db.select().from(incidentLog).orderBy(incidentLog.seq)).map((r) => r.kind)).toEqual(["declare", "space.created"]);
    // The declarer of the first one was answered as usual, with the channel.
    expect(bodies().filter((b) => b.text !== BUSY).map((b) => b.text)).toEqual(["Declared INC-2026-0001 — P1 · Support bot leaks its system prompt"]);

    // With the queue free again, the next command runs normally.
    const res = await h.slash("help");
    expect(res.status).toBe(200);
    expect(h.lastResponse().text).not.toBe(BUSY);
    expect(h.slack.work.turnedAway).toBe(1);
  });

  it("keeps a form open with a busy note on a field instead of taking it", async () => {
    const release = h.fake.hold("conversations.create");
    const first = h.slash("declare P1 prompt-injection Support bot leaks its system prompt");
    await until("the first declare waiting on Slack", () => h.fake.waiting("conversations.create") === 1);
    const view = declareModal("UALICE", { channelId: "C1", channelName: "general" });
    const submitted = await fetchSigned(h, new URLSearchParams({ payload: JSON.stringify(viewSubmission({ view, values: { title: { value: { type: "plain_text_input", value: "Another one" } } } })) }).toString());
    expect(submitted.json).toEqual({ response_action: "errors", errors: { title: BUSY } });
    release();
    await first;
    expect(await h.db.db.select().from(incidents)).toHaveLength(1);
  });
});

describe("a backlog of one", () => {
  it("queues the second command behind the first, turns away the third, then runs the queued one in full", async () => {
    const h2 = await startHarness({ env: { FIREBREAK_WORK_CONCURRENCY: "1", FIREBREAK_WORK_BACKLOG: "1" } });
    try {
      const release = h2.fake.hold("conversations.create");
      const first = h2.slash("declare P1 prompt-injection Support bot leaks its system prompt");
      await until("the first declare waiting on Slack", () => h2.fake.waiting("conversations.create") === 1);
      const second = h2.slash("declare P2 data-poisoning Fraud model flags drift", { wait: 1 });
      await until("the second queued", () => h2.slack.work.size === 2);
      const third = h2.slash("help");
      await until("the third turned away", () => h2.fake.responses.some((r) => r.body.text === BUSY));
      expect(h2.slack.work.size).toBe(2);
      release();
      await Promise.all([first, second, third]);
      expect((await h2.db.db.select().from(incidents)).map((i) => i.title).sort()).toEqual(["Fraud model flags drift", "Support bot leaks its system prompt"]);
      expect(h2.fake.callsTo("conversations.create")).toHaveLength(2);
      expect(h2.slack.work.turnedAway).toBe(1);
    } finally {
      await h2.close();
    }
  });
});

/** A signed POST that answers with the ack's body (a view submission's errors), without waiting for work. */
async function fetchSigned(harness: SlackHarness, body: string) {
  const timestamp = Math.floor(Date.now() / 1000);
  const res = await fetch(`${harness.server.url}/slack/events`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-slack-request-timestamp": String(timestamp), "x-slack-signature": sign(body, timestamp) },
    body,
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}
