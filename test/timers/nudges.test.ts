import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { runCommand } from "../../src/app/run-command.js";
import { incidentLog, incidents, type IncidentRow, reminders } from "../../src/store/schema.js";
import type { TestDatabase } from "../support/database.js";
import { shellActor } from "../support/runtime.js";
import { type TimerWorld, useTimerWorld } from "./harness.js";

let t: TestDatabase;
let w: TimerWorld;
const alice = shellActor("alice");

const hooks = useTimerWorld();
beforeEach(() => {
  t = hooks.db;
  w = hooks.world;
});

async function declare(text = "declare P1 prompt-injection Support bot leaks its prompt"): Promise<IncidentRow> {
  const outcome = await runCommand(w.rt, { actor: alice, text, port: w.chat });
  expect(outcome.ok).toBe(true);
  return outcome.incident!;
}

async function run(incident: IncidentRow, text: string, actor = alice) {
  const [row] = await t.db.select().from(incidents).where(eq(incidents.id, incident.id));
  const outcome = await runCommand(w.rt, { actor, text, port: w.chat, space: row!.space! });
  expect(outcome.ok, JSON.stringify(outcome.reply)).toBe(true);
  return outcome;
}

/** Moves the clock to `minutes` after 14:00 and fires what is due then. */
async function at(minutes: number) {
  w.rt.clock.set(new Date(Date.parse("2026-11-25T14:00:00Z") + minutes * 60_000));
  return w.scheduler.runDue(w.rt);
}

const keysOf = (results: Awaited<ReturnType<typeof at>>, outcome: "fired" | "skipped") =>
  results.flatMap((r) => (r.outcome === outcome ? [r.reminder.key] : []));

async function statusOf(incident: IncidentRow, key: string) {
  const [row] = await t.db.select().from(reminders).where(and(eq(reminders.incidentId, incident.id), eq(reminders.key, key)));
  return row?.status;
}

describe("nudges", () => {
  it("resolving cancels first-hour prompts and nudges; nothing posts after", async () => {
    const incident = await declare();
    await at(2);
    await run(incident, "resolve false positive");
    expect(await statusOf(incident, "prompt:fh-5")).toBe("cancelled");
    expect(await statusOf(incident, "overdue:fh-0:nudge")).toBe("cancelled");
    const posted = w.chat.posts.length;
    const results = await at(90);
    expect(keysOf(results, "fired").filter((k) => /^(prompt|overdue|roles|cadence|first-hour)/.test(k))).toEqual([]);
    expect(w.chat.posts.slice(posted).some((p) => p.message.text.includes("minute 5–10"))).toBe(false);
    // The review reminder replaces them.
    expect(await statusOf(incident, `review:${new Date("2026-11-25T14:02:00Z").toISOString()}:half`)).toBe("scheduled");
  });

  it("an overdue nudge whose steps were done is skipped, and the skip is logged", async () => {
    const incident = await declare();
    await run(incident, "check first-hour.confirm");
    const results = await at(10);
    expect(keysOf(results, "skipped")).toContain("overdue:fh-0:nudge");
    const rows = await t.db.select().from(incidentLog).where(and(eq(incidentLog.incidentId, incident.id), eq(incidentLog.kind, "reminder.skipped"))).orderBy(incidentLog.seq);
    expect(rows.find((r) => r.payload.key === "overdue:fh-0:nudge")).toMatchObject({ outcome: "skipped", reason: "the window's steps are done" });
  });

  it("open steps: nudge the owner at window end + 5, escalate to the backup and commander at + 10", async () => {
    const incident = await declare();
    await run(incident, "assign commander backup @carol");
    const nudged = await at(10);
    expect(keysOf(nudged, "fired")).toContain("overdue:fh-0:nudge");
    const nudge = w.chat.posts.find((p) => p.message.text.includes("minute 0–5") && p.message.text.includes("ended 5 minutes ago"))!;
    expect(nudge.message.blocks.some((b) => b.type === "text" && b.text.some((i) => typeof i === "object" && "person" in i && i.person.name === "alice"))).toBe(true);
    expect(nudge.message.blocks.find((b) => b.type === "actions")).toMatchObject({ buttons: [{ action: "nudge.snooze" }, { action: "nudge.done" }] });
    const escalated = await at(15);
    expect(keysOf(escalated, "fired")).toContain("overdue:fh-0:escalate");
    const escalation = w.chat.posts.find((p) => p.message.text.includes("Escalation"))!;
    const people = escalation.message.blocks.flatMap((b) => (b.type === "text" ? b.text : [])).flatMap((i) => (typeof i === "object" && "person" in i ? [i.person.name] : []));
    expect(people).toEqual(["carol", "alice"]);
    // A window whose owning role is unfilled: the commander stands in, and is not asked again to fill it.
    await at(20);
    const techNudge = w.chat.texts().find((x) => x.includes("minute 10–15") && x.includes("ended 5 minutes ago"))!;
    expect(techNudge).toContain("@alice (Incident commander, for the technical lead)");
    expect(techNudge).not.toMatch(/unfilled|assign/);
  });

  it("nudges are aimed: one unfilled-roles nudge in the first hour, escalations only to people who exist", async () => {
    const incident = await declare();
    await run(incident, "assign tech-lead @bob");
    const before = w.chat.posts.length;
    const fired = keysOf(await at(75), "fired");
    const posted = w.chat.posts.slice(before).map((p) => p.message.text);
    // Exactly one nudge asks for roles, and it goes to the commander.
    const roleNudges = posted.filter((x) => /unfilled|assign/i.test(x));
    expect(roleNudges, roleNudges.join("\n---\n")).toHaveLength(1);
    expect(roleNudges[0]).toContain("@alice (Incident commander): 15 minutes in, roles still unfilled");
    // Nobody is backup anywhere: a window alice owns (or stands in for) has nobody else to escalate to…
    for (const window of ["fh-0", "fh-5", "fh-45"]) {
      expect(fired).toContain(`overdue:${window}:nudge`);
      expect(fired).not.toContain(`overdue:${window}:escalate`);
    }
    // …while bob's windows escalate to alice, the commander, and never to an unfilled backup.
    expect(fired).toContain("overdue:fh-10:escalate");
    const escalations = posted.filter((x) => x.includes("Escalation"));
    expect(escalations.length).toBeGreaterThan(0);
    for (const text of escalations) {
      expect(text).toContain("@alice (Incident commander), please take over");
      expect(text).not.toMatch(/backup|unfilled/);
    }
    const skipped = await t.db.select().from(incidentLog).where(and(eq(incidentLog.incidentId, incident.id), eq(incidentLog.kind, "reminder.skipped"))).orderBy(incidentLog.seq);
    expect(skipped.find((r) => r.payload.key === "overdue:fh-0:escalate")?.reason).toContain("nobody to escalate to");
  });

  it("no commander at 5 minutes nudges the channel; unfilled roles at 15 nudge the commander", async () => {
    const incident = await declare();
    await run(incident, "unassign commander");
    expect(keysOf(await at(5), "fired")).toContain("roles:commander");
    expect(w.chat.texts().some((x) => x.includes("Nobody is incident commander"))).toBe(true);
    // With nobody in command, Bob takes the empty role himself.
    await run(incident, "assign commander me", shellActor("bob"));
    expect(keysOf(await at(15), "fired")).toContain("roles:all");
    const nudge = w.chat.texts().find((x) => x.includes("still unfilled"))!;
    expect(nudge).toContain("@bob");
    expect(nudge).toContain("Technical lead");
  });

  it("changing severity reschedules the update cadence and the target clocks", async () => {
    const incident = await declare("declare P3 prompt-injection Odd outputs");
    expect(await statusOf(incident, "cadence:2026-11-25T18:00:00.000Z")).toBe("scheduled");
    expect(await statusOf(incident, "target:notify:75:2026-11-26T08:00:00.000Z")).toBe("scheduled");
    await at(10);
    await run(incident, "severity P1");
    expect(await statusOf(incident, "cadence:2026-11-25T18:00:00.000Z")).toBe("cancelled");
    expect(await statusOf(incident, "target:notify:75:2026-11-26T08:00:00.000Z")).toBe("cancelled");
    expect(await statusOf(incident, "cadence:2026-11-25T14:30:00.000Z")).toBe("scheduled");
    expect(await statusOf(incident, "target:notify:75:2026-11-25T14:45:00.000Z")).toBe("scheduled");
    const fired = keysOf(await at(45), "fired");
    expect(fired).toEqual(expect.arrayContaining(["cadence:2026-11-25T14:30:00.000Z", "target:notify:75:2026-11-25T14:45:00.000Z"]));
    expect(w.chat.texts().some((x) => x.includes("75% of the target used — Stakeholders notified within 1h (P1)"))).toBe(true);
    // Posting an update resets the cadence: the next nudge is 30 minutes after it.
    await run(incident, "update Contained the filter bypass");
    expect(await statusOf(incident, "cadence:2026-11-25T15:15:00.000Z")).toBe("scheduled");
    expect(await statusOf(incident, "cadence:2026-11-25T15:00:00.000Z")).toBe("cancelled");
    // Notifying stops the notify clock; the breach warning is cancelled.
    await run(incident, "notify");
    expect(await statusOf(incident, "target:notify:100:2026-11-25T15:00:00.000Z")).toBe("cancelled");
  });

  it("the regulatory clock nudges legal at 24 h until the regulator is notified", async () => {
    const incident = await declare();
    await run(incident, "assign legal @lee");
    await run(incident, "flag personal-data");
    const fired = keysOf(await at(24 * 60), "fired");
    expect(fired.filter((k) => k.startsWith("regulatory:"))).toEqual(["regulatory:2026-11-25T14:00:00.000Z:4320m:1440m"]);
    expect(w.chat.texts().some((x) => x.includes("@lee") && x.includes("48h left"))).toBe(true);
    await run(incident, "notify regulator");
    expect(await statusOf(incident, "regulatory:2026-11-25T14:00:00.000Z:4320m:2880m")).toBe("cancelled");
  });

  it("snooze re-nudges later; dismiss (Done) cancels the escalation; a second Done is refused", async () => {
    const incident = await declare();
    await at(10);
    const [nudge] = await t.db.select().from(reminders).where(and(eq(reminders.incidentId, incident.id), eq(reminders.key, "overdue:fh-0:nudge")));
    const snoozed = await run(incident, `snooze ${nudge!.id.slice(0, 8)} 2m`);
    expect(snoozed.reply!.text).toContain("Snoozed for 2m");
    expect(keysOf(await at(12), "fired")).toEqual(["overdue:fh-0:nudge~snooze@2026-11-25T14:12:00.000Z"]);
    const { pressNudgeButton } = await import("../../src/app/press-nudge-button.js");
    const [again] = await t.db.select().from(reminders).where(and(eq(reminders.incidentId, incident.id), eq(reminders.key, "overdue:fh-0:nudge~snooze@2026-11-25T14:12:00.000Z")));
    const pressed = await pressNudgeButton(w.rt, { actor: alice, action: "nudge.done", value: again!.id, port: w.chat });
    expect(pressed.ok).toBe(true);
    expect(await statusOf(incident, "overdue:fh-0:escalate")).toBe("done");
    expect(keysOf(await at(16), "fired")).not.toContain("overdue:fh-0:escalate");
    // Pressed again once everything is settled: refused, and said so.
    const twice = await pressNudgeButton(w.rt, { actor: alice, action: "nudge.done", value: again!.id, port: w.chat });
    expect(twice.reply?.text).toBe("That reminder was already marked done.");
    const logged = await t.db.select().from(incidentLog).where(eq(incidentLog.incidentId, incident.id)).orderBy(incidentLog.seq);
    expect(logged.filter((r) => r.kind === "snooze" || r.kind === "dismiss").map((r) => [r.kind, r.outcome])).toEqual([
      ["snooze", "ok"],
      ["dismiss", "ok"],
      ["dismiss", "rejected"],
    ]);
  });

  it("Done on a snoozed nudge settles the snoozed copy too: it never fires", async () => {
    const incident = await declare();
    await at(10);
    const [nudge] = await t.db.select().from(reminders).where(and(eq(reminders.incidentId, incident.id), eq(reminders.key, "overdue:fh-0:nudge")));
    await run(incident, `snooze ${nudge!.id.slice(0, 8)} 5m`);
    const { pressNudgeButton } = await import("../../src/app/press-nudge-button.js");
    const done = await pressNudgeButton(w.rt, { actor: alice, action: "nudge.done", value: nudge!.id, port: w.chat });
    expect(done.ok).toBe(true);
    expect(done.reply?.text).toContain("minute 0–5 overdue nudge (snoozed)");
    expect(keysOf(await at(16), "fired")).not.toContain("overdue:fh-0:nudge~snooze@2026-11-25T14:15:00.000Z");
    expect(await statusOf(incident, "overdue:fh-0:escalate")).toBe("done");
  });
});
