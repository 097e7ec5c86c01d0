import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { incidentLog, reminders } from "../../src/store/schema.js";
import { cardAction } from "./support/activities.js";
import { BOB } from "./support/harness.js";
import { cardButtons, declareByMention, type ScheduledTeams, startScheduledTeams, useScheduledTeamsSuite } from "./support/scheduled.js";

const suite = useScheduledTeamsSuite();
let s: ScheduledTeams | undefined;

/** Declares, fires the +10 overdue nudge for minute 0–5 and returns its posted card. */
async function nudged() {
  s = await startScheduledTeams(suite.db);
  const incident = await declareByMention(s.h, suite.db);
  await s.at(10);
  const [reminder] = await suite.db.db.select().from(reminders).where(and(eq(reminders.incidentId, incident.id), eq(reminders.key, "overdue:fh-0:nudge")));
  expect(reminder!.status).toBe("fired");
  const message = s.h.fake.messagesIn(incident.space.id).find((m) => JSON.stringify(m.activity).includes("nudge.snooze"))!;
  return { incident, reminder: reminder!, message, buttons: cardButtons(message.activity) };
}

const rowsOf = (kind: string) => suite.db.db.select().from(incidentLog).where(eq(incidentLog.kind, kind)).orderBy(incidentLog.seq);

describe("Teams: Snooze and Done on nudges", () => {
  it("renders the nudge's buttons as Action.Execute carrying the reminder id", async () => {
    const { reminder, buttons } = await nudged();
    expect(buttons.get("nudge.snooze")).toMatchObject({ type: "Action.Execute", title: "Snooze 30m", data: { verb: "nudge.snooze", reminderId: reminder.id } });
    expect(buttons.get("nudge.done")).toMatchObject({ type: "Action.Execute", title: "Done", data: { verb: "nudge.done", reminderId: reminder.id } });
    expect(buttons.get("nudge.done")!.data).not.toHaveProperty("incidentId");
  });

  it("Snooze reschedules the nudge, answers with the outcome and the snoozed copy fires later", async () => {
    const { incident, reminder, message, buttons } = await nudged();
    const { verb: _verb, ...data } = buttons.get("nudge.snooze")!.data;
    const res = await s!.h.send(cardAction(s!.h.fake.url, incident.space.id, message.id, "nudge.snooze", data, BOB));

    expect(res.body).toMatchObject({ statusCode: 200, type: "application/vnd.microsoft.card.adaptive" });
    const answer = JSON.stringify(res.body.value);
    // Everyone sees who snoozed it and until when; the buttons are gone.
    expect(answer).toContain(`Snoozed by @${BOB.name} until`);
    expect(answer).toContain("minute 0–5");
    expect(answer).toContain(BOB.name);
    expect(answer).not.toContain("nudge.snooze");

    const rows = await suite.db.db.select().from(reminders).where(eq(reminders.incidentId, incident.id));
    expect(rows.find((r) => r.id === reminder.id)!.status).toBe("done");
    const copy = rows.find((r) => r.key === "overdue:fh-0:nudge~snooze@2026-11-25T14:40:00.000Z")!;
    expect(copy).toMatchObject({ status: "scheduled", fireAt: new Date("2026-11-25T14:40:00.000Z") });
    const [logged] = await rowsOf("snooze");
    expect(logged).toMatchObject({ outcome: "ok", text: `[button] nudge.snooze ${reminder.id}`, actorKind: "teams", actorId: BOB.aadObjectId, incidentId: incident.id });

    const fired = await s!.at(40);
    expect(fired.some((f) => f.outcome === "fired" && f.reminder.id === copy.id)).toBe(true);
    const renudge = s!.h.fake.messagesIn(incident.space.id).filter((m) => cardButtons(m.activity).get("nudge.done")?.data.reminderId === copy.id);
    expect(renudge).toHaveLength(1);
  });

  it("Done dismisses the nudge and cancels its escalation", async () => {
    const { incident, reminder, message, buttons } = await nudged();
    const { verb: _verb, ...data } = buttons.get("nudge.done")!.data;
    const res = await s!.h.send(cardAction(s!.h.fake.url, incident.space.id, message.id, "nudge.done", data, BOB));

    expect(res.body.type).toBe("application/vnd.microsoft.card.adaptive");
    expect(JSON.stringify(res.body.value)).toContain(`Done — marked by @${BOB.name}`);
    expect(JSON.stringify(res.body.value)).not.toContain("nudge.done");
    const rows = await suite.db.db.select().from(reminders).where(eq(reminders.incidentId, incident.id));
    expect(rows.find((r) => r.id === reminder.id)!.status).toBe("done");
    expect(rows.find((r) => r.key === "overdue:fh-0:escalate")!.status).toBe("done");
    const [logged] = await rowsOf("dismiss");
    expect(logged).toMatchObject({ outcome: "ok", text: `[button] nudge.done ${reminder.id}`, actorId: BOB.aadObjectId });
    expect((await s!.at(15)).some((f) => f.outcome === "fired" && f.reminder.key === "overdue:fh-0:escalate")).toBe(false);

    // Pressing Done again is refused by the core with a notice, and logged.
    const again = await s!.h.send(cardAction(s!.h.fake.url, incident.space.id, message.id, "nudge.done", data, BOB));
    expect(again.body).toMatchObject({ type: "application/vnd.microsoft.activity.message", value: expect.stringContaining("already marked done") });
    expect((await rowsOf("dismiss")).map((r) => r.outcome)).toEqual(["ok", "rejected"]);
  });

  it("an unknown reminder id gets a clear notice and a rejected log row", async () => {
    const { incident, message } = await nudged();
    const unknown = randomUUID();
    const res = await s!.h.send(cardAction(s!.h.fake.url, incident.space.id, message.id, "nudge.snooze", { reminderId: unknown }, BOB));

    expect(res.body).toMatchObject({ statusCode: 200, type: "application/vnd.microsoft.activity.message" });
    expect(res.body.value).toContain("That button no longer matches a reminder.");
    expect(res.body.value).toContain("@Firebreak reminders");
    const rejected = await suite.db.db.select().from(incidentLog).where(eq(incidentLog.outcome, "rejected")).orderBy(incidentLog.seq);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ kind: "nudge.snooze", text: `[button] nudge.snooze ${unknown}`, actorId: BOB.aadObjectId });
    expect(await rowsOf("snooze")).toHaveLength(0);
  });
});
