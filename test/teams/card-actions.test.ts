import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { checklistSteps, incidentLog, incidents, postedMessages } from "../../src/store/schema.js";
import { cardAction, mentionMessage } from "./support/activities.js";
import { BOB, GENERAL_CHANNEL, startHarness, type TeamsHarness, useTeamsSuite } from "./support/harness.js";

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
const checkRows = (incidentId: string) => suite.db.db.select().from(incidentLog).where(and(eq(incidentLog.incidentId, incidentId), eq(incidentLog.kind, "check")));

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

  it("the severity button posts a form whose submission changes the severity", async () => {
    h = await startHarness(suite.db);
    const { incident, posted } = await declared(h);
    const summary = posted.find((p) => p.purpose === "summary")!;
    const open = await h.send(cardAction(h.fake.url, incident.space!.id, summary.messageId, "severity.open", { incidentId: incident.id }));
    expect(open.body).toMatchObject({ statusCode: 200, type: "application/vnd.microsoft.activity.message" });
    const form = h.fake.messagesIn(incident.space!.id).at(-1)!;
    expect(JSON.stringify(form.activity)).toContain("severity.set");

    const set = await h.send(cardAction(h.fake.url, incident.space!.id, form.id, "severity.set", { incidentId: incident.id, severity: "P3" }));
    expect(set.body.type).toBe("application/vnd.microsoft.card.adaptive");
    const [after] = await suite.db.db.select().from(incidents);
    expect(after!.severity).toBe("P3");
    expect(JSON.stringify(h.fake.activities.get(summary.messageId)!.activity)).toContain("P3");
  });

  it("the phase and update forms move the incident on and post the update", async () => {
    h = await startHarness(suite.db);
    const { incident, posted } = await declared(h);
    const summary = posted.find((p) => p.purpose === "summary")!;
    for (const verb of ["phase.open", "update.open", "roles.open"]) {
      await h.send(cardAction(h.fake.url, incident.space!.id, summary.messageId, verb, { incidentId: incident.id }));
    }
    const forms = h.fake.messagesIn(incident.space!.id).slice(-3).map((m) => JSON.stringify(m.activity));
    expect(forms[0]).toContain("phase.set");
    expect(forms[1]).toContain("update.post");
    expect(forms[2]).toContain("graph.microsoft.com/users");

    const phase = await h.send(cardAction(h.fake.url, incident.space!.id, "f1", "phase.set", { incidentId: incident.id, phase: "containment" }));
    expect(phase.body.type).toBe("application/vnd.microsoft.card.adaptive");
    const update = await h.send(cardAction(h.fake.url, incident.space!.id, "f2", "update.post", { incidentId: incident.id, text: "Model isolated; next update 15:00" }));
    expect(update.body.type).toBe("application/vnd.microsoft.card.adaptive");
    const [after] = await suite.db.db.select().from(incidents);
    expect(after!.phase).toBe("containment");
    const kinds = (await suite.db.db.select().from(incidentLog).where(eq(incidentLog.incidentId, incident.id))).map((r) => `${r.text}:${r.outcome}`);
    expect(kinds).toEqual(expect.arrayContaining(["[card] phase.set:ok", "[card] update.post:ok"]));
  });

  it("a refused form submission says why and keeps the form", async () => {
    h = await startHarness(suite.db);
    const { incident } = await declared(h);
    const res = await h.send(cardAction(h.fake.url, incident.space!.id, "f3", "phase.set", { incidentId: incident.id, phase: "closed" }));
    expect(res.body.type).toBe("application/vnd.microsoft.activity.message");
    expect(res.body.value.length).toBeGreaterThan(10);
    const rejected = await suite.db.db.select().from(incidentLog).where(and(eq(incidentLog.incidentId, incident.id), eq(incidentLog.outcome, "rejected")));
    expect(rejected.map((r) => r.text)).toEqual(["[card] phase.set"]);
  });

  it("declares from the form: acknowledges at once, then replaces the form with the result", async () => {
    h = await startHarness(suite.db);
    const formId = "1700000000055";
    // The form message is the bot's own; the fake needs it to exist before it can be replaced.
    h.fake.activities.set(formId, { id: formId, conversationId: `${GENERAL_CHANNEL};messageid=${formId}`, activity: {}, updates: 0 });
    const res = await h.send(
      cardAction(h.fake.url, `${GENERAL_CHANNEL};messageid=${formId}`, formId, "declare.submit", { title: "Agent wires money", severity: "P1", vector: "prompt-injection", source: "user-report", started: "30m ago", description: "A customer saw it" }),
    );
    expect(res.body.value.body[0].text).toContain("Declaring");
    await h.mounted.idle();
    const [incident] = await suite.db.db.select().from(incidents);
    expect(incident).toMatchObject({ title: "Agent wires money", severity: "P1", vector: "prompt-injection", detectionSource: "user-report" });
    const [log] = await suite.db.db.select().from(incidentLog).where(eq(incidentLog.kind, "declare"));
    expect(log!.text).toBe("[card] declare");
    expect(JSON.stringify(h.fake.activities.get(formId)!.activity)).toContain(`Declared ${incident!.humanId}`);
  });

  it("refuses an unknown card action with a notice and logs it", async () => {
    h = await startHarness(suite.db);
    const res = await h.send(cardAction(h.fake.url, GENERAL_CHANNEL, "1", "teleport", {}));
    expect(res.body).toMatchObject({ type: "application/vnd.microsoft.activity.message" });
    const rejected = await suite.db.db.select().from(incidentLog).where(eq(incidentLog.outcome, "rejected"));
    expect(rejected.map((r) => r.text)).toEqual(["[card] teleport"]);
  });
});
