import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { incidentLog, incidents, roleAssignments } from "../../src/store/schema.js";
import { mentionMessage } from "./support/activities.js";
import { fillDialog } from "./support/dialogs.js";
import { ALICE, BOB, GENERAL_CHANNEL, INCIDENTS_CHANNEL, startHarness, TEAM_ID, type TeamsHarness, useTeamsSuite } from "./support/harness.js";

const suite = useTeamsSuite();
let h: TeamsHarness | undefined;

const person = { platform: "teams" as const, id: BOB.aadObjectId, name: BOB.name };

describe("Teams port details", () => {
  it("a private thread's topic is its root post, rewritten in place (an announced thread's root is the announcement)", async () => {
    h = await startHarness(suite.db, "thread");
    const space = await h.teams.port.createSpace({ name: "inc-20261125-topic", topic: "P1 · Triage", private: true });
    const rootId = space.id.split(";messageid=")[1]!;
    expect(JSON.stringify(h.fake.activities.get(rootId)!.activity)).toContain("P1 · Triage");
    await h.teams.port.setTopic(space, "P1 · Containment · IC @alice");
    const root = h.fake.activities.get(rootId)!;
    expect(root.conversationId).toBe(INCIDENTS_CHANNEL);
    expect(root.activity.text).toContain("P1 · Containment · IC @alice");
  });

  it("a channel's topic is its Graph description", async () => {
    h = await startHarness(suite.db, "channel");
    const space = await h.teams.port.createSpace({ name: "inc-20261125-desc", topic: "P2 · Triage", private: false });
    await h.teams.port.setTopic(space, "P2 · Remediation");
    expect(h.fake.calls("PATCH", new RegExp(`^/graph/teams/${TEAM_ID}/channels/`))).toHaveLength(1);
    expect(h.fake.channels.get(space.id)!.description).toBe("P2 · Remediation");
  });

  it("a private incident gets a group chat with the person who declared it, Firebreak installed, its messages there", async () => {
    h = await startHarness(suite.db, "channel");
    await h.send(mentionMessage(h.fake.url, "declare P1 --private Insider exfiltrating weights", { from: ALICE }));
    await h.mounted.idle();
    const [incident] = await suite.db.db.select().from(incidents);
    const chat = h.fake.chats.get(incident!.space!.id)!;
    expect(chat).toMatchObject({ topic: incident!.spaceName, members: [ALICE.aadObjectId], apps: ["catalog-firebreak"] });
    expect(incident!.space!.extra).toMatchObject({ kind: "chat", reference: { conversation: { id: chat.id, conversationType: "groupChat" } } });
    // No channel (public or private) was made, and the summary and checklists went into the chat.
    expect(h.fake.channels.size).toBe(0);
    expect(JSON.stringify(h.fake.cardsIn(chat.id))).toContain(`${incident!.humanId} · P1 · Insider exfiltrating weights`);
    // Assigning someone (Bob, whom the bot has seen before) adds them to the chat: its roster is who sees the incident.
    h.teams.port.directory.remember({ platform: "teams", id: BOB.aadObjectId, name: BOB.name, extra: { teamsUserId: BOB.id } });
    await h.send(mentionMessage(h.fake.url, `assign tech-lead <at>${BOB.name}</at>`, { from: ALICE, conversationId: chat.id, mentions: [BOB] }));
    await h.mounted.idle();
    expect(h.fake.chats.get(chat.id)!.members).toEqual([ALICE.aadObjectId, BOB.aadObjectId]);
  });

  it("refuses to make a private incident chat without the person who declared it", async () => {
    h = await startHarness(suite.db, "channel");
    await expect(h.teams.port.createSpace({ name: "inc-20261125-orphan", topic: "t", private: true })).rejects.toThrow(/person who declared it/);
    expect(h.fake.chats.size).toBe(0);
  });

  it("a private reply opens the person's 1:1 chat with the bot, by their 29: id", async () => {
    h = await startHarness(suite.db, "thread");
    await h.teams.port.replyPrivately({ person: { ...person, extra: { teamsUserId: BOB.id } } }, { text: "only you", blocks: [{ type: "text", text: ["only you"] }] });
    const [create] = h.fake.calls("POST", /^\/v3\/conversations$/);
    expect(create!.body).toMatchObject({ isGroup: false, members: [{ id: BOB.id }] });
    expect(JSON.stringify(h.fake.cardsIn(`a:1:${BOB.id}`))).toContain("only you");
  });

  it("a private reply to a person stored without their 29: id uses the one seen this run, else the object id", async () => {
    h = await startHarness(suite.db, "thread");
    const message = { text: "only you", blocks: [{ type: "text" as const, text: ["only you"] }] };
    await h.teams.port.replyPrivately({ person }, message);
    h.teams.port.directory.remember({ ...person, extra: { teamsUserId: BOB.id } });
    await h.teams.port.replyPrivately({ person }, message);
    expect(h.fake.calls("POST", /^\/v3\/conversations$/).map((c) => c.body.members[0].id)).toEqual([BOB.aadObjectId, BOB.id]);
  });

  it("inviting mentions the people in the space so Teams notifies them", async () => {
    h = await startHarness(suite.db, "thread");
    const space = await h.teams.port.createSpace({ name: "inc-20261125-invite", topic: "t", private: false });
    await h.teams.port.invite(space, [person]);
    const [card] = h.fake.cardsIn(space.id);
    expect(card.msteams.entities).toEqual([{ type: "mention", text: `<at>${BOB.name}</at>`, mentioned: { id: BOB.aadObjectId, name: BOB.name } }]);
  });

  it("assigns a role from the roles form's people picker", async () => {
    h = await startHarness(suite.db, "thread");
    await h.send(mentionMessage(h.fake.url, "declare P1 Jailbreak in the HR assistant"));
    await h.mounted.idle();
    const [incident] = await suite.db.db.select().from(incidents);
    h.fake.members.set(BOB.aadObjectId, { id: BOB.id, name: BOB.name, aadObjectId: BOB.aadObjectId });
    const { submitted } = await fillDialog(h, incident!.space!.id, { verb: "roles.open", incidentId: incident!.id }, { role: "tech-lead", slot: "primary", person: BOB.aadObjectId }, ALICE);
    expect(submitted).toEqual({ task: { type: "message", value: "Done." } });
    const roles = await suite.db.db.select().from(roleAssignments).where(eq(roleAssignments.role, "tech-lead"));
    expect(roles.map((r) => r.person)).toEqual([{ platform: "teams", id: BOB.aadObjectId, name: BOB.name, extra: { teamsUserId: BOB.id } }]);
  });

  it("keeps the incident and says so when Graph cannot create the channel", async () => {
    h = await startHarness(suite.db, "channel");
    h.fake.failNext("POST", /^\/graph\/teams\/.+\/channels$/, 403, 1);
    await h.send(mentionMessage(h.fake.url, "declare P1 Graph says no"));
    await h.mounted.idle();
    const [incident] = await suite.db.db.select().from(incidents);
    expect(incident).toMatchObject({ title: "Graph says no", space: null });
    const failures = await suite.db.db.select().from(incidentLog).where(eq(incidentLog.outcome, "failed")).orderBy(incidentLog.seq);
    expect(failures.map((f) => f.reason).join()).toMatch(/HTTP 403/);
    const reply = JSON.stringify(h.fake.cardsIn(`${GENERAL_CHANNEL};messageid=1700000000001`));
    expect(reply).toContain("could not create its channel");
    expect(reply).toContain("channel");
  });
});
