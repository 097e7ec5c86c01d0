import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { runCommand } from "../../src/app/run-command.js";
import { incidentLog, incidents, type IncidentRow, reminders } from "../../src/store/schema.js";
import type { TestDatabase } from "../support/database.js";
import { shellActor } from "../support/runtime.js";
import { type TimerWorld, useTimerWorld } from "./harness.js";

/** `close` ends the whole response: the regulator and the review are not dropped on the way out. */
let t: TestDatabase;
let w: TimerWorld;
const alice = shellActor("alice");

const hooks = useTimerWorld();
beforeEach(() => {
  t = hooks.db;
  w = hooks.world;
});

const START = Date.parse("2026-11-25T14:00:00Z");
const HOUR = 60;
const attempt = (incident: IncidentRow, text: string) => runCommand(w.rt, { actor: alice, text: `${incident.humanId} ${text}`, port: w.chat });
async function run(incident: IncidentRow | undefined, text: string) {
  const outcome = incident ? await attempt(incident, text) : await runCommand(w.rt, { actor: alice, text, port: w.chat });
  expect(outcome.ok, `${text}: ${outcome.reply?.text}`).toBe(true);
  return outcome;
}
const atMinutes = (minutes: number) => {
  w.rt.clock.set(new Date(START + minutes * 60_000));
  return w.scheduler.runDue(w.rt);
};
const fired = (results: Awaited<ReturnType<typeof atMinutes>>) => results.flatMap((r) => (r.outcome === "fired" ? [r.reminder.key] : []));
const scheduled = async (incidentId: string, kind: string) =>
  (await t.db.select().from(reminders).where(and(eq(reminders.incidentId, incidentId), eq(reminders.status, "scheduled"), eq(reminders.kind, kind)))).map((r) => r.key);
const phaseOf = async (incident: IncidentRow) => (await t.db.select().from(incidents).where(eq(incidents.id, incident.id)))[0]!.phase;
const replyText = (outcome: { reply?: { text: string; blocks: unknown[] } }) => JSON.stringify(outcome.reply);

/** The review steps `close` waits for (55–63 on these incidents; 62, sharing findings, is optional). */
const REQUIRED_REVIEW = ["55", "56", "57", "58", "59", "60", "61", "63"];

async function flaggedAndResolved() {
  const incident = (await run(undefined, "declare P1 data-poisoning Fraud model drift")).incident!;
  await run(incident, "flag personal-data");
  await atMinutes(HOUR);
  await run(incident, "resolve Retrained on clean data");
  return incident;
}

describe("close guards", () => {
  it("close right after resolve is refused, naming the regulator and each open review step; nothing is cancelled", async () => {
    const incident = await flaggedAndResolved();
    const outcome = await attempt(incident, "close");
    expect(outcome.ok).toBe(false);
    const text = replyText(outcome);
    expect(outcome.reply!.text).toMatch(/^INC-2026-0001 cannot close yet/);
    expect(text).toContain("the regulator has not been notified (GDPR, 72h after the personal-data flag: due 2026-11-28 14:00 UTC)");
    expect(text).toContain("55. Hold a blameless review within two weeks of incident closure");
    expect(text).toContain("61. If required by regulation (GDPR, HIPAA …), file regulatory reports");
    expect(text).toContain("63. Give every remediation item an owner and a deadline");
    // Sharing findings is the reference's "consider": optional, so not demanded.
    expect(text).not.toContain("62. ");
    expect(text).toContain('{"command":"close --force <reason>"}');
    expect(await phaseOf(incident)).toBe("resolved");
    expect(await scheduled(incident.id, "regulatory")).toHaveLength(4);
    const [rejected] = await t.db.select().from(incidentLog).where(and(eq(incidentLog.incidentId, incident.id), eq(incidentLog.outcome, "rejected"))).orderBy(incidentLog.seq);
    expect(rejected).toMatchObject({ kind: "close", text: "/incident INC-2026-0001 close" });
    expect(rejected!.reason).toContain("the regulator has not been notified");
  });

  it("`status closed` (the phase forms' path) is refused the same way and says how to force it", async () => {
    const incident = await flaggedAndResolved();
    await run(incident, "notify regulator");
    await run(incident, "status review");
    await run(incident, "check 55 56 57 58 59 60");
    const outcome = await attempt(incident, "status closed");
    expect(outcome.ok).toBe(false);
    const text = replyText(outcome);
    expect(text).not.toContain("regulator has not been notified");
    expect(text).toContain("2 review steps are open: 61. If required by regulation (GDPR, HIPAA …), file regulatory reports; 63. Give every remediation item an owner and a deadline");
    expect(text).toContain('{"command":"close --force <reason>"}');
    await run(incident, "check 61 63");
    await run(incident, "status closed");
    expect(await phaseOf(incident)).toBe("closed");
  });

  it("a personal-data flag is the only thing that makes the regulatory filing step required", async () => {
    const incident = (await run(undefined, "declare P3 prompt-injection Odd answers")).incident!;
    await run(incident, "resolve false positive");
    await run(incident, "status review");
    await run(incident, `check ${REQUIRED_REVIEW.filter((n) => n !== "61").join(" ")}`);
    await run(incident, "close");
    expect(await phaseOf(incident)).toBe("closed");
  });

  it("close --force <reason> closes, logs the reason, and the regulator clock runs on until `notify regulator`", async () => {
    const incident = await flaggedAndResolved();
    const bare = await attempt(incident, "close --force");
    expect(bare.ok).toBe(false);
    expect(replyText(bare)).toContain("close --force <reason>");
    await run(incident, "close --force Legal is notifying the regulator by phone");
    expect(await phaseOf(incident)).toBe("closed");
    const [row] = await t.db.select().from(incidentLog).where(and(eq(incidentLog.incidentId, incident.id), eq(incidentLog.kind, "close"), eq(incidentLog.outcome, "ok"))).orderBy(incidentLog.seq);
    expect(row!.payload).toMatchObject({ from: "resolved", to: "closed", forceReason: "Legal is notifying the regulator by phone" });
    expect((row!.payload.overridden as { regulator: boolean; steps: unknown[] }).regulator).toBe(true);
    expect((row!.payload.overridden as { steps: unknown[] }).steps).toHaveLength(8);
    expect((await scheduled(incident.id, "regulatory")).length).toBe(4);
    expect(fired(await atMinutes(24 * HOUR))).toContain("regulatory:2026-11-25T14:00:00.000Z:4320m:1440m");
    expect(w.chat.texts().at(-1)).toContain("regulator notification (GDPR, 72h): 48h left");
    // The closed incident still shows its clock, and its nudge can be put off.
    expect(JSON.stringify((await run(incident, "status")).reply)).toContain("Regulator");
    const [nudge] = await t.db.select().from(reminders).where(and(eq(reminders.incidentId, incident.id), eq(reminders.key, "regulatory:2026-11-25T14:00:00.000Z:4320m:1440m")));
    await run(incident, `snooze ${nudge!.id.slice(0, 8)} 1h`);
    expect((await scheduled(incident.id, "regulatory")).filter((k) => k.includes("~snooze@"))).toHaveLength(1);
    expect((await attempt(incident, "status investigation")).ok).toBe(false);
    await run(incident, "notify regulator");
    expect(await scheduled(incident.id, "regulatory")).toEqual([]);
    expect(fired(await atMinutes(72 * HOUR)).filter((k) => k.startsWith("regulatory"))).toEqual([]);
  });

  it("after close the review and reporting steps can still be ticked; the response's steps cannot", async () => {
    const incident = await flaggedAndResolved();
    await run(incident, "close --force Review held outside Firebreak");
    const ticked = await run(incident, "check 62 59");
    expect(ticked.reply!.text).toContain("62. Consider sharing anonymised findings");
    const early = await attempt(incident, "check 7");
    expect(early.ok).toBe(false);
    expect(early.reply!.text).toBe("INC-2026-0001 is closed: only the review and reporting steps (55–63) can still be ticked.");
    expect((await attempt(incident, "severity P2")).ok).toBe(false);
  });
});
