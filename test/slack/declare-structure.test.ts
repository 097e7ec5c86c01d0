import { beforeEach, describe, expect, it } from "vitest";
import { incidents } from "../../src/store/schema.js";
import { type SlackHarness, useSlackHarness } from "./harness.js";
import { until } from "../support/main-process.js";

/**
 * The shape of a declare's Web API traffic, not its speed: which calls wait for which. Calls are
 * stalled with the fake's holds, so what is in flight together is seen at one moment, whatever
 * the machine's pace. (test/bench/round-trips.ts counts the waves with a delay instead.)
 */
const suite = useSlackHarness({ slack: { announceChannel: "#incidents" } });
let h: SlackHarness;
beforeEach(() => {
  h = suite.h;
  h.fake.addChannel("incidents");
});

/** Waits for something done in the background, checking often (the shared poll, every 5 ms). */
const soon = (what: string, done: () => boolean) => until(what, done, 15_000, 5);

describe("a Slack declare's round trips", () => {
  it("sends topic, invite, the first post and the announcement together once the channel exists, and the declarer hears before any message is posted", async () => {
    const release = ["conversations.setTopic", "conversations.invite", "chat.postMessage"].map((method) => h.fake.hold(method));
    const declared = h.slash("declare P1 prompt-injection Support bot leaks its system prompt");
    try {
      // All four are stalled at once: none of them waited for another to be answered.
      await soon("topic, invite, summary and announcement in flight together", () => h.fake.waiting("conversations.setTopic") === 1 && h.fake.waiting("conversations.invite") === 1 && h.fake.waiting("chat.postMessage") === 2);
      await soon("the declarer's reply", () => h.fake.responses.length === 1);
      // The reply went while nothing had yet been posted into the channel, and links it.
      expect(h.fake.callsTo("conversations.create")).toHaveLength(1);
      expect(h.fake.callsTo("chat.postMessage")).toHaveLength(0);
      expect(h.fake.callsTo("pins.add")).toHaveLength(0);
      const channel = [...h.fake.channels.values()].find((c) => c.name.startsWith("inc-"))!;
      expect(JSON.stringify(h.fake.responses[0]!.body.blocks)).toContain(`<#${channel.id}>`);
      // Nothing else is asked of Slack while those are outstanding: the prompt waits for the summary.
      expect(h.fake.calls.map((c) => c.method)).toEqual(["conversations.create"]);
    } finally {
      for (const r of release) r();
    }
    await declared;

    const [incident] = await h.db.db.select().from(incidents);
    const channelId = incident!.space!.id;
    const posts = h.fake.callsTo("chat.postMessage").filter((c) => c.args.channel === channelId);
    expect(posts).toHaveLength(4);
    // Messages into the channel stay in order: each is sent only after the one before it was answered.
    const byArrival = [...posts].sort((a, b) => a.at - b.at);
    expect(byArrival).toEqual(posts);
    for (let i = 1; i < posts.length; i++) expect(posts[i]!.at).toBeGreaterThanOrEqual(posts[i - 1]!.answeredAt!);
    // The summary is pinned after it is posted.
    const pin = h.fake.callsTo("pins.add")[0]!;
    expect(pin.args.channel).toBe(channelId);
    expect(pin.at).toBeGreaterThanOrEqual(posts[0]!.answeredAt!);
    expect([...h.fake.messages.values()].filter((m) => m.pinned).map((m) => m.ts)).toEqual([pin.args.timestamp]);
  });

  it("holds up no message for the pin: all four are posted while it is stalled, and the topic is set once", async () => {
    const release = h.fake.hold("pins.add");
    const declared = h.slash("declare P2 data-poisoning Fraud model flags drift");
    try {
      await soon("the pin in flight", () => h.fake.waiting("pins.add") === 1);
      await soon("all four messages posted", () => h.fake.callsTo("chat.postMessage").filter((c) => c.args.channel !== "#incidents").length === 4);
      expect(h.fake.waiting("pins.add")).toBe(1);
    } finally {
      release();
    }
    await declared;
    const [incident] = await h.db.db.select().from(incidents);
    expect(h.fake.callsTo("pins.add")).toHaveLength(1);
    expect([...h.fake.messages.values()].filter((m) => m.pinned && m.channel === incident!.space!.id)).toHaveLength(1);
    expect(h.fake.callsTo("conversations.setTopic")).toHaveLength(1);
    expect(h.fake.channels.get(incident!.space!.id)!.topic).toContain("INC-2026-0001");
  });
});
