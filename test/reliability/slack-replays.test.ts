import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { incidentLog, incidents } from "../../src/store/schema.js";
import { TEAM } from "../slack/fake-slack.js";
import { generalChannel, type SlackHarness, useSlackHarness, viewSubmission } from "../slack/harness.js";

/**
 * The same Slack delivery twice (a retry, a replay, a double click) acts once: the delivery key
 * (trigger id, view id + hash) is recorded with the change, and a repeat gets the first outcome.
 */
const suite = useSlackHarness();
let h: SlackHarness;
beforeEach(() => {
  h = suite.h;
});

/** One signed slash-command body, fixed, so it can be sent again byte for byte. */
function slashBody(text: string, triggerId: string, channel = generalChannel(h)) {
  return new URLSearchParams({ team_id: TEAM, channel_id: channel.id, channel_name: channel.name, user_id: "UALICE", user_name: "alice", command: "/incident", text, response_url: h.fake.responseUrl(), trigger_id: triggerId }).toString();
}

describe("Slack deliveries replayed", () => {
  it("the same declare twice makes one incident and one channel, and answers both times alike", async () => {
    const body = slashBody("declare P1 prompt-injection Replayed declare", "trigger.replay.1");
    await h.post(body);
    const first = h.lastResponse();
    await h.post(body);
    expect(await h.db.db.$count(incidents)).toBe(1);
    expect(h.fake.callsTo("conversations.create")).toHaveLength(1);
    expect(h.fake.callsTo("chat.postMessage").filter((c) => c.args.channel !== "UALICE")).toHaveLength(4);
    expect(h.lastResponse()).toEqual(first);
    expect((await h.db.db.select().from(incidentLog).orderBy(incidentLog.seq)).filter((r) => r.kind === "declare")).toHaveLength(1);
  });

  it("the same declare sent twice at once still acts once", async () => {
    const body = slashBody("declare P2 Raced declare", "trigger.replay.2");
    await Promise.all([h.post(body, { wait: 1 }), h.post(body, { wait: 1 })]);
    await h.slack.idle();
    await h.rt.deliverer.drain();
    expect(await h.db.db.$count(incidents)).toBe(1);
    expect(h.fake.callsTo("conversations.create")).toHaveLength(1);
  });

  it("a replayed note is posted once", async () => {
    await h.post(slashBody("declare P2 Notes replayed", "trigger.replay.3"));
    const [incident] = await h.db.db.select().from(incidents);
    const channel = { id: incident!.space!.id, name: incident!.space!.name };
    const note = slashBody("note payload found in ticket 4411", "trigger.replay.4", channel);
    await h.post(note);
    await h.post(note);
    const notes = h.fake.callsTo("chat.postMessage").filter((c) => String(c.args.text).includes("payload found in ticket 4411"));
    expect(notes).toHaveLength(1);
    expect((await h.db.db.select().from(incidentLog).where(eq(incidentLog.kind, "note")).orderBy(incidentLog.seq))).toHaveLength(1);
  });

  it("the same view submission twice makes one incident", async () => {
    await h.slash("declare");
    const view = h.fake.callsTo("views.open")[0]!.args.view;
    const payload = viewSubmission({ view, values: { title: { value: { type: "plain_text_input", value: "Submitted twice" } }, commander: { value: { type: "users_select", selected_user: "UALICE" } } } });
    await h.interact(payload);
    await h.interact(payload);
    expect(await h.db.db.$count(incidents)).toBe(1);
    expect(h.fake.callsTo("conversations.create")).toHaveLength(1);
  });
});

describe("Slack events replayed", () => {
  it("an app_home_opened delivered twice (same event_id) draws the tab once", async () => {
    const body = JSON.stringify({ token: "legacy", team_id: TEAM, api_app_id: "A0FIREBREAK", type: "event_callback", event_id: "EvReplayed1", event_time: 1764079200, event: { type: "app_home_opened", user: "UALICE", channel: "D1", tab: "home", event_ts: "1.1" } });
    await h.post(body, { contentType: "application/json" });
    await h.post(body, { contentType: "application/json" });
    expect(h.fake.callsTo("views.publish")).toHaveLength(1);
  });
});
