import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { runCommand } from "../../src/app/run-command.js";
import { incidents, type IncidentRow, reminders } from "../../src/store/schema.js";
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

async function run(incident: IncidentRow | undefined, text: string) {
  const space = incident ? (await t.db.select().from(incidents).where(eq(incidents.id, incident.id)))[0]!.space! : undefined;
  const outcome = await runCommand(w.rt, { actor: alice, text, port: w.chat, space });
  expect(outcome.ok, JSON.stringify(outcome.reply)).toBe(true);
  return outcome;
}

const DAY = 24 * 60;
async function atMinutes(minutes: number) {
  w.rt.clock.set(new Date(Date.parse("2026-11-25T14:00:00Z") + minutes * 60_000));
  return w.scheduler.runDue(w.rt);
}
const fired = (results: Awaited<ReturnType<typeof atMinutes>>) => results.flatMap((r) => (r.outcome === "fired" ? [r.reminder.key] : []));

describe("after resolve and close", () => {
  it("reminds the commander of the review at 7 and 14 days, unless the review started", async () => {
    const incident = (await run(undefined, "declare P2 prompt-injection Jailbreak in support bot")).incident!;
    await atMinutes(90);
    await run(incident, "resolve Filter deployed");
    // Stakeholders were never notified, so that target clock still speaks up after resolve.
    const week = fired(await atMinutes(90 + 7 * DAY));
    expect(week).toEqual(["target:notify:75:2026-11-25T17:00:00.000Z", "target:notify:100:2026-11-25T18:00:00.000Z", "review:2026-11-25T15:30:00.000Z:half"]);
    expect(w.chat.texts().at(-1)).toMatch(/@alice.*blameless post-incident review by 2026-12-09 15:30 UTC/);
    await run(incident, "status review");
    const results = await atMinutes(90 + 14 * DAY);
    expect(fired(results)).toEqual([]);
  });

  it("close cancels the rest but not the regulator clock, and schedules recurrence check-ins at 30 and 90 days", async () => {
    const incident = (await run(undefined, "declare P1 data-poisoning Fraud model drift")).incident!;
    await run(incident, "flag personal-data");
    await atMinutes(60);
    await run(incident, "resolve Retrained");
    await run(incident, "close --force Review and regulator handled by legal");
    const pending = await t.db.select().from(reminders).where(and(eq(reminders.incidentId, incident.id), eq(reminders.status, "scheduled")));
    expect(pending.map((r) => r.key).sort()).toEqual([
      "recurrence:129600m",
      "recurrence:43200m",
      "regulatory:2026-11-25T14:00:00.000Z:4320m:1440m",
      "regulatory:2026-11-25T14:00:00.000Z:4320m:2880m",
      "regulatory:2026-11-25T14:00:00.000Z:4320m:3960m",
      "regulatory:2026-11-25T14:00:00.000Z:4320m:4320m",
    ]);
    await run(incident, "notify regulator");
    expect(fired(await atMinutes(60 + 30 * DAY))).toEqual(["recurrence:43200m"]);
    expect(w.chat.texts().at(-1)).toContain("recurrence check");
    expect(fired(await atMinutes(60 + 90 * DAY))).toEqual(["recurrence:129600m"]);
  });

  it("reopening a resolved incident does not replay the first hour", async () => {
    const incident = (await run(undefined, "declare P1 prompt-injection Leak")).incident!;
    await atMinutes(3);
    await run(incident, "resolve false positive");
    await atMinutes(120);
    await run(incident, "status containment");
    const results = await atMinutes(121);
    expect(fired(results).filter((k) => /^(prompt|overdue|roles|first-hour)/.test(k))).toEqual([]);
    // The update cadence restarts from now on.
    const pending = await t.db.select().from(reminders).where(and(eq(reminders.incidentId, incident.id), eq(reminders.status, "scheduled")));
    expect(pending.map((r) => r.key)).toContain("cadence:2026-11-25T16:30:00.000Z");
  });

  it("`reminders` lists what is still to come with the codes people type", async () => {
    const incident = (await run(undefined, "declare P1 supply-chain Tokenizer package compromised")).incident!;
    const outcome = await run(incident, "reminders");
    const [first] = await t.db.select().from(reminders).where(and(eq(reminders.incidentId, incident.id), eq(reminders.key, "prompt:fh-5")));
    // Plain names, never internal keys; the code people type is shown.
    expect(outcome.reply!.text).toContain(`first-hour prompt (minute 5–10) · “${first!.id.slice(0, 8)}”`);
    expect(outcome.reply!.text).not.toMatch(/prompt:fh|overdue:|cadence:/);
    expect(outcome.reply!.text).toContain("2026-11-25 14:05 UTC (in 5m)");
  });
});
