import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { incidentLog, incidents } from "../../src/store/schema.js";
import { cardAction, mentionMessage, taskFetch } from "../teams/support/activities.js";
import { ALICE, BOB, GENERAL_CHANNEL, startHarness, type TeamsHarness, useTeamsSuite } from "../teams/support/harness.js";

/**
 * A private Teams incident lives in a group chat of its responders. Bob is in the team but not in
 * that chat and holds no role: list, hints, lookups by id, cards and dialogs naming it answer as if
 * it did not exist; and what its members ask about it outside the chat comes to them privately.
 */
type Account = { id: string; aadObjectId?: string; name: string };
const suite = useTeamsSuite();
const GENERAL = `${GENERAL_CHANNEL};messageid=1700000000001`;
const SECRET_WORDS = ["INC-2026-0002", "Insider", "weights"];

const expectNothingOf = (text: string) => {
  for (const word of SECRET_WORDS) expect(text, word).not.toContain(word);
};

async function say(h: TeamsHarness, text: string, from: Account, where = GENERAL): Promise<void> {
  await h.send(mentionMessage(h.fake.url, text, { from, conversationId: where }));
  await h.mounted.idle();
}

const everythingIn = (h: TeamsHarness, conversation: string) => JSON.stringify(h.fake.messagesIn(conversation).map((m) => m.activity));
const privateChatOf = (person: Account) => `a:1:${person.id}`;

/** A public incident (INC-2026-0001, a channel) and a private one (INC-2026-0002, a group chat with Alice). */
async function twoIncidents(h: TeamsHarness) {
  await say(h, "declare P2 Model drift in the fraud scorer", ALICE);
  await say(h, "declare P1 --private Insider copying model weights", ALICE);
  const rows = await suite.db.db.select().from(incidents).orderBy(incidents.humanId);
  return { open: rows[0]!, secret: rows[1]! };
}

describe("Teams: a non-member learns nothing about a private incident", () => {
  it("its declaration is answered to the declarer privately; the channel hears only that", async () => {
    const h = await startHarness(suite.db, "channel");
    const { secret } = await twoIncidents(h);
    expect(secret.space!.extra).toMatchObject({ kind: "chat" });
    expectNothingOf(everythingIn(h, GENERAL));
    expect(everythingIn(h, GENERAL)).toContain("I sent you the answer in our private chat.");
    expect(everythingIn(h, privateChatOf(ALICE))).toContain("Declared INC-2026-0002");
  });

  it("list, the hint and a lookup by id say nothing of it to Bob, exactly as for an id that names nothing", async () => {
    const h = await startHarness(suite.db, "channel");
    const { secret } = await twoIncidents(h);
    const before = h.fake.messagesIn(GENERAL).length;
    await say(h, "list", BOB);
    await say(h, "timeline", BOB);
    await say(h, "INC-2026-0002 timeline", BOB);
    await say(h, "INC-2026-0077 timeline", BOB);
    const answers = h.fake.messagesIn(GENERAL).slice(before).filter((m) => m.activity.attachments).map((m) => JSON.stringify(m.activity.attachments[0].content.body));
    expect(answers).toHaveLength(4);
    expect(answers[0]).toContain("INC-2026-0001");
    expect(answers[1]).toContain("Open incidents: INC-2026-0001");
    expect(answers[2]).toBe(answers[3]!.replaceAll("INC-2026-0077", "INC-2026-0002"));
    expect(answers[2]).toContain("There is no incident INC-2026-0002.");
    for (const answer of answers) expectNothingOf(answer.replace("There is no incident INC-2026-0002.", ""));
    // Nothing went to Bob privately either.
    expect(h.fake.messagesIn(privateChatOf(BOB))).toHaveLength(0);
    const [rejected] = await suite.db.db.select().from(incidentLog).where(and(eq(incidentLog.incidentId, secret.id), eq(incidentLog.outcome, "rejected"))).orderBy(incidentLog.seq);
    expect(rejected).toMatchObject({ actorId: BOB.aadObjectId, reason: "teams:aad-bob may not see private INC-2026-0002 (not a member, not in its space, not an admin)" });
  });

  it("a card click or a dialog naming it opens nothing, exactly as for an incident that never existed", async () => {
    const h = await startHarness(suite.db, "channel");
    const { secret } = await twoIncidents(h);
    const answersFor = async (incidentId: string) => {
      const toggle = await h.send(cardAction(h.fake.url, GENERAL, "1", "checklist.toggle", { incidentId, stepKey: "triage.confirm", checked: true }, BOB));
      const dialog = await h.send(taskFetch(h.fake.url, GENERAL, { verb: "roles.open", incidentId }, BOB));
      return [toggle.body, dialog.body];
    };
    const hidden = await answersFor(secret.id);
    expect(hidden).toEqual(await answersFor(randomUUID()));
    expect(hidden[1]).toEqual({ task: { type: "message", value: "That incident no longer exists. `list` shows the open ones." } });
    expectNothingOf(JSON.stringify(hidden));
    const steps = await suite.db.db.select().from(incidentLog).where(and(eq(incidentLog.incidentId, secret.id), eq(incidentLog.actorId, BOB.aadObjectId))).orderBy(incidentLog.seq);
    expect(steps.map((r) => r.outcome)).toEqual(["rejected", "rejected"]);
  });

  it("its members asking about it outside its chat get the answer in their private chat; the chat's roster counts", async () => {
    const h = await startHarness(suite.db, "channel");
    const { secret } = await twoIncidents(h);
    const before = h.fake.messagesIn(GENERAL).length;
    await say(h, "INC-2026-0002 timeline", ALICE);
    const inGeneral = JSON.stringify(h.fake.messagesIn(GENERAL).slice(before).map((m) => m.activity));
    expect(inGeneral).toContain("I sent you the answer in our private chat.");
    expectNothingOf(inGeneral);
    expect(everythingIn(h, privateChatOf(ALICE))).toContain("Timeline · INC-2026-0002");
    // Bob added to the chat in Teams (not through Firebreak): Teams' roster makes him a member.
    h.fake.rosters.get(secret.space!.id)!.add(BOB.aadObjectId);
    await say(h, "INC-2026-0002 timeline", BOB);
    expect(everythingIn(h, privateChatOf(BOB))).toContain("Timeline · INC-2026-0002");
    // Asked in the incident's own chat, the answer stays there.
    await say(h, "timeline", ALICE, secret.space!.id);
    expect(everythingIn(h, secret.space!.id)).toContain("Timeline · INC-2026-0002");
  });
});
