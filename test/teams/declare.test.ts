import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { incidentLog, incidents, roleAssignments } from "../../src/store/schema.js";
import { dialogForm, mentionMessage, taskFetch } from "./support/activities.js";
import { ALICE, BOB, GENERAL_CHANNEL, INCIDENTS_CHANNEL, startHarness, type TeamsHarness, useTeamsSuite } from "./support/harness.js";

const suite = useTeamsSuite();
let h: TeamsHarness | undefined;

describe("Teams: declaring by @mention", () => {
  it("starts a thread in the incidents channel and posts the summary and checklist cards there", async () => {
    h = await startHarness(suite.db, "thread");
    const res = await h.send(mentionMessage(h.fake.url, "declare P1 prompt-injection Support bot leaks other customers' orders"));
    expect(res.status).toBe(200);
    await h.mounted.idle();

    const [incident] = await suite.db.db.select().from(incidents);
    expect(incident).toMatchObject({ severity: "P1", vector: "prompt-injection", title: "Support bot leaks other customers' orders" });
    const created = h.fake.calls("POST", /^\/v3\/conversations$/);
    expect(created).toHaveLength(1);
    expect(created[0]!.body.channelData.channel.id).toBe(INCIDENTS_CHANNEL);
    const threadId = incident!.space!.id;
    expect(threadId).toMatch(new RegExp(`^${INCIDENTS_CHANNEL.replace(/[.]/g, "\\.")};messageid=\\d+$`));
    expect(incident!.space!.extra).toMatchObject({ kind: "thread", reference: { conversation: { id: threadId } } });

    const cards = h.fake.cardsIn(threadId);
    // The declarer is mentioned into the thread first, then the summary and checklists follow.
    expect(JSON.stringify(cards[0])).toContain(`<at>${ALICE.name}</at>`);
    expect(cards[0].msteams.entities).toEqual([{ type: "mention", text: `<at>${ALICE.name}</at>`, mentioned: { id: ALICE.aadObjectId, name: ALICE.name } }]);
    expect(JSON.stringify(cards[1])).toContain(incident!.humanId);
    expect(JSON.stringify(cards[1])).toContain("Support bot leaks other customers");
    const toggles = cards.flatMap((c) => JSON.stringify(c).match(/"Input\.Toggle"/g) ?? []);
    expect(toggles.length).toBeGreaterThan(5);
    expect(cards.every((c) => c.type === "AdaptiveCard" && c.version === "1.4")).toBe(true);

    // The person who typed it hears back where the incident lives, in the conversation they used.
    const replies = h.fake.cardsIn(`${GENERAL_CHANNEL};messageid=1700000000001`);
    expect(JSON.stringify(replies)).toContain(`Declared ${incident!.humanId}`);
    const log = await suite.db.db.select().from(incidentLog).where(eq(incidentLog.kind, "declare")).orderBy(incidentLog.seq);
    expect(log[0]!.actor).toEqual({ kind: "teams", tenantId: expect.any(String), userId: ALICE.aadObjectId, name: ALICE.name });
  });

  it("creates a team channel through Graph when channel creation is configured", async () => {
    h = await startHarness(suite.db, "channel");
    await h.send(mentionMessage(h.fake.url, "declare P2 data-poisoning Poisoned fine-tuning batch"));
    await h.mounted.idle();

    const [incident] = await suite.db.db.select().from(incidents);
    const graphCalls = h.fake.calls("POST", /^\/graph\/teams\/.+\/channels$/);
    expect(graphCalls).toHaveLength(1);
    expect(graphCalls[0]!.authorization).toBe("Bearer graph-token-for-graph-app");
    const name = graphCalls[0]!.body.displayName as string;
    expect(name.length).toBeLessThanOrEqual(50);
    expect(incident!.space).toMatchObject({ platform: "teams", name, extra: { kind: "channel" } });
    expect(incident!.space!.url).toContain("teams.microsoft.com");
    expect(h.fake.cardsIn(incident!.space!.id).length).toBeGreaterThanOrEqual(3);
  });

  it("takes the next name when Graph says the channel name exists", async () => {
    h = await startHarness(suite.db, "channel");
    await h.send(mentionMessage(h.fake.url, "declare P2 Poisoned batch"));
    await h.mounted.idle();
    const [first] = await suite.db.db.select().from(incidents);
    // Someone made a channel with the next name by hand; Graph answers 409 for it.
    h.fake.reserveChannelName(`${first!.space!.name}-2`);
    await h.send(mentionMessage(h.fake.url, "declare P2 Poisoned batch"));
    await h.mounted.idle();
    const names = (await suite.db.db.select().from(incidents)).map((i) => i.space?.name).sort();
    expect(names).toEqual([first!.space!.name, `${first!.space!.name}-3`].sort());
  });

  it("assigns a role to the person @mentioned, by their Entra id", async () => {
    h = await startHarness(suite.db, "thread");
    await h.send(mentionMessage(h.fake.url, "declare P1 Jailbreak in the HR assistant"));
    await h.mounted.idle();
    const [incident] = await suite.db.db.select().from(incidents);
    await h.send(mentionMessage(h.fake.url, `assign commander <at>${BOB.name}</at>`, { conversationId: incident!.space!.id, mentions: [BOB] }));
    await h.mounted.idle();

    const roles = await suite.db.db.select().from(roleAssignments);
    expect(roles.find((r) => r.role === "commander" && !r.endedAt)?.person).toEqual({ platform: "teams", id: BOB.aadObjectId, name: BOB.name, extra: { teamsUserId: BOB.id } });
  });

  it("answers bad input with a usage card and logs the refusal", async () => {
    h = await startHarness(suite.db, "thread");
    await h.send(mentionMessage(h.fake.url, "sevrity P9"));
    await h.mounted.idle();
    const replies = JSON.stringify(h.fake.cardsIn(`${GENERAL_CHANNEL};messageid=1700000000001`));
    expect(replies).toMatch(/sevrity|severity/);
    const rejected = await suite.db.db.select().from(incidentLog).where(eq(incidentLog.outcome, "rejected")).orderBy(incidentLog.seq);
    expect(rejected).toHaveLength(1);
  });

  it("takes commands in a personal chat without a mention", async () => {
    h = await startHarness(suite.db, "thread");
    const personal = { ...mentionMessage(h.fake.url, ""), text: "declare P3 Chatbot swears at users", entities: [], conversation: { id: "a:1personal-alice", conversationType: "personal", tenantId: "t" } };
    await h.send(personal);
    await h.mounted.idle();
    const [incident] = await suite.db.db.select().from(incidents);
    expect(incident).toMatchObject({ severity: "P3", title: "Chatbot swears at users" });
    expect(JSON.stringify(h.fake.cardsIn("a:1personal-alice"))).toContain(`Declared ${incident!.humanId}`);
  });

  it("offers the Declare form for a bare mention: a button that opens it in a dialog", async () => {
    h = await startHarness(suite.db, "thread");
    await h.send(mentionMessage(h.fake.url, ""));
    const launcher = h.fake.cardsIn(`${GENERAL_CHANNEL};messageid=1700000000001`)[0];
    expect(launcher.actions).toEqual([expect.objectContaining({ type: "Action.Submit", data: expect.objectContaining({ verb: "declare.open", msteams: { type: "task/fetch" } }) })]);
    // The public card holds no form; pressing it asks the bot for one, shown to the presser alone.
    expect(JSON.stringify(launcher)).not.toContain('"id":"title"');
    const opened = await h.send(taskFetch(h.fake.url, `${GENERAL_CHANNEL};messageid=1700000000001`, { verb: "declare.open" }));
    const ids = JSON.stringify(dialogForm(opened.body).card);
    for (const field of ["title", "severity", "vector", "source", "started", "description", "private"]) expect(ids).toContain(`"id":"${field}"`);
  });

  it("offers the Declare form with what was typed filled in for a declare without a title", async () => {
    h = await startHarness(suite.db, "thread");
    await h.send(mentionMessage(h.fake.url, "declare P1 prompt injection"));
    const launcher = h.fake.cardsIn(`${GENERAL_CHANNEL};messageid=1700000000001`).at(-1);
    // The public card carries only what was typed; the form itself opens for the presser alone.
    const data = launcher.actions[0].data;
    expect(data).toMatchObject({ verb: "declare.open", draft: { severity: "P1", vector: "prompt-injection" } });
    const opened = await h.send(taskFetch(h.fake.url, `${GENERAL_CHANNEL};messageid=1700000000001`, data));
    const form = dialogForm(opened.body).card;
    const inputs = Object.fromEntries(form.body.filter((e: any) => e.id).map((e: any) => [e.id, e]));
    expect(inputs.severity.value).toBe("P1");
    expect(inputs.vector.value).toBe("prompt-injection");
    expect(inputs.title.value).toBeUndefined();
    expect(await suite.db.db.$count(incidents)).toBe(0);
  });

  it("says what it understood, in Teams words", async () => {
    h = await startHarness(suite.db, "thread");
    await h.send(mentionMessage(h.fake.url, "declare P2 Chatbot swears at users"));
    await h.mounted.idle();
    const reply = JSON.stringify(h.fake.cardsIn(`${GENERAL_CHANNEL};messageid=1700000000001`).at(-1));
    expect(reply).toContain("Understood: severity P2 (High) · vector Unknown (not yet classified), not given · title “Chatbot swears at users”.");
    expect(reply).toContain("**@Firebreak vector prompt-injection**");
    expect(reply).not.toMatch(/\/incident|`/);
  });

  it("runs a drill by @mention: a marked DRILL incident in its own thread", async () => {
    h = await startHarness(suite.db, "thread");
    const res = await h.send(mentionMessage(h.fake.url, "drill data-poisoning --speed 30"));
    expect(res.status).toBe(200);
    await h.mounted.idle();
    const [incident] = await suite.db.db.select().from(incidents);
    expect(incident).toMatchObject({ humanId: "DRILL-2026-0001", isDrill: true, vector: "data-poisoning" });
    const cards = JSON.stringify(h.fake.cardsIn(incident!.space!.id));
    expect(cards).toContain("DRILL-2026-0001 · P2 · Drill:");
    expect(cards).toContain("tabletop exercise");
  });
});
