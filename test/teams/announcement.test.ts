import { describe, expect, it } from "vitest";
import { incidents } from "../../src/store/schema.js";
import { mentionMessage } from "./support/activities.js";
import { ALICE, BOB, GENERAL_CHANNEL, INCIDENTS_CHANNEL, startHarness, type TeamsHarness, useTeamsSuite } from "./support/harness.js";

const suite = useTeamsSuite();
const typedIn = `${GENERAL_CHANNEL};messageid=1700000000001`;

async function declare(h: TeamsHarness, text: string) {
  await h.send(mentionMessage(h.fake.url, text));
  await h.mounted.idle();
  const [incident] = await suite.db.db.select().from(incidents);
  return incident!;
}

async function say(h: TeamsHarness, conversationId: string, text: string, mentions: (typeof BOB)[] = [], from = ALICE) {
  await h.send(mentionMessage(h.fake.url, text, { conversationId, mentions, from }));
  await h.mounted.idle();
}

describe("Teams: one announcement in the incidents channel", () => {
  it("thread mode: the thread's first post becomes the announcement and follows severity, commander and phase", async () => {
    const h = await startHarness(suite.db, "thread");
    const incident = await declare(h, "declare P1 prompt-injection Support bot leaks other customers' orders");
    const rootId = incident.space!.id.split(";messageid=")[1]!;
    const root = () => h.fake.activities.get(rootId)!;
    expect(root().conversationId).toBe(INCIDENTS_CHANNEL);
    const card = () => JSON.stringify(root().activity.attachments?.[0]?.content ?? {});
    expect(card()).toContain(`${incident.humanId} · P1 — Critical`);
    expect(card()).toContain("Support bot leaks other customers' orders");
    expect(card()).toContain(`<at>${ALICE.name}</at>`);
    // No second top-level post in the incidents channel: the thread's root is the announcement.
    expect(h.fake.messagesIn(INCIDENTS_CHANNEL)).toHaveLength(1);

    await say(h, incident.space!.id, "severity P2");
    expect(card()).toContain("P2 — High");
    await say(h, incident.space!.id, `assign commander <at>${BOB.name}</at>`, [BOB]);
    expect(card()).toContain(`<at>${BOB.name}</at>`);
    // Phase moves are the commander's: Bob's now.
    await say(h, incident.space!.id, "status containment", [], BOB);
    expect(card()).toContain("Containment");
    expect(h.fake.messagesIn(INCIDENTS_CHANNEL)).toHaveLength(1);
  });

  it("thread mode: the declarer's reply links the thread, not a channel that does not exist", async () => {
    const h = await startHarness(suite.db, "thread");
    const incident = await declare(h, "declare P2 Poisoned fine-tuning batch");
    const reply = JSON.stringify(h.fake.cardsIn(typedIn).at(-1));
    const [channelId, rootId] = incident.space!.id.split(";messageid=");
    expect(reply).toContain(`https://teams.microsoft.com/l/message/${encodeURIComponent(channelId!)}/${rootId}`);
    expect(reply).not.toContain(`#${incident.space!.name}`);
  });

  it("channel mode: one card in the incidents channel linking the new channel, updated in place", async () => {
    const h = await startHarness(suite.db, "channel", { TEAMS_INCIDENTS_CHANNEL_ID: INCIDENTS_CHANNEL });
    const incident = await declare(h, "declare P1 data-poisoning Fraud model flags drift");
    const posted = h.fake.messagesIn(INCIDENTS_CHANNEL);
    expect(posted).toHaveLength(1);
    const card = () => JSON.stringify(posted[0]!.activity.attachments[0].content);
    expect(card()).toContain(incident.space!.url!);
    expect(card()).toContain("P1 — Critical");
    await say(h, incident.space!.id, "severity P3");
    expect(posted[0]!.updates).toBe(1);
    expect(card()).toContain("P3 — Moderate");
  });

  it("a private incident is never announced", async () => {
    const h = await startHarness(suite.db, "channel", { TEAMS_INCIDENTS_CHANNEL_ID: INCIDENTS_CHANNEL });
    await declare(h, "declare P1 --private Insider copies the training set");
    expect(h.fake.messagesIn(INCIDENTS_CHANNEL)).toHaveLength(0);
  });
});
