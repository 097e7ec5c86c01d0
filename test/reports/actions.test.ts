import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { type Outcome, runCommand } from "../../src/app/run-command.js";
import { followUpActions, incidentLog, incidents, reminders } from "../../src/store/schema.js";
import { shellActor } from "../support/runtime.js";
import { useTimerWorld } from "../timers/harness.js";

// 2026-11-25 is a Wednesday; the team works in Berlin (UTC+1 in November).
const suite = useTimerWorld({ FIREBREAK_TIMEZONE: "Europe/Berlin" });

async function typed(text: string, who = "alice"): Promise<Outcome> {
  const w = suite.world;
  const outcome = await runCommand(w.rt, { actor: shellActor(who), port: w.chat, text });
  await w.rt.deliverer.drain();
  return outcome;
}
const json = (o: Outcome) => JSON.stringify(o.reply);
const declared = async () => (await typed("declare P2 prompt-injection Support bot leaks its system prompt")).incident!;
const rows = () => suite.world.rt.db.select().from(followUpActions).orderBy(followUpActions.number);
const lastLog = async () => (await suite.world.rt.db.select().from(incidentLog).orderBy(incidentLog.seq)).at(-1)!;
const runDue = async () => {
  const fired = await suite.world.scheduler.runDue(suite.world.rt);
  await suite.world.rt.deliverer.drain();
  return fired.filter((f) => f.outcome !== "settled" && "reminder" in f && f.reminder.kind === "action");
};
/** What the timers posted about follow-up actions (other nudges fire in the same runs). */
const actionPosts = () => suite.world.chat.texts().filter((t) => t.includes("follow-up action"));
/** Closed straight in the database: whatever the close guards ask for, actions must outlive it. */
async function closeDirectly(incidentId: string) {
  await suite.world.rt.db.update(incidents).set({ phase: "closed", closedAt: suite.world.rt.clock.now() }).where(eq(incidents.id, incidentId));
}

describe("follow-up actions through typed commands", () => {
  it("stores each with its owner and a due date read in the team's zone, numbered per incident", async () => {
    const { humanId } = await declared();
    const lines = [
      "action Rotate the leaked system prompt @bob due next friday",
      "action Add an output filter test to CI @carol due in 3 days",
      "action Brief support staff me due 2026-12-04",
      "action Review due diligence for the vendor @bob due dec 10",
    ];
    for (const line of lines) {
      const outcome = await typed(`${humanId} ${line}`);
      expect(outcome.ok, json(outcome)).toBe(true);
    }
    expect((await rows()).map((a) => [a.number, a.text, a.owner.name, a.dueOn])).toEqual([
      [1, "Rotate the leaked system prompt", "bob", "2026-11-27"],
      [2, "Add an output filter test to CI", "carol", "2026-11-28"],
      [3, "Brief support staff", "alice", "2026-12-04"],
      [4, "Review due diligence for the vendor", "bob", "2026-12-10"],
    ]);
    expect(await lastLog()).toMatchObject({ kind: "action", outcome: "ok", payload: { op: "add", number: 4, dueOn: "2026-12-10", dueAt: "2026-12-09T23:00:00.000Z" } });
    // Announced in the incident's space, with the owner mentioned.
    expect(suite.world.chat.texts()).toContain("Follow-up action 1: Rotate the leaked system prompt — bob, due Fri 27 Nov 2026");
  });

  it("numbers concurrent additions once each, under the incident's lock", async () => {
    const { humanId } = await declared();
    const added = await Promise.all(Array.from({ length: 6 }, (_, i) => typed(`${humanId} action Task ${i} @bob due tomorrow`)));
    expect(added.every((o) => o.ok)).toBe(true);
    expect((await rows()).map((a) => a.number)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("refuses bad dates clearly, with date examples and the usage, and logs each refusal", async () => {
    const { humanId } = await declared();
    const cases: [string, string][] = [
      ["yesterday", "“yesterday” is in the past; a due date is today or later."],
      ["2026-02-30", "“2026-02-30” is not a date: February 2026 has 28 days."],
      ["2026-11-01", "“2026-11-01” (2026-11-01) is in the past; today is 2026-11-25 in Europe/Berlin."],
      ["12/05/2026", "“12/05/2026” is ambiguous (day or month first?); write it as YYYY-MM-DD."],
      ["someday", "“someday” is not a date I can read."],
      ["in 2 hours", "Due dates are whole days, so “in 2 hours” does not work; say “today” or “tomorrow”."],
    ];
    for (const [date, problem] of cases) {
      const outcome = await typed(`${humanId} action Fix the filter @bob due ${date}`);
      expect(outcome.ok, date).toBe(false);
      expect(json(outcome)).toContain(problem);
      expect(json(outcome)).toContain("Give a date like “2026-12-02”, “today”, “tomorrow”, “in 3 days”, “in 2 weeks”, “friday”, “next friday” or “dec 5”.");
      expect(json(outcome)).toContain('{"command":"action <text> @owner due <date>"}');
      expect(await lastLog()).toMatchObject({ kind: "action", outcome: "rejected" });
    }
    expect(json(await typed(`${humanId} action Fix the filter @bob`))).toContain("When is it due? End with “due <date>”");
    expect(json(await typed(`${humanId} action Fix the filter due friday`))).toContain("Who owns it? Put the owner (“@name” or “me”) just before “due”.");
    expect(json(await typed(`${humanId} action @bob due friday`))).toContain("Say what needs doing before the owner.");
    expect(await suite.world.rt.db.$count(followUpActions)).toBe(0);
  });

  it("lists them, marks one done once, and says which number does not exist", async () => {
    const { humanId } = await declared();
    await typed(`${humanId} action Rotate the prompt @bob due tomorrow`);
    await typed(`${humanId} action Add a CI test @carol due 2026-12-04`);
    suite.world.rt.clock.set("2026-11-27T10:00:00Z");
    const listed = await typed(`${humanId} actions`);
    expect(listed.reply!.text).toBe("INC-2026-0001: 2 follow-up action(s), 2 open, 1 overdue");
    expect(json(listed)).toContain("⬜ 1. Rotate the prompt — ");
    expect(json(listed)).toContain(" · due Thu 26 Nov 2026 ⚠ overdue");

    expect((await typed(`${humanId} action done 1`, "bob")).ok).toBe(true);
    const [one] = await rows();
    expect(one).toMatchObject({ number: 1, doneBy: { name: "bob" } });
    expect(one!.doneAt!.toISOString()).toBe("2026-11-27T10:00:00.000Z");
    const again = await typed(`${humanId} action done 1`);
    expect(again.ok).toBe(false);
    expect(json(again)).toContain("Action 1 was already marked done by @bob.");
    expect(json(await typed(`${humanId} action done 7`))).toContain("INC-2026-0001 has no follow-up action 7.");
    expect(json(await typed(`${humanId} action done two`))).toContain("Name one action by its number");
  });

  it("keeps actions open after close: added, listed everywhere and marked done on a closed incident", async () => {
    const incident = await declared();
    await typed(`${incident.humanId} action Rotate the prompt @bob due 2026-12-04`);
    await closeDirectly(incident.id);
    expect((await typed(`${incident.humanId} action Audit other prompts @carol due 2026-12-11`)).ok).toBe(true);
    const everywhere = await typed("actions");
    expect(everywhere.reply!.text).toBe("2 open follow-up action(s)");
    expect(json(everywhere)).toContain("INC-2026-0001 #1. Rotate the prompt");
    expect((await typed(`${incident.humanId} action done 2`)).ok).toBe(true);
    expect((await rows()).map((a) => a.doneAt !== null)).toEqual([false, true]);
  });
});

describe("follow-up action nudges through the timer queue", () => {
  it("nudges the owner when the due day starts and again once it is over, also after the incident closed", async () => {
    const incident = await declared();
    await typed(`${incident.humanId} action Rotate the prompt @bob due tomorrow`);
    const planned = await suite.world.rt.db.select({ key: reminders.key, fireAt: reminders.fireAt, status: reminders.status }).from(reminders).where(eq(reminders.kind, "action"));
    // Thursday 26 Nov starts at 23:00 UTC on Wednesday in Berlin.
    expect(planned.map((r) => [r.key, r.fireAt.toISOString(), r.status])).toEqual([
      ["action:1:due", "2026-11-25T23:00:00.000Z", "scheduled"],
      ["action:1:overdue", "2026-11-26T23:00:00.000Z", "scheduled"],
    ]);
    suite.world.rt.clock.set("2026-11-25T22:59:00Z");
    expect(await runDue()).toEqual([]);
    suite.world.rt.clock.set("2026-11-25T23:00:30Z");
    const due = await runDue();
    expect(due.map((f) => f.outcome)).toEqual(["fired"]);
    expect(actionPosts()).toEqual(["INC-2026-0001: follow-up action 1 is due today"]);
    expect(JSON.stringify(suite.world.chat.posts.find((p) => p.message.text.includes("follow-up action"))!.message)).toContain("`/incident INC-2026-0001 action done 1`");

    // Closed, then changed: the reconciler that cancels a closed incident's plan keeps the nudge.
    await closeDirectly(incident.id);
    expect((await typed(`${incident.humanId} note Closed after the review`)).ok).toBe(true);
    suite.world.rt.clock.set("2026-11-26T23:01:00Z");
    const overdue = await runDue();
    expect(overdue.map((f) => f.outcome)).toEqual(["fired"]);
    expect(actionPosts().at(-1)).toBe("INC-2026-0001: follow-up action 1 was due Thu 26 Nov 2026 and is still open");
    expect(actionPosts()).toHaveLength(2);
  });

  it("stops nudging once the action is done; a nudge that comes due anyway is skipped with the reason", async () => {
    const { humanId, id } = await declared();
    await typed(`${humanId} action Rotate the prompt @bob due 2026-11-27`);
    await typed(`${humanId} action Add a CI test @carol due 2026-11-27`);
    await typed(`${humanId} action done 1`);
    const statuses = await suite.world.rt.db.select({ key: reminders.key, status: reminders.status }).from(reminders).where(eq(reminders.kind, "action"));
    expect(statuses.filter((r) => r.key.startsWith("action:1:")).map((r) => r.status)).toEqual(["done", "done"]);
    // Done behind the reminders' back (as a second process might): the job checks before it speaks.
    await suite.world.rt.db.update(followUpActions).set({ doneAt: suite.world.rt.clock.now() }).where(and(eq(followUpActions.incidentId, id), eq(followUpActions.number, 2)));
    suite.world.rt.clock.set("2026-11-27T00:00:00Z");
    const skipped = await runDue();
    expect(skipped.map((f) => [f.outcome, f.outcome === "skipped" ? f.reason : ""])).toEqual([["skipped", "the action is done"]]);
    expect(suite.world.chat.texts().some((t) => t.includes("follow-up action"))).toBe(false);
    expect(await lastLog()).toMatchObject({ kind: "reminder.skipped", reason: "the action is done" });
  });

  it("`reminders` names the action nudges still to come", async () => {
    const { humanId, id } = await declared();
    await typed(`${humanId} action Rotate the prompt @bob due 2026-11-30`);
    // Closed, nothing of the response's own plan would still fire; the action's nudges would.
    await closeDirectly(id);
    const listed = await typed(`${humanId} reminders`);
    expect(listed.reply!.text.split("\n").filter((l) => l.includes(" · "))).toHaveLength(2);
    expect(json(listed)).toContain("follow-up action 1 due-day nudge");
    expect(json(listed)).toContain("follow-up action 1 overdue nudge");
  });
});
