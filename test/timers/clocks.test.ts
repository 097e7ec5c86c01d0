import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { runCommand } from "../../src/app/run-command.js";
import { incidents, type IncidentRow, reminders } from "../../src/store/schema.js";
import type { TestDatabase } from "../support/database.js";
import { shellActor } from "../support/runtime.js";
import { type TimerWorld, useTimerWorld } from "./harness.js";

/** The target clocks follow the metrics module: detection corrections, severity history, reopenings, drills. */
let t: TestDatabase;
let w: TimerWorld;
const alice = shellActor("alice");

const hooks = useTimerWorld();
beforeEach(() => {
  t = hooks.db;
  w = hooks.world;
});

const START = Date.parse("2026-11-25T14:00:00Z");
async function run(incident: IncidentRow | undefined, text: string) {
  const prefix = incident ? `${incident.humanId} ` : "";
  const outcome = await runCommand(w.rt, { actor: alice, text: `${prefix}${text}`, port: w.chat });
  expect(outcome.ok, `${text}: ${outcome.reply?.text}`).toBe(true);
  return outcome;
}
const atMinutes = (minutes: number) => {
  w.rt.clock.set(new Date(START + minutes * 60_000));
  return w.scheduler.runDue(w.rt);
};
const fired = (results: Awaited<ReturnType<typeof atMinutes>>) => results.flatMap((r) => (r.outcome === "fired" ? [r.reminder.key] : []));
/** Scheduled target reminders as `target:percent → fire time (HH:MM)`. */
async function targetClocks(incidentId: string, target: string) {
  const rows = await t.db.select().from(reminders).where(and(eq(reminders.incidentId, incidentId), eq(reminders.status, "scheduled"), eq(reminders.kind, "target")));
  return rows
    .filter((r) => r.payload.target === target)
    .map((r) => `${r.payload.percent}% ${r.fireAt.toISOString().slice(11, 16)}`)
    .sort();
}

describe("target clocks", () => {
  it("move when detection is corrected: the notify breach is due at once, the old reminders are cancelled", async () => {
    const incident = (await run(undefined, "declare P1 prompt-injection Support bot leaks its system prompt")).incident!;
    expect(await targetClocks(incident.id, "notify")).toEqual(["100% 15:00", "75% 14:45"]);
    await atMinutes(10);
    await run(incident, 'milestone detected "3h ago"');
    // Detected 11:10: P1 notify is 60 min, so 75 % was 11:55 and the breach 12:10, both owed now.
    expect(await targetClocks(incident.id, "notify")).toEqual(["100% 12:10", "75% 11:55"]);
    expect(await targetClocks(incident.id, "contain")).toEqual(["100% 15:10", "75% 14:10"]);
    const now = fired(await atMinutes(11));
    expect(now.filter((k) => k.startsWith("target:notify"))).toHaveLength(2);
    expect(w.chat.texts().some((x) => x.includes("target breached — Stakeholders notified within 1h (P1)"))).toBe(true);
    // The reminders planned from the old detection time never fire.
    expect(fired(await atMinutes(61)).filter((k) => k.startsWith("target:notify"))).toEqual([]);
  });

  it("a raised severity tightens the clocks; a downgrade keeps the most severe target held", async () => {
    const incident = (await run(undefined, "declare P3 prompt-injection Odd answers")).incident!;
    // P3 contain is 72 h: 75 % on the 27th at 20:00, the breach on the 28th at 14:00.
    expect(await targetClocks(incident.id, "contain")).toEqual(["100% 14:00", "75% 20:00"]);
    await atMinutes(30);
    await run(incident, "severity P1");
    expect(await targetClocks(incident.id, "contain")).toEqual(["100% 18:00", "75% 17:00"]);
    await atMinutes(40);
    await run(incident, "severity P3");
    // P1 was held while the clock ran: its 4 h still applies.
    expect(await targetClocks(incident.id, "contain")).toEqual(["100% 18:00", "75% 17:00"]);
    expect(fired(await atMinutes(4 * 60))).toContain(`target:contain:100:2026-11-25T18:00:00.000Z`);
    expect(w.chat.texts().some((x) => x.includes("target breached — Contained within 4h (P1)"))).toBe(true);
  });

  it("a reopened incident's remediation clock runs again and the review deadline restarts at the next resolution", async () => {
    const incident = (await run(undefined, "declare P2 prompt-injection Support bot leaks")).incident!;
    await atMinutes(30);
    await run(incident, "resolve Filter deployed");
    expect(await targetClocks(incident.id, "remediate")).toEqual([]);
    await atMinutes(90);
    await run(incident, "status investigation");
    // P2 remediate is 7 days from detection (14:00).
    expect(await targetClocks(incident.id, "remediate")).toEqual(["100% 14:00", "75% 20:00"]);
    await atMinutes(150);
    await run(incident, "resolve Fixed properly");
    const review = await t.db.select().from(reminders).where(and(eq(reminders.incidentId, incident.id), eq(reminders.status, "scheduled"), eq(reminders.kind, "review")));
    expect(review.map((r) => r.key).sort()).toEqual(["review:2026-11-25T16:30:00.000Z:due", "review:2026-11-25T16:30:00.000Z:half"]);
    const [row] = await t.db.select().from(incidents).where(eq(incidents.id, incident.id));
    expect(row!.resolvedAt!.toISOString()).toBe("2026-11-25T16:30:00.000Z");
  });

  it("drills hold the team to compressed targets and say so", async () => {
    const incident = (await run(undefined, "drill prompt-injection")).incident!;
    await w.rt.deliverer.drain();
    expect(w.chat.texts().find((x) => x.startsWith("DRILL"))).toBeDefined();
    expect(JSON.stringify(w.chat.posts.map((p) => p.message))).toContain("Targets run on the drill clock too (P2): notify 4h → 12m, contain 24h → 1h 12m, remediate 7d → 8h 24m.");
    // P2 notify is 4 h; at ×20 that is 12 real minutes.
    expect(await targetClocks(incident.id, "notify")).toEqual(["100% 14:12", "75% 14:09"]);
    const [breach] = await t.db.select().from(reminders).where(and(eq(reminders.incidentId, incident.id), eq(reminders.key, "target:notify:100:2026-11-25T14:12:00.000Z")));
    expect(breach!.payload).toMatchObject({ minutes: 12, configuredMinutes: 240, severity: "P2" });
    await atMinutes(6);
    const timeline = (await run(incident, "timeline")).reply!;
    expect(JSON.stringify(timeline)).toContain("Time to notify: running for 6m (target 12m: P2's 4h at drill speed ×20; 6m left)");
    await atMinutes(12);
    expect(w.chat.texts().find((x) => x.includes("target breached"))).toContain("Stakeholders notified within 12m (P2's 4h at drill speed ×20)");
  });
});
