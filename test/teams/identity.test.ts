import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { checklistSteps, incidentLog, incidents, postedMessages, roleAssignments } from "../../src/store/schema.js";
import { cardAction, mentionMessage } from "./support/activities.js";
import { fillDialog } from "./support/dialogs.js";
import { ALICE, BOB, startHarness, type TeamsHarness, useTeamsSuite } from "./support/harness.js";

const suite = useTeamsSuite();
let h: TeamsHarness;

const CAROL = { id: "29:1carol", aadObjectId: "aad-carol", name: "Carol Diaz" };
const BOB_AS_PERSON = { platform: "teams", id: BOB.aadObjectId, name: BOB.name, extra: { teamsUserId: BOB.id } };

async function declare() {
  await h.send(mentionMessage(h.fake.url, "declare P1 prompt-injection Support bot leaks orders", { from: ALICE }));
  await h.mounted.idle();
  const [incident] = await suite.db.db.select().from(incidents);
  return incident!;
}

async function say(text: string, from: typeof ALICE, conversationId: string, mentions: (typeof ALICE)[] = []) {
  await h.send(mentionMessage(h.fake.url, text, { from, conversationId, mentions }));
  await h.mounted.idle();
}

const memberLookups = () => h.fake.calls("GET", /^\/v3\/conversations\/[^/]+\/members\//);
const currentRoles = async () => (await suite.db.db.select().from(roleAssignments)).filter((r) => !r.endedAt);

describe("Teams: one person, one identity", () => {
  it("a user @mentioned (29: id) and the same user writing and clicking (object id) are one person", async () => {
    h = await startHarness(suite.db, "thread");
    const incident = await declare();
    const thread = incident.space!.id;

    // Alice mentions Bob, who has not written yet: the mention carries only his 29: id.
    await say(`assign tech-lead <at>${BOB.name}</at>`, ALICE, thread, [BOB]);
    expect(memberLookups().map((c) => c.path.split("/members/")[1])).toEqual([BOB.id]);
    // Bob writes himself, then ticks a checklist step on a card.
    await say("assign comms-lead me", BOB, thread);
    const checklist = (await suite.db.db.select().from(postedMessages).where(eq(postedMessages.incidentId, incident.id))).find((p) => p.purpose.startsWith("checklist:"))!;
    const stepKey = /"id":"step:([^"]+)"/.exec(JSON.stringify(h.fake.activities.get(checklist.messageId)!.activity))![1]!;
    await h.send(cardAction(h.fake.url, thread, checklist.messageId, "checklist.toggle", { stepKey, checked: true }, BOB));

    const roles = await currentRoles();
    expect(roles.find((r) => r.role === "tech-lead")!.person).toEqual(BOB_AS_PERSON);
    // `me` comes from the actor, which has no room for the 29: id; the identity is the same.
    expect(roles.find((r) => r.role === "comms-lead")!.person).toMatchObject({ platform: "teams", id: BOB.aadObjectId, name: BOB.name });
    expect(new Set(roles.map((r) => r.person.id))).toEqual(new Set([ALICE.aadObjectId, BOB.aadObjectId]));
    const [step] = await suite.db.db.select().from(checklistSteps).where(eq(checklistSteps.stepKey, stepKey));
    expect(step!.changedBy).toMatchObject({ kind: "teams", userId: BOB.aadObjectId });
    const bobsRows = (await suite.db.db.select().from(incidentLog).orderBy(incidentLog.seq)).filter((r) => r.actorId?.includes("bob"));
    expect(new Set(bobsRows.map((r) => r.actorId))).toEqual(new Set([BOB.aadObjectId]));
  });

  it("a user seen writing is recognised in a later mention without asking Teams", async () => {
    h = await startHarness(suite.db, "thread");
    const incident = await declare();
    await say("roles", BOB, incident.space!.id);
    await say(`assign legal <at>${BOB.name}</at>`, ALICE, incident.space!.id, [BOB]);
    expect(memberLookups()).toHaveLength(0);
    expect((await currentRoles()).find((r) => r.role === "legal")!.person).toEqual(BOB_AS_PERSON);
  });

  it("the people picker's object id gives the same person as a mention", async () => {
    h = await startHarness(suite.db, "thread");
    const incident = await declare();
    await say(`assign tech-lead <at>${BOB.name}</at>`, ALICE, incident.space!.id, [BOB]);
    await fillDialog(h, incident.space!.id, { verb: "roles.open", incidentId: incident.id }, { role: "legal", slot: "primary", person: BOB.aadObjectId }, ALICE);
    const roles = await currentRoles();
    expect(roles.find((r) => r.role === "legal")!.person).toEqual(roles.find((r) => r.role === "tech-lead")!.person);
  });

  it("a mention Teams cannot resolve is refused rather than stored under the 29: id", async () => {
    h = await startHarness(suite.db, "thread");
    const incident = await declare();
    await say(`assign tech-lead <at>${CAROL.name}</at>`, ALICE, incident.space!.id, [CAROL]);
    expect(memberLookups().map((c) => c.path.split("/members/")[1])).toEqual([CAROL.id]);
    expect((await currentRoles()).some((r) => r.role === "tech-lead")).toBe(false);
    const reply = JSON.stringify(h.fake.cardsIn(incident.space!.id).at(-1));
    expect(reply).toMatch(/I can't find @Carol_Diaz on teams/);

    // Once Teams knows her (added to the team), the same mention works, under her object id.
    h.fake.members.set(CAROL.id, CAROL);
    await say(`assign tech-lead <at>${CAROL.name}</at>`, ALICE, incident.space!.id, [CAROL]);
    expect((await currentRoles()).find((r) => r.role === "tech-lead")!.person).toEqual({ platform: "teams", id: CAROL.aadObjectId, name: CAROL.name, extra: { teamsUserId: CAROL.id } });
  });

  it("a private reply to a role holder reaches the 29: id stored with them", async () => {
    h = await startHarness(suite.db, "thread");
    const incident = await declare();
    await say(`assign tech-lead <at>${BOB.name}</at>`, ALICE, incident.space!.id, [BOB]);
    const holder = (await currentRoles()).find((r) => r.role === "tech-lead")!.person;
    // A fresh port (as after a restart) knows nobody; the stored person is enough.
    const fresh = await startHarness(suite.db, "thread");
    await fresh.teams.port.replyPrivately({ person: holder }, { text: "your turn", blocks: [{ type: "text", text: ["your turn"] }] });
    expect(fresh.fake.calls("POST", /^\/v3\/conversations$/)[0]!.body.members).toEqual([{ id: BOB.id, name: BOB.name }]);
  });
});
