import { beforeEach, describe, expect, it } from "vitest";
import { incidents } from "../../src/store/schema.js";
import { alice, bob, type SlackHarness, useSlackHarness } from "./harness.js";

// FIREBREAK_ANNOUNCE_CHANNEL as a name: Slack posts to it by name and answers with its id.
const suite = useSlackHarness({ slack: { announceChannel: "#incidents" } });
let h: SlackHarness;
let announceId: string;
beforeEach(() => {
  h = suite.h;
  announceId = h.fake.addChannel("incidents").id;
});

const announcements = () => [...h.fake.messages.values()].filter((m) => m.channel === announceId);
const updatesOf = (ts: string) => h.fake.callsTo("chat.update").filter((c) => c.args.channel === announceId && c.args.ts === ts);
const shown = (m: { text: string; blocks: unknown[] }) => `${m.text}\n${JSON.stringify(m.blocks)}`;

describe("the announcement in FIREBREAK_ANNOUNCE_CHANNEL", () => {
  it("is posted once at declare with title, severity, commander and the channel link, and kept current in place", async () => {
    await h.slash("declare P1 prompt-injection Support bot leaks its system prompt");
    const [incident] = await h.db.db.select().from(incidents);
    const [announcement] = announcements();
    expect(announcements()).toHaveLength(1);
    const first = shown(announcement!);
    expect(first).toContain("INC-2026-0001 · P1 — Critical");
    expect(first).toContain("Support bot leaks its system prompt");
    expect(first).toContain(`<@${alice.id}>`);
    expect(first).toContain(`<#${incident!.space!.id}>`);
    // In a lane of its own beside the incident's four messages, but only once the channel it
    // links to exists.
    const posts = h.fake.callsTo("chat.postMessage");
    expect(posts.filter((p) => p.args.channel === "#incidents")).toHaveLength(1);
    expect(posts.filter((p) => p.args.channel === incident!.space!.id)).toHaveLength(4);
    const order = h.fake.calls.map((c) => (c.method === "chat.postMessage" && c.args.channel === "#incidents" ? "announcement" : c.method));
    expect(order.indexOf("announcement")).toBeGreaterThan(order.indexOf("conversations.create"));

    const inChannel = { id: incident!.space!.id, name: incident!.space!.name };
    await h.slash("severity P2", { channel: inChannel });
    expect(updatesOf(announcement!.ts)).toHaveLength(1);
    expect(shown(announcement!)).toContain("INC-2026-0001 · P2 — High");

    await h.slash("assign commander @bob", { channel: inChannel });
    expect(shown(announcement!)).toContain("<@UBOB>");

    // A note changes nothing the announcement shows: no update.
    const before = updatesOf(announcement!.ts).length;
    await h.slash("note looked at the logs", { channel: inChannel });
    expect(updatesOf(announcement!.ts)).toHaveLength(before);

    // Bob commands now: resolving and closing are his (or his backup's) to do.
    await h.slash("resolve filter deployed", { channel: inChannel, user: bob });
    expect(shown(announcement!)).toContain("Resolved");
    await h.slash("close --force review held elsewhere", { channel: inChannel, user: bob });
    const closed = shown(announcement!);
    expect(closed).toContain("✅");
    expect(closed).toContain("Closed");
    expect(closed).toContain("led by <@UBOB>");
    // Still one message in the announcement channel, however much changed.
    expect(announcements()).toHaveLength(1);
  });

  it("never announces a private incident", async () => {
    await h.slash("declare P1 --private Insider copies the fine-tuning set");
    const [incident] = await h.db.db.select().from(incidents);
    expect(incident!.isPrivate).toBe(true);
    expect(announcements()).toHaveLength(0);
    await h.slash("severity P2", { channel: { id: incident!.space!.id, name: incident!.space!.name } });
    expect(announcements()).toHaveLength(0);
    expect(h.fake.callsTo("chat.update").filter((c) => c.args.channel === announceId)).toHaveLength(0);
  });

  it("a refused announcement is reported to the commander, and the incident carries on", async () => {
    // Firebreak was never invited to the announcement channel.
    h.fake.channels.get(announceId)!.members.clear();
    await h.slash("declare P2 Fraud model flags drift");
    const [incident] = await h.db.db.select().from(incidents);
    expect(incident!.space).toBeTruthy();
    expect(announcements()).toHaveLength(0);
    const dm = h.fake.callsTo("chat.postMessage").find((c) => c.args.channel === alice.id);
    expect(dm?.args.text).toContain("could not post the incident's announcement (check that Firebreak is in the announcement channel)");
  });
});
