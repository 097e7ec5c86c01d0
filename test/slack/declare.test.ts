import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { incidentLog, incidents, postedMessages } from "../../src/store/schema.js";
import { BOT_USER } from "./fake-slack.js";
import { alice, type SlackHarness, useSlackHarness } from "./harness.js";

const suite = useSlackHarness();
let h: SlackHarness;
beforeEach(() => {
  h = suite.h;
});

const logKinds = async () => (await h.db.db.select().from(incidentLog).orderBy(incidentLog.seq)).map((r) => `${r.kind}:${r.outcome}`);

describe("/incident declare over signed HTTP", () => {
  it("creates, fills and pins the incident channel, and answers the declarer privately", async () => {
    const res = await h.slash("declare P1 prompt-injection Support bot leaks its system prompt");
    expect(res.status).toBe(200);
    expect(res.text).toBe("");

    const [incident] = await h.db.db.select().from(incidents);
    expect(incident).toMatchObject({ humanId: "INC-2026-0001", severity: "P1", vector: "prompt-injection", title: "Support bot leaks its system prompt" });

    const create = h.fake.callsTo("conversations.create");
    expect(create).toHaveLength(1);
    expect(create[0]!.args).toMatchObject({ name: "inc-20261125-support-bot-leaks-its-system-prompt", is_private: "false" });
    const channel = [...h.fake.channels.values()].find((c) => c.name === "inc-20261125-support-bot-leaks-its-system-prompt")!;
    expect(incident!.space).toMatchObject({ platform: "slack", id: channel.id, name: channel.name });

    expect(h.fake.callsTo("conversations.setTopic")[0]!.args).toEqual({ channel: channel.id, topic: "P1 · Detection & triage · IC @alice · INC-2026-0001" });
    expect(h.fake.callsTo("conversations.invite")[0]!.args).toMatchObject({ channel: channel.id, users: "UALICE" });
    expect([...channel.members].sort()).toEqual([BOT_USER, "UALICE"].sort());

    const posts = h.fake.callsTo("chat.postMessage");
    const summary = posts[0]!;
    expect(summary.args.channel).toBe(channel.id);
    expect(summary.args.blocks[0]).toEqual({ type: "header", text: { type: "plain_text", text: "INC-2026-0001 · P1 · Support bot leaks its system prompt", emoji: true } });
    const buttons = summary.args.blocks.find((b: any) => b.type === "actions").elements.map((e: any) => [e.action_id, e.text.text, e.value]);
    expect(buttons).toEqual([
      ["roles.open", "Roles", incident!.id],
      ["severity.open", "Change severity", incident!.id],
      ["phase.open", "Change phase", incident!.id],
      ["update.open", "Post update", incident!.id],
    ]);
    const summaryTs = [...h.fake.messages.values()].find((m) => m.pinned)!.ts;
    expect(h.fake.callsTo("pins.add")).toEqual([expect.objectContaining({ args: { channel: channel.id, timestamp: summaryTs } })]);

    // Four messages, in order: the pinned summary, the first prompt, the triage checklist, the
    // matching scenario playbook. Checkboxes come in groups of at most 10 options.
    expect(posts).toHaveLength(4);
    const checklists = posts.filter((p) => p.args.blocks.some((b: any) => b.elements?.[0]?.type === "checkboxes"));
    const rows = await h.db.db.select().from(postedMessages).where(eq(postedMessages.incidentId, incident!.id));
    const byTs = new Map(rows.map((r) => [r.messageId, r.purpose]));
    expect(posts.map((p) => byTs.get([...h.fake.messages.values()].find((m) => m.channel === channel.id && m.text === p.args.text)!.ts))).toEqual([
      "summary",
      "prompt:fh-0",
      "phase:triage",
      "checklist:scenario-prompt-injection",
    ]);
    expect(checklists).toHaveLength(3);
    for (const post of checklists) {
      for (const block of post.args.blocks.filter((b: any) => b.type === "actions")) {
        expect(block.elements[0].options.length).toBeLessThanOrEqual(10);
        expect(block.block_id).toContain(incident!.id);
      }
    }
    // Declaring with a severity and a vector ticks those triage steps: they show as checked, with who and when.
    const triage = checklists.find((p) => p.args.text.includes("Detection & triage") || p.args.blocks.some((b: any) => String(b.block_id ?? "").includes("|triage|")))!;
    const triageBoxes = triage.args.blocks.filter((b: any) => b.type === "actions").flatMap((b: any) => b.elements[0].initial_options ?? []);
    expect(triageBoxes.map((o: any) => o.value).sort()).toEqual(["triage.severity", "triage.vector"]);
    expect(triageBoxes[0].description.text).toBe("✓ @alice <!date^1795615200^{time}|14:00 UTC>");

    // The declarer hears about it privately, with a link to the new channel.
    const reply = h.lastResponse();
    expect(reply.response_type).toBe("ephemeral");
    expect(reply.text).toBe("Declared INC-2026-0001 — P1 · Support bot leaks its system prompt");
    expect(JSON.stringify(reply.blocks)).toContain(`Join the response: <#${channel.id}>`);

    expect(await logKinds()).toEqual(["declare:ok", "space.created:ok"]);
    const declared = (await h.db.db.select().from(incidentLog).orderBy(incidentLog.seq))[0]!;
    expect(declared).toMatchObject({ actorKind: "slack", actorId: "UALICE", text: "/incident declare P1 prompt-injection Support bot leaks its system prompt" });
  });

  it("acknowledges before any Web API call finishes", async () => {
    const release = h.fake.hold("conversations.create");
    const before = h.slack.work.started;
    const body = await fetchSlash(h, "declare P2 Slow Slack");
    expect(body.status).toBe(200);
    // The ack came back while conversations.create was still stalled.
    expect(h.fake.callsTo("conversations.create")).toHaveLength(0);
    release();
    while (h.slack.work.started === before) await new Promise((r) => setImmediate(r));
    await h.slack.idle();
    expect(h.fake.callsTo("conversations.create")).toHaveLength(1);
    expect(h.lastResponse().text).toBe("Declared INC-2026-0001 — P2 · Slow Slack");
  });

  it("takes the next suffix when Slack says the name is taken", async () => {
    h.fake.reserveName("inc-20261125-model-weights-exfiltrated");
    await h.slash("declare P1 model-theft Model weights exfiltrated");
    const names = h.fake.calls.filter((c) => c.method === "conversations.create").map((c) => c.args.name);
    expect(names).toEqual(["inc-20261125-model-weights-exfiltrated", "inc-20261125-model-weights-exfiltrated-2"]);
    const [incident] = await h.db.db.select().from(incidents);
    expect(incident!.spaceName).toBe("inc-20261125-model-weights-exfiltrated-2");
  });

  it("makes a private channel for --private", async () => {
    await h.slash("declare --private P2 Insider copied training data");
    expect(h.fake.callsTo("conversations.create")[0]!.args).toMatchObject({ is_private: "true" });
  });

  it("records the incident and says how to retry when Slack refuses the channel", async () => {
    h.fake.fail("conversations.create", "missing_scope", 1, { needed: "channels:manage", provided: "chat:write" });
    await h.slash("declare P1 Jailbreak in production");
    const [incident] = await h.db.db.select().from(incidents);
    expect(incident).toMatchObject({ humanId: "INC-2026-0001", space: null });
    const reply = JSON.stringify(h.lastResponse());
    expect(reply).toContain("I recorded INC-2026-0001, but could not create its channel: Slack refused conversations.create: missing_scope (needs channels:manage");
    expect(reply).toContain("/incident INC-2026-0001 retry");
    expect(await logKinds()).toEqual(["declare:ok", "effect.failed:failed"]);
    // Nothing was posted into a channel that does not exist; the commander also got a DM saying so.
    const dms = h.fake.callsTo("chat.postMessage").filter((c) => c.args.channel === alice.id);
    expect(dms).toHaveLength(1);
    expect(dms[0]!.args.text).toContain("could not create the incident channel for INC-2026-0001");

    // The retry the message suggests works once the scope is there.
    await h.slash("INC-2026-0001 retry");
    const [after] = await h.db.db.select().from(incidents);
    expect(after!.spaceName).toBe("inc-20261125-jailbreak-in-production");
    expect(h.fake.callsTo("pins.add")).toHaveLength(1);
  });

  it("retries a rate-limited post instead of losing it", async () => {
    h.fake.rateLimit("chat.postMessage", 1);
    await h.slash("declare P3 Refusal spike");
    const attempts = h.fake.calls.filter((c) => c.method === "chat.postMessage");
    expect(attempts[0]!.status).toBe(429);
    expect(attempts[1]!.status).toBe(200);
    // The summary went out exactly once and was remembered.
    const summaries = h.fake.callsTo("chat.postMessage").filter((c) => c.args.blocks[0]?.text?.text?.startsWith("INC-2026-0001"));
    expect(summaries).toHaveLength(1);
    const rows = await h.db.db.select().from(postedMessages);
    expect(rows.map((r) => r.purpose)).toContain("summary");
    expect(await logKinds()).toEqual(["declare:ok", "space.created:ok"]);
  });

  it("logs an accepted and a refused command from another user", async () => {
    await h.slash("declare P2 Data leak in chat answers", { user: { id: "UBOB", name: "bob" } });
    const res = await h.slash("frobnicate");
    expect(res.status).toBe(200);
    expect(h.lastResponse().text).toContain("Unknown command “frobnicate”");
    const rows = await h.db.db.select().from(incidentLog).orderBy(incidentLog.seq);
    expect(rows.at(-1)).toMatchObject({ outcome: "rejected", actorId: alice.id, text: "/incident frobnicate" });
    expect(rows[0]).toMatchObject({ kind: "declare", actorId: "UBOB" });
  });

  it("runs a drill from Slack: a marked DRILL incident with its own channel and brief", async () => {
    const res = await h.slash("drill supply-chain --speed 60");
    expect(res.status).toBe(200);
    const [incident] = await h.db.db.select().from(incidents);
    expect(incident).toMatchObject({ humanId: "DRILL-2026-0001", isDrill: true, vector: "supply-chain" });
    const channel = [...h.fake.channels.values()].find((c) => c.id === incident!.space!.id)!;
    expect(channel.name).toMatch(/^inc-20261125-drill-/);
    const texts = h.fake.callsTo("chat.postMessage").filter((c) => c.args.channel === channel.id).map((c) => JSON.stringify(c.args.blocks));
    expect(texts[0]).toContain("[DRILL] DRILL-2026-0001");
    expect(texts.some((t) => t.includes("tabletop exercise") && t.includes("×60"))).toBe(true);
  });
});

/** A signed slash command whose work is not awaited (to observe the ack alone). */
async function fetchSlash(h: SlackHarness, text: string) {
  const { sign } = await import("./harness.js");
  const general = [...h.fake.channels.values()].find((c) => c.name === "general")!;
  const body = new URLSearchParams({ team_id: "T0TEAM", channel_id: general.id, channel_name: "general", user_id: "UALICE", user_name: "alice", command: "/incident", text, response_url: h.fake.responseUrl(), trigger_id: "t.1" }).toString();
  const ts = Math.floor(Date.now() / 1000);
  const res = await fetch(`${h.server.url}/slack/events`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "x-slack-request-timestamp": String(ts), "x-slack-signature": sign(body, ts) }, body });
  return { status: res.status, text: await res.text() };
}
