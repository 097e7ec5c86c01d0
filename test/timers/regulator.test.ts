import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { runCommand } from "../../src/app/run-command.js";
import { plain } from "../../src/chat/message.js";
import { incidentLog, incidents, type IncidentRow, reminders } from "../../src/store/schema.js";
import type { TestDatabase } from "../support/database.js";
import { shellActor } from "../support/runtime.js";
import { type TimerWorld, useTimerWorld } from "./harness.js";

/** The regulator deadline is chosen at flag time: GDPR 72 h by default, HIPAA 60 days, or a duration. */
let t: TestDatabase;
let w: TimerWorld;
const alice = shellActor("alice");

const hooks = useTimerWorld();
beforeEach(() => {
  t = hooks.db;
  w = hooks.world;
});

const START = Date.parse("2026-11-25T14:00:00Z");
const attempt = (incident: IncidentRow, text: string) => runCommand(w.rt, { actor: alice, text: `${incident.humanId} ${text}`, port: w.chat });
async function run(incident: IncidentRow | undefined, text: string) {
  const outcome = incident ? await attempt(incident, text) : await runCommand(w.rt, { actor: alice, text, port: w.chat });
  expect(outcome.ok, `${text}: ${outcome.reply?.text}`).toBe(true);
  return outcome;
}
/** Hours after the flag at which the scheduled regulatory reminders fire. */
async function regulatoryHours(incident: IncidentRow, flaggedAt = START) {
  const rows = await t.db.select().from(reminders).where(and(eq(reminders.incidentId, incident.id), eq(reminders.status, "scheduled"), eq(reminders.kind, "regulatory")));
  return rows.map((r) => (r.fireAt.getTime() - flaggedAt) / 3_600_000).sort((a, b) => a - b);
}
const row = async (incident: IncidentRow) => (await t.db.select().from(incidents).where(eq(incidents.id, incident.id)))[0]!;
const declare = async () => (await run(undefined, "declare P1 prompt-injection Support bot leaks customer orders")).incident!;
/** What a message says, times written in UTC (FIREBREAK_TIMEZONE here). */
const said = (message: { blocks: { type: string; text?: unknown; fields?: { label: string; value: unknown }[] }[] }) =>
  message.blocks
    .map((b) => (b.type === "fields" ? b.fields!.map((f) => `${f.label}: ${plain(f.value as never, "UTC")}`).join("\n") : Array.isArray(b.text) ? plain(b.text as never, "UTC") : String(b.text ?? "")))
    .join("\n");

describe("flag personal-data [gdpr|hipaa|<duration>]", () => {
  it("defaults to GDPR: 72 h, reminders at 24, 48, 66 and 72 h, stored with the incident", async () => {
    const incident = await declare();
    await run(incident, "flag personal-data");
    expect(await row(incident)).toMatchObject({ regulatorRegime: "gdpr", regulatorDeadlineMinutes: 72 * 60 });
    expect(await regulatoryHours(incident)).toEqual([24, 48, 66, 72]);
    await w.rt.deliverer.drain();
    expect(w.chat.texts().at(-1)).toContain("Regulator notification (GDPR, 72h) is due by 2026-11-28 14:00 UTC");
  });

  it("HIPAA is 60 days; the reminders scale to a third, two thirds, 11/12 and the deadline", async () => {
    const incident = await declare();
    await run(incident, "flag personal-data hipaa");
    expect(await row(incident)).toMatchObject({ regulatorRegime: "hipaa", regulatorDeadlineMinutes: 60 * 24 * 60 });
    expect(await regulatoryHours(incident)).toEqual([20 * 24, 40 * 24, 55 * 24, 60 * 24]);
  });

  it("takes a custom duration, bare or with --deadline", async () => {
    const first = await declare();
    await run(first, "flag personal-data --deadline 30d");
    expect(await row(first)).toMatchObject({ regulatorRegime: "custom", regulatorDeadlineMinutes: 30 * 24 * 60 });
    expect(await regulatoryHours(first)).toEqual([240, 480, 660, 720]);
    const second = await declare();
    await run(second, "flag pii 96h");
    expect(await row(second)).toMatchObject({ regulatorRegime: "custom", regulatorDeadlineMinutes: 96 * 60 });
  });

  it("refuses what it cannot read with the usage, and stores nothing", async () => {
    const incident = await declare();
    for (const text of ["flag personal-data ccpa", "flag personal-data 72x", "flag personal-data --deadline", "flag personal-data --deadline 0h", "flag personal-data gdpr hipaa", "flag secrets"]) {
      const outcome = await attempt(incident, text);
      expect(outcome.ok, text).toBe(false);
      expect(JSON.stringify(outcome.reply), text).toContain("flag personal-data [gdpr|hipaa|<duration>]");
    }
    expect((await row(incident)).personalDataAt).toBeNull();
    const rejected = await t.db.select().from(incidentLog).where(and(eq(incidentLog.kind, "flag"), eq(incidentLog.outcome, "rejected"))).orderBy(incidentLog.seq);
    expect(rejected).toHaveLength(6);
  });

  it("flagging again with another regime keeps the start and moves the deadline", async () => {
    const incident = await declare();
    await run(incident, "flag personal-data");
    w.rt.clock.set(new Date(START + 60 * 60_000));
    const again = await run(incident, "flag personal-data hipaa");
    expect(await row(incident)).toMatchObject({ regulatorRegime: "hipaa", personalDataAt: new Date(START) });
    expect(await regulatoryHours(incident)).toEqual([480, 960, 1320, 1440]);
    expect(again.reply).toBeUndefined();
    const same = await run(incident, "flag personal-data hipaa");
    expect(same.reply!.text).toContain("Already flagged");
  });

  it("the summary, `status` and the timeline show the flag and its deadline", async () => {
    const incident = await declare();
    await run(incident, "flag personal-data hipaa");
    const status = said((await run(incident, "status")).reply! as never);
    expect(status).toContain("Regulator: HIPAA, 60d: due 2027-01-24 14:00 UTC (flagged 2026-11-25 14:00 UTC)");
    const timeline = said((await run(incident, "timeline")).reply! as never);
    expect(timeline).toContain("Personal data flagged: 2026-11-25 14:00 UTC · regulator (HIPAA, 60d) due 2027-01-24 14:00 UTC · not notified yet");
    w.rt.clock.set(new Date(START + 90 * 60_000));
    await run(incident, "notify regulator");
    expect(said((await run(incident, "status")).reply! as never)).toContain("Regulator: notified 2026-11-25 15:30 UTC (HIPAA, 60d: due 2027-01-24 14:00 UTC)");
  });

  it("a drill's regulator deadline runs on the drill clock", async () => {
    const incident = (await run(undefined, "drill training-data-breach --speed 60")).incident!;
    await run(incident, "flag personal-data");
    // 72 h at ×60 is 72 real minutes.
    expect(await regulatoryHours(incident)).toEqual([0.4, 0.8, 1.1, 1.2]);
  });
});
