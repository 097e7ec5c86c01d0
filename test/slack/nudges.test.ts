import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startScheduler, type Scheduler } from "../../src/scheduler/scheduler.js";
import { incidentLog, incidents, reminders } from "../../src/store/schema.js";
import { alice, blockActions, type SlackHarness, startHarness } from "./harness.js";

/**
 * Reminders in Slack, end to end: declared through a signed slash command, fired by the real
 * scheduler (pg-boss on the test database, driven with the ManualClock), posted to the fake Web
 * API, and their Snooze / Done buttons pressed through Bolt's HTTP entry point.
 */
let h: SlackHarness;
let scheduler: Scheduler;
beforeAll(async () => {
  h = await startHarness();
  scheduler = await startScheduler(h.db, { supervise: false });
  h.rt.reminders = scheduler.queue;
});
afterAll(async () => {
  await scheduler?.stop();
  await h?.close();
});
beforeEach(async () => {
  await h.reset();
  await h.db.db.execute(sql`delete from pgboss.job`);
});

const DECLARED = Date.parse("2026-11-25T14:00:00Z");

/** Moves the clock to `minutes` after the declaration and fires what is due then. */
async function at(minutes: number) {
  h.rt.clock.set(new Date(DECLARED + minutes * 60_000));
  const results = await scheduler.runDue(h.rt);
  await h.slack.idle();
  return results;
}

const firedKeys = (results: Awaited<ReturnType<typeof at>>) => results.flatMap((r) => (r.outcome === "fired" ? [r.reminder.key] : []));

/** A P1 declared in #general, with its commander stepped down so the +5 check finds nobody. */
async function declareWithoutCommander() {
  await h.slash("declare P1 prompt-injection Support bot leaks its prompt");
  const [incident] = await h.db.db.select().from(incidents);
  const channel = h.fake.channels.get(incident!.space!.id)!;
  await h.slash("unassign commander", { channel: { id: channel.id, name: channel.name } });
  return { incident: incident!, channel: channel.id };
}

async function reminderRow(incidentId: string, key: string) {
  const [row] = await h.db.db.select().from(reminders).where(and(eq(reminders.incidentId, incidentId), eq(reminders.key, key)));
  return row;
}

const buttonsOf = (blocks: any[]) => blocks.filter((b) => b.type === "actions").flatMap((b) => b.elements.filter((e: any) => e.type === "button").map((e: any) => ({ ...e, block_id: b.block_id })));
const hasCheckboxes = (blocks: any[]) => blocks.some((b) => b.type === "actions" && b.elements.some((e: any) => e.type === "checkboxes"));

/** Fires +5 and returns the no-commander nudge as the fake Slack holds it. */
async function commanderNudge() {
  const declared = await declareWithoutCommander();
  expect(firedKeys(await at(5))).toContain("roles:commander");
  const call = h.fake.callsTo("chat.postMessage").find((c) => String(c.args.text).includes("Nobody is incident commander 5 minutes in"))!;
  const { ts } = [...h.fake.messages.values()].find((m) => m.channel === call.args.channel && m.text === call.args.text)!;
  const reminder = (await reminderRow(declared.incident.id, "roles:commander"))!;
  return { ...declared, reminder, message: { ts, blocks: call.args.blocks as any[], text: String(call.args.text) } };
}

/** Presses one of a posted nudge's buttons the way Slack reports it. */
function press(channel: string, message: { ts: string; blocks: any[] }, actionId: string, value?: string) {
  const button = buttonsOf(message.blocks).find((b) => b.action_id === actionId)!;
  return h.interact(blockActions({ channel, message, actions: [{ type: "button", action_id: button.action_id, block_id: button.block_id, text: button.text, value: value ?? button.value }] }));
}

const logOf = (kind: string) => h.db.db.select().from(incidentLog).where(eq(incidentLog.kind, kind)).orderBy(incidentLog.seq);
const lastEphemeral = () => h.fake.callsTo("chat.postEphemeral").at(-1)!.args;

describe("scheduler → Slack", () => {
  it("posts the +5 first-hour prompt and the no-commander nudge to the incident channel, exactly once", async () => {
    const { incident, channel } = await declareWithoutCommander();
    const before = h.fake.callsTo("chat.postMessage").length;

    expect(firedKeys(await at(4))).toEqual([]);
    expect(h.fake.callsTo("chat.postMessage")).toHaveLength(before);

    // Both are due at 14:05; which goes first among equal times is the queue's business.
    expect(firedKeys(await at(5)).sort()).toEqual(["prompt:fh-5", "roles:commander"]);
    const posted = h.fake.callsTo("chat.postMessage").slice(before).map((c) => c.args);
    expect(posted.map((c) => c.channel)).toEqual([channel, channel]);

    const prompt = posted.find((c) => String(c.text).includes("minute 5–10"));
    const nudge = posted.find((c) => String(c.text).includes("Nobody is incident commander"));
    expect(prompt!.text).toContain("minute 5–10");
    expect(hasCheckboxes(prompt!.blocks)).toBe(true);
    expect(buttonsOf(prompt!.blocks).map((b) => b.action_id)).not.toContain("nudge.snooze");

    const reminder = (await reminderRow(incident.id, "roles:commander"))!;
    expect(reminder.status).toBe("fired");
    expect(nudge!.text).toContain("Nobody is incident commander 5 minutes in");
    expect(buttonsOf(nudge!.blocks).map((b) => ({ action_id: b.action_id, value: b.value, label: b.text.text }))).toEqual([
      { action_id: "nudge.snooze", value: reminder.id, label: "Snooze 30m" },
      { action_id: "nudge.done", value: reminder.id, label: "Done" },
    ]);

    // A second pass at the same time (a redelivery, a second worker) posts nothing again.
    expect(await scheduler.runDue(h.rt)).toEqual([]);
    await h.slack.idle();
    expect(h.fake.callsTo("chat.postMessage")).toHaveLength(before + 2);
    const fired = (await logOf("reminder.fired")).filter((r) => r.incidentId === incident.id);
    expect(fired.map((r) => r.payload.key).sort()).toEqual(["prompt:fh-5", "roles:commander"]);
  });
});

describe("nudge buttons", () => {
  it("Snooze reschedules the nudge 30 minutes out, logs it, answers privately, and it fires again then", async () => {
    const { incident, channel, reminder, message } = await commanderNudge();
    h.rt.clock.set(new Date(DECLARED + 6 * 60_000));
    const res = await press(channel, message, "nudge.snooze");
    expect(res.status).toBe(200);

    expect((await reminderRow(incident.id, "roles:commander"))!.status).toBe("done");
    const until = "2026-11-25T14:36:00.000Z";
    const snoozed = (await reminderRow(incident.id, `roles:commander~snooze@${until}`))!;
    expect(snoozed).toMatchObject({ status: "scheduled", kind: "role-commander" });
    expect(snoozed.fireAt.toISOString()).toBe(until);

    const [row] = await logOf("snooze");
    expect(row).toMatchObject({ outcome: "ok", incidentId: incident.id, actorId: "UALICE", text: `[button] nudge.snooze ${reminder.id}` });
    expect(row!.payload).toMatchObject({ reminderId: reminder.id, minutes: 30, until });

    const reply = lastEphemeral();
    expect(reply).toMatchObject({ channel, user: alice.id });
    expect(reply.text).toContain("Snoozed for 30m");

    // Nothing before the new time; at it, the nudge is posted again with fresh buttons.
    const posts = h.fake.callsTo("chat.postMessage").length;
    expect(firedKeys(await at(35)).filter((k) => k.startsWith("roles:commander"))).toEqual([]);
    expect(firedKeys(await at(36))).toContain(`roles:commander~snooze@${until}`);
    const again = h.fake.callsTo("chat.postMessage").slice(posts).find((c) => String(c.args.text).includes("Nobody is incident commander 5 minutes in"))!;
    expect(again.args.channel).toBe(channel);
    expect(buttonsOf(again.args.blocks).map((b) => b.value)).toEqual([snoozed.id, snoozed.id]);
  });

  it("Done dismisses the nudge and logs who did it", async () => {
    const { incident, channel, reminder, message } = await commanderNudge();
    await press(channel, message, "nudge.done");

    const row = (await reminderRow(incident.id, "roles:commander"))!;
    expect(row.status).toBe("done");
    expect(row.settledAt!.toISOString()).toBe("2026-11-25T14:05:00.000Z");
    const [log] = await logOf("dismiss");
    expect(log).toMatchObject({ outcome: "ok", incidentId: incident.id, actorId: "UALICE", text: `[button] nudge.done ${reminder.id}` });
    expect(log!.payload).toMatchObject({ reminderId: reminder.id, key: "roles:commander" });
    const reply = lastEphemeral();
    expect(reply).toMatchObject({ channel, user: alice.id });
    expect(reply.text).toContain("Marked done: no-commander nudge.");
  });

  it("Done pressed again on the same nudge is refused, privately and in the log, and changes nothing", async () => {
    const { incident, channel, reminder, message } = await commanderNudge();
    await press(channel, message, "nudge.done");
    const settled = (await reminderRow(incident.id, "roles:commander"))!;
    await press(channel, message, "nudge.done");

    expect(await reminderRow(incident.id, "roles:commander")).toEqual(settled);
    const rows = await logOf("dismiss");
    expect(rows.map((r) => r.outcome)).toEqual(["ok", "rejected"]);
    expect(rows[1]).toMatchObject({ actorId: "UALICE", reason: "That reminder was already marked done.", text: `[button] nudge.done ${reminder.id}` });
    expect(lastEphemeral().text).toContain("That reminder was already marked done.");
  });

  it("a button naming no reminder gets a clear private answer and a rejected log row", async () => {
    const { channel, message } = await commanderNudge();
    const unknown = "00000000-0000-4000-8000-000000000000";
    const reminderRows = await h.db.db.select().from(reminders);
    await press(channel, message, "nudge.snooze", unknown);

    expect(await h.db.db.select().from(reminders)).toEqual(reminderRows);
    const [row] = await logOf("nudge.snooze");
    expect(row).toMatchObject({ outcome: "rejected", actorId: "UALICE", reason: "That button no longer matches a reminder.", text: `[button] nudge.snooze ${unknown}` });
    const reply = lastEphemeral();
    expect(reply).toMatchObject({ channel, user: alice.id });
    expect(reply.text).toContain("That button no longer matches a reminder.");
    expect(JSON.stringify(reply.blocks)).toContain("reminders");
  });
});
