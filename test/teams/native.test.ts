import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { checklistSteps, incidents } from "../../src/store/schema.js";
import { botInstalled, cardAction, mentionMessage } from "./support/activities.js";
import { ALICE, GENERAL_CHANNEL, INCIDENTS_CHANNEL, startHarness, useTeamsSuite } from "./support/harness.js";

const suite = useTeamsSuite();
const typedIn = `${GENERAL_CHANNEL};messageid=1700000000001`;
const personal = "a:1personal-alice";

/** Everything the bot sent to Teams, as one string (cards, notices, thread roots). */
const allSent = (h: { fake: { requests: { method: string; body: unknown }[] } }) => JSON.stringify(h.fake.requests.filter((r) => r.method !== "GET").map((r) => r.body));

describe("Teams text is Teams text", () => {
  it("help, usage, refusals and hints use @Firebreak, never /incident or backticks", async () => {
    const h = await startHarness(suite.db, "thread");
    for (const text of ["help", "help declare", "sevrity P9", "declare P5 x", "assign wizard @x", "timeline", "", "declare P1 prompt injection Bot leaks"]) {
      await h.send(mentionMessage(h.fake.url, text));
      await h.mounted.idle();
    }
    const [incident] = await suite.db.db.select().from(incidents);
    for (const text of ["checklist", "roles", "reminders", "snooze nope", "status sideways"]) {
      await h.send(mentionMessage(h.fake.url, text, { conversationId: incident!.space!.id }));
      await h.mounted.idle();
    }
    const sent = allSent(h);
    expect(sent).toContain("@Firebreak help <command>");
    expect(sent).toContain("**@Firebreak declare [P1-P4] [vector]");
    expect(sent).not.toContain("/incident");
    expect(sent).not.toContain("`");
    // A backslash escape, as it looks inside JSON inside JSON.
    expect(sent).not.toMatch(/\\\\[*_[\]]/);
  });

  it("a command typed in a reply thread is answered in that thread", async () => {
    const h = await startHarness(suite.db, "thread");
    const thread = `${GENERAL_CHANNEL};messageid=1700000000777`;
    const reply = { ...mentionMessage(h.fake.url, "help severity", { conversationId: thread }), replyToId: "1700000000777" };
    await h.send(reply);
    await h.mounted.idle();
    const answers = h.fake.calls("POST", /^\/v3\/conversations\/[^/]+\/activities/).filter((r) => r.body.type === "message");
    expect(answers).toHaveLength(1);
    expect(answers[0]!.path).toBe(`/v3/conversations/${thread}/activities/${reply.id}`);
    expect(h.fake.messagesIn(GENERAL_CHANNEL)).toHaveLength(0);
  });

  it("when Teams refuses an answer, the person is told why instead of hearing nothing", async () => {
    const h = await startHarness(suite.db, "thread");
    h.fake.failNext("POST", /^\/v3\/conversations\/[^/]+\/activities/, 413, 1, {}, (body) => body?.type === "message");
    await h.send(mentionMessage(h.fake.url, "help"));
    await h.mounted.idle();
    const told = JSON.stringify(h.fake.cardsIn(typedIn));
    expect(told).toContain("I could not show the answer here: it was too big for one Teams message.");
  });
});

describe("Teams: a post Teams refuses is not silent", () => {
  it("a post into the incident thread refused with 413 is reported to the commander privately, with how to retry", async () => {
    const h = await startHarness(suite.db, "thread");
    await h.send(mentionMessage(h.fake.url, "declare P1 prompt-injection Support bot leaks orders"));
    await h.mounted.idle();
    const [incident] = await suite.db.db.select().from(incidents);
    const thread = incident!.space!.id;
    h.fake.failNext("POST", new RegExp(`^/v3/conversations/${thread.replace(/[.;]/g, "\\$&")}/activities`), 413, 1, {}, (body) => body?.type === "message");
    await h.send(mentionMessage(h.fake.url, "update Model offline, filter deployed", { conversationId: thread }));
    await h.mounted.idle();
    const told = JSON.stringify(h.fake.cardsIn(`a:1:${ALICE.id}`));
    expect(told).toContain(`Firebreak could not post a message in the incident channel for ${incident!.humanId}`);
    expect(told).toContain(`**@Firebreak ${incident!.humanId} retry**`);
  });
});

describe("Teams cards work wherever they are shown", () => {
  it("a checklist card in a personal chat carries its incident: its Done button ticks the step", async () => {
    const h = await startHarness(suite.db, "thread");
    await h.send(mentionMessage(h.fake.url, "declare P1 prompt-injection Support bot leaks orders"));
    await h.mounted.idle();
    const [incident] = await suite.db.db.select().from(incidents);
    const ask = { ...mentionMessage(h.fake.url, ""), text: `${incident!.humanId} checklist containment`, entities: [], conversation: { id: personal, conversationType: "personal", tenantId: "t" } };
    await h.send(ask);
    await h.mounted.idle();
    const shown = h.fake.messagesIn(personal).at(-1)!;
    const done = JSON.stringify(shown.activity).match(/"verb":"checklist\.toggle","incidentId":"([^"]+)","stepKey":"([^"]+)"/)!;
    expect(done[1]).toBe(incident!.id);
    const press = await h.send(cardAction(h.fake.url, personal, shown.id, "checklist.toggle", { incidentId: done[1], stepKey: done[2], checked: true }));
    expect(JSON.stringify(press.body)).not.toContain("belongs to no incident");
    const [row] = await suite.db.db.select().from(checklistSteps).where(and(eq(checklistSteps.incidentId, incident!.id), eq(checklistSteps.stepKey, done[2]!)));
    expect(row).toMatchObject({ checked: true, changedBy: { userId: ALICE.aadObjectId } });
  });
});

describe("Teams starts before it is set up, and says what is missing", () => {
  it("without TEAMS_INCIDENTS_CHANNEL_ID: it runs, the welcome card says what to set, a declare explains why it has no thread", async () => {
    const h = await startHarness(suite.db, "thread", { TEAMS_INCIDENTS_CHANNEL_ID: "" });
    expect(h.teams.config.setupNeeded).toMatch(/TEAMS_INCIDENTS_CHANNEL_ID is not set/);
    await h.send(botInstalled(h.fake.url, INCIDENTS_CHANNEL));
    const welcome = JSON.stringify(h.fake.cardsIn(INCIDENTS_CHANNEL));
    expect(welcome).toContain(`Not ready for incidents yet.** Your administrator sets TEAMS_INCIDENTS_CHANNEL_ID=${INCIDENTS_CHANNEL} (this channel)`);
    await h.send(mentionMessage(h.fake.url, "declare P1 Support bot leaks orders"));
    await h.mounted.idle();
    const reply = JSON.stringify(h.fake.cardsIn(typedIn).at(-1));
    expect(reply).toContain("but could not create its channel: TEAMS_INCIDENTS_CHANNEL_ID is not set");
    expect(reply).toContain("**@Firebreak INC-2026-0001 retry**");
  });
});
