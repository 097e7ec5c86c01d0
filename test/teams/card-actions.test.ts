import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { checklistSteps, incidentLog, incidents, postedMessages } from "../../src/store/schema.js";
import { cardAction, dialogForm, mentionMessage, taskFetch, taskSubmit } from "./support/activities.js";
import { fillDialog } from "./support/dialogs.js";
import { ALICE, BOB, GENERAL_CHANNEL, startHarness, type TeamsHarness, useTeamsSuite } from "./support/harness.js";

const suite = useTeamsSuite();
let h: TeamsHarness | undefined;

async function declared(harness: TeamsHarness) {
  await harness.send(mentionMessage(harness.fake.url, "declare P1 prompt-injection Support bot leaks orders"));
  await harness.mounted.idle();
  const [incident] = await suite.db.db.select().from(incidents);
  const posted = await suite.db.db.select().from(postedMessages).where(eq(postedMessages.incidentId, incident!.id));
  const triage = posted.find((p) => p.purpose === "phase:triage")!;
  return { incident: incident!, posted, checklist: triage };
}

/** The first step on a card that is not ticked yet (the declaration ticks severity and vector). */
const stepKeyIn = (card: unknown) => /"id":"step:([^"]+)","title":"[^"]*","value":"false"/.exec(JSON.stringify(card))![1]!;
const checkRows = (incidentId: string) => suite.db.db.select().from(incidentLog).where(and(eq(incidentLog.incidentId, incidentId), eq(incidentLog.kind, "check"))).orderBy(incidentLog.seq);

describe("Teams: Adaptive Card actions", () => {
  it("a toggle invoke records the step, returns the refreshed card and updates it for everyone", async () => {
    h = await startHarness(suite.db);
    const { incident, checklist } = await declared(h);
    const card = h.fake.activities.get(checklist.messageId)!.activity.attachments[0].content;
    const stepKey = stepKeyIn(card);

    const res = await h.send(cardAction(h.fake.url, incident.space!.id, checklist.messageId, "checklist.toggle", { stepKey, checked: true }, BOB));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ statusCode: 200, type: "application/vnd.microsoft.card.adaptive" });
    const toggle = JSON.stringify(res.body.value);
    expect(toggle).toContain(`"id":"step:${stepKey}","title":`);
    expect(toggle).toMatch(new RegExp(`"id":"step:${stepKey.replace(/[.]/g, "\\.")}","title":"[^"]+","value":"true"`));
    expect(toggle).toContain(`✓ ${BOB.name}`);

    const [row] = await suite.db.db.select().from(checklistSteps).where(eq(checklistSteps.stepKey, stepKey));
    expect(row).toMatchObject({ checked: true, changedBy: { kind: "teams", userId: BOB.aadObjectId } });
    expect(await checkRows(incident.id)).toHaveLength(1);
    // Everyone else sees it through updateActivity on the same message.
    expect(h.fake.activities.get(checklist.messageId)!.updates).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(h.fake.activities.get(checklist.messageId)!.activity)).toContain(`✓ ${BOB.name}`);
  });

  it("a duplicate invoke changes nothing and writes no second log row", async () => {
    h = await startHarness(suite.db);
    const { incident, checklist } = await declared(h);
    const stepKey = stepKeyIn(h.fake.activities.get(checklist.messageId)!.activity.attachments[0].content);
    const click = cardAction(h.fake.url, incident.space!.id, checklist.messageId, "checklist.toggle", { stepKey, checked: true }, BOB);
    const first = await h.send(click);
    const updatesAfterFirst = h.fake.activities.get(checklist.messageId)!.updates;
    const second = await h.send(click);

    expect(second.body).toEqual(first.body);
    expect(await checkRows(incident.id)).toHaveLength(1);
    expect(h.fake.activities.get(checklist.messageId)!.updates).toBe(updatesAfterFirst);
  });

  it("`Save ticks` records every toggle that changed, and only those", async () => {
    h = await startHarness(suite.db);
    const { incident, checklist } = await declared(h);
    const keys = [...JSON.stringify(h.fake.activities.get(checklist.messageId)!.activity).matchAll(/"id":"step:([^"]+)"/g)].map((m) => m[1]!);
    const checkedNow = async () => (await suite.db.db.select().from(checklistSteps).where(eq(checklistSteps.incidentId, incident.id))).filter((s) => s.checked).map((s) => s.stepKey);
    // Steps the declaration ticked already (in other sections) must stay as they are.
    const before = await checkedNow();
    const open = keys.filter((k) => !before.includes(k));
    // The card as it was, with two more boxes ticked: only those two are changes.
    const inputs = Object.fromEntries(keys.map((k) => [`step:${k}`, before.includes(k) || open.slice(0, 2).includes(k) ? "true" : "false"]));
    const res = await h.send(cardAction(h.fake.url, incident.space!.id, checklist.messageId, "checklist.save", inputs));
    expect(res.body.type).toBe("application/vnd.microsoft.card.adaptive");
    expect((await checkedNow()).sort()).toEqual([...before, ...open.slice(0, 2)].sort());
    // One command, one transaction, one log row for the save.
    const rows = await checkRows(incident.id);
    expect(rows).toHaveLength(1);
    expect((rows[0]!.payload.changed as { key: string }[]).map((c) => c.key)).toEqual(open.slice(0, 2));
  });

  it("the severity button opens a form in a dialog for the presser alone; submitting it changes the severity", async () => {
    h = await startHarness(suite.db);
    const { incident, posted } = await declared(h);
    const summary = posted.find((p) => p.purpose === "summary")!;
    const summaryCard = h.fake.activities.get(summary.messageId)!.activity.attachments[0].content;
    expect(summaryCard.actions).toContainEqual(expect.objectContaining({ type: "Action.Submit", data: { verb: "severity.open", incidentId: incident.id, msteams: { type: "task/fetch" } } }));
    const before = h.fake.messagesIn(incident.space!.id).length;
    const { opened, submitted, data } = await fillDialog(h, incident.space!.id, { verb: "severity.open", incidentId: incident.id }, { severity: "P3" });
    expect(opened.task).toMatchObject({ type: "continue", value: { title: `Severity · ${incident.humanId}`, card: { contentType: "application/vnd.microsoft.card.adaptive" } } });
    expect(data).toMatchObject({ verb: "severity.set", incidentId: incident.id, openedBy: ALICE.aadObjectId, formId: expect.any(String) });
    expect(submitted).toEqual({ task: { type: "message", value: "Done." } });
    const [after] = await suite.db.db.select().from(incidents);
    expect(after!.severity).toBe("P3");
    expect(JSON.stringify(h.fake.activities.get(summary.messageId)!.activity)).toContain("P3");
    // Nothing public was posted for the form: only the announcement of the change.
    expect(h.fake.messagesIn(incident.space!.id).slice(before).map((m) => JSON.stringify(m.activity))).not.toContainEqual(expect.stringContaining("severity.set"));
  });

  it("a form is submitted once: the same dialog sent twice changes and logs once", async () => {
    h = await startHarness(suite.db);
    const { incident } = await declared(h);
    const opened = await h.send(taskFetch(h.fake.url, incident.space!.id, { verb: "update.open", incidentId: incident.id }));
    const { data } = dialogForm(opened.body);
    const send = () => h!.send(taskSubmit(h!.fake.url, incident.space!.id, { ...data, text: "Model isolated; next update 15:00" }));
    const [first, second] = [await send(), await send()];
    expect(second.body).toEqual(first.body);
    const updates = await suite.db.db.select().from(incidentLog).where(and(eq(incidentLog.incidentId, incident.id), eq(incidentLog.kind, "update"))).orderBy(incidentLog.seq);
    expect(updates).toHaveLength(1);
    expect(updates[0]!.text).toBe("[dialog] update.post");
  });

  it("only the person who opened a form can submit it", async () => {
    h = await startHarness(suite.db);
    const { incident } = await declared(h);
    const opened = await h.send(taskFetch(h.fake.url, incident.space!.id, { verb: "severity.open", incidentId: incident.id }, ALICE));
    const res = await h.send(taskSubmit(h.fake.url, incident.space!.id, { ...dialogForm(opened.body).data, severity: "P4" }, BOB));
    expect(res.body.task.value).toMatch(/opened by someone else/);
    const [after] = await suite.db.db.select().from(incidents);
    expect(after!.severity).toBe("P1");
    const [rejected] = await suite.db.db.select().from(incidentLog).where(eq(incidentLog.outcome, "rejected")).orderBy(incidentLog.seq);
    expect(rejected!.reason).toBe(`form opened by teams:${ALICE.aadObjectId}, submitted by teams:${BOB.aadObjectId}`);
  });

  it("the phase and update dialogs move the incident on and post the update", async () => {
    h = await startHarness(suite.db);
    const { incident } = await declared(h);
    const phase = await fillDialog(h, incident.space!.id, { verb: "phase.open", incidentId: incident.id }, { phase: "containment" });
    expect(phase.submitted).toEqual({ task: { type: "message", value: "Done." } });
    const update = await fillDialog(h, incident.space!.id, { verb: "update.open", incidentId: incident.id }, { text: "Model isolated; next update 15:00" });
    expect(update.submitted.task.type).toBe("message");
    const roles = await h.send(taskFetch(h.fake.url, incident.space!.id, { verb: "roles.open", incidentId: incident.id }));
    expect(JSON.stringify(roles.body)).toContain("graph.microsoft.com/users");
    const [after] = await suite.db.db.select().from(incidents);
    expect(after!.phase).toBe("containment");
    const kinds = (await suite.db.db.select().from(incidentLog).where(eq(incidentLog.incidentId, incident.id)).orderBy(incidentLog.seq)).map((r) => `${r.text}:${r.outcome}`);
    expect(kinds).toEqual(expect.arrayContaining(["[dialog] phase.set:ok", "[dialog] update.post:ok"]));
  });

  it("a refused form submission says why, in the dialog", async () => {
    h = await startHarness(suite.db);
    const { incident } = await declared(h);
    const { submitted } = await fillDialog(h, incident.space!.id, { verb: "phase.open", incidentId: incident.id }, { phase: "closed" });
    expect(submitted.task).toMatchObject({ type: "message", value: expect.stringMatching(/cannot move from Detection & triage to Closed/) });
    const rejected = await suite.db.db.select().from(incidentLog).where(and(eq(incidentLog.incidentId, incident.id), eq(incidentLog.outcome, "rejected"))).orderBy(incidentLog.seq);
    expect(rejected.map((r) => r.text)).toEqual(["[dialog] phase.set"]);
  });

  it("a form card posted before forms moved into dialogs no longer acts", async () => {
    h = await startHarness(suite.db);
    const { incident } = await declared(h);
    const res = await h.send(cardAction(h.fake.url, incident.space!.id, "f3", "severity.set", { incidentId: incident.id, severity: "P4" }, BOB));
    expect(res.body).toMatchObject({ type: "application/vnd.microsoft.activity.message", value: expect.stringMatching(/dialog/) });
    const [after] = await suite.db.db.select().from(incidents);
    expect(after!.severity).toBe("P1");
  });

  it("declares from the dialog: acknowledges at once, then answers in the conversation", async () => {
    h = await startHarness(suite.db);
    const where = `${GENERAL_CHANNEL};messageid=1700000000055`;
    const { submitted } = await fillDialog(h, where, { verb: "declare.open" }, { title: "Agent wires money", severity: "P1", vector: "prompt-injection", source: "user-report", started: "30m ago", description: "A customer saw it", private: "false" });
    expect(submitted.task.value).toContain("Declaring “Agent wires money”");
    const [incident] = await suite.db.db.select().from(incidents);
    expect(incident).toMatchObject({ title: "Agent wires money", severity: "P1", vector: "prompt-injection", detectionSource: "user-report", isPrivate: false });
    const [log] = await suite.db.db.select().from(incidentLog).where(eq(incidentLog.kind, "declare")).orderBy(incidentLog.seq);
    expect(log!.text).toBe("[dialog] declare.submit");
    expect(JSON.stringify(h.fake.cardsIn(where))).toContain(`Declared ${incident!.humanId}`);
  });

  it("refuses an unknown card action with a notice and logs it", async () => {
    h = await startHarness(suite.db);
    const res = await h.send(cardAction(h.fake.url, GENERAL_CHANNEL, "1", "teleport", {}));
    expect(res.body).toMatchObject({ type: "application/vnd.microsoft.activity.message" });
    const rejected = await suite.db.db.select().from(incidentLog).where(eq(incidentLog.outcome, "rejected")).orderBy(incidentLog.seq);
    expect(rejected.map((r) => r.text)).toEqual(["[card] teleport"]);
  });
});
