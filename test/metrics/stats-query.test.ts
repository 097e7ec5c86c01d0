import { sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { executeCommand } from "../../src/app/run-command.js";
import type { Phase } from "../../src/domain/lifecycle.js";
import type { Severity } from "../../src/domain/severity.js";
import type { CommandInput } from "../../src/commands/registry.js";
import { computeStats } from "../../src/metrics/aggregate.js";
import { loadMetricInput, loadStatsIncidents } from "../../src/metrics/load.js";
import { parseStatsPeriod } from "../../src/metrics/period.js";
import { useTestDatabase } from "../support/database.js";
import { RecordingChat } from "../timers/harness.js";

const port = new RecordingChat();
import { shellActor, testRuntime, type TestRuntime } from "../support/runtime.js";
import { EXPECTED_30D, NOW, scriptedIncidents } from "./scripted-incidents.js";

const database = useTestDatabase();
let rt: TestRuntime;
beforeEach(() => {
  rt = testRuntime(database.current.db);
});

/** Runs a command as typed by alice, on the incident given. */
async function run(input: CommandInput, incidentId?: string) {
  const outcome = await executeCommand(rt, { actor: shellActor("alice"), port }, input, { incidentId, logText: `/incident ${input.kind}` });
  expect(outcome.ok, JSON.stringify(outcome.reply)).toBe(true);
  return outcome;
}
const d = (day: number, hhmm: string, month = 11) => `2026-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}T${hhmm}:00Z`;

type Step = [at: string, action: "notify" | Phase | Severity];

/** Declares at `at`, then runs each step with the clock set to its time. */
async function script(at: string, declare: CommandInput, steps: Step[] = []) {
  rt.clock.set(at);
  const incident = (await run(declare)).incident!;
  for (const [when, action] of steps) {
    rt.clock.set(when);
    if (action === "notify") await run({ kind: "notify", audience: "stakeholders" }, incident.id);
    else if (/^P[1-4]$/.test(action)) await run({ kind: "severity", severity: action as Severity }, incident.id);
    else if (action === "resolved") await run({ kind: "resolve" }, incident.id);
    // The story has no review steps to tick: close guards are tested in test/timers/close-guards.test.ts.
    else if (action === "closed") await run({ kind: "close", force: "scripted story: review held outside it" }, incident.id);
    else await run({ kind: "status", phase: action as Phase }, incident.id);
  }
  return incident;
}

/** The story in scripted-incidents.ts, told through the verbs. */
async function tellTheStory() {
  await script(d(20, "09:30"), { kind: "declare", title: "A", severity: "P1", vector: "prompt-injection", source: "monitoring", started: d(20, "09:00") }, [
    [d(20, "10:00"), "notify"], [d(20, "10:30"), "containment"], [d(20, "11:00"), "investigation"], [d(20, "15:00"), "resolved"],
  ]);
  await script(d(20, "10:00"), { kind: "declare", title: "B", severity: "P1", vector: "prompt-injection", source: "user-report" }, [
    [d(20, "12:00"), "notify"], [d(20, "12:30"), "containment"], [d(20, "16:00"), "remediation"], [d(21, "08:00"), "resolved"],
    [d(21, "09:00"), "containment"], [d(21, "09:30"), "remediation"], [d(21, "10:00"), "resolved"],
  ]);
  await script(d(20, "08:00"), { kind: "declare", title: "C", severity: "P2", vector: "data-poisoning", source: "security-team", started: d(20, "00:00") }, [[d(20, "09:00"), "notify"]]);
  await script(d(20, "08:00"), { kind: "declare", title: "D", severity: "P3", vector: "supply-chain", source: "monitoring", started: d(20, "07:00") }, [
    [d(20, "08:10"), "containment"], [d(20, "08:20"), "resolved"],
  ]);
  await script(d(20, "06:00"), { kind: "declare", title: "E", severity: "P4" }, [
    [d(20, "06:30"), "notify"], [d(20, "06:40"), "containment"], [d(20, "07:00"), "investigation"], [d(20, "08:00"), "resolved"], [d(20, "09:00"), "closed"],
  ]);
  await script(d(20, "05:00"), { kind: "declare", title: "F", severity: "P1", vector: "model-theft", source: "external", started: d(20, "01:00") }, [
    [d(20, "05:30"), "notify"], [d(20, "06:00"), "P2"], [d(20, "06:30"), "containment"], [d(20, "10:00"), "investigation"], [d(20, "20:00"), "resolved"],
  ]);
  // A drill (P2, prompt injection, ×60): it never counts.
  await script(d(21, "12:00"), { kind: "drill", scenario: "prompt-injection", speed: 60 });
  // Before the 30-day window and outside Q4: only `all` sees it.
  await script(d(30, "23:00", 9), { kind: "declare", title: "H", severity: "P4", source: "audit" });
  rt.clock.set(NOW);
}

describe("loadStatsIncidents", () => {
  it("loads a period's incidents with their histories, and the figures match the hand-computed ones", async () => {
    await tellTheStory();
    const loaded = await loadStatsIncidents(rt.db, parseStatsPeriod("30d", NOW));
    // Drills count on their own: G is DRILL-2026-0001.
    expect(loaded.map((i) => i.humanId).sort()).toEqual(["DRILL-2026-0001", ...["1", "2", "3", "4", "5", "6"].map((n) => `INC-2026-000${n}`)]);
    const figures = computeStats(loaded, rt.config.targets, NOW);
    expect(figures).toMatchObject(EXPECTED_30D.counts);
    expect(figures.metrics).toEqual(EXPECTED_30D.metrics);
  });

  it("derives the same metric inputs from the log as the hand-written story", async () => {
    await tellTheStory();
    const loaded = await loadStatsIncidents(rt.db, parseStatsPeriod("2026-Q4", NOW));
    const story = new Map(scriptedIncidents().map((i) => [i.humanId, i.metrics]));
    const real = loaded.filter((i) => !i.isDrill);
    expect(real).toHaveLength(6);
    for (const incident of real) {
      // Declared in the order A..F, so INC-2026-0001 is A.
      const expected = story.get("ABCDEF"[Number(incident.humanId.slice(-4)) - 1]!)!;
      expect(incident.metrics).toEqual(expected);
    }
  });

  it("takes only the period asked for: a quarter, all", async () => {
    await tellTheStory();
    expect((await loadStatsIncidents(rt.db, parseStatsPeriod("2026-Q3", NOW))).map((i) => i.humanId)).toEqual(["INC-2026-0007"]);
    const all = computeStats(await loadStatsIncidents(rt.db, parseStatsPeriod("all", NOW)), rt.config.targets, NOW);
    expect(all).toMatchObject({ incidents: 7, drillsLeftOut: 1, bySource: { audit: 1, unrecorded: 1 } });
  });

  it("reads one incident's input the same way a verb will before a correction", async () => {
    await tellTheStory();
    const [b] = await rt.db.execute<{ id: string }>(sql`select id from incidents where title = 'B'`).then((r) => (r as unknown as { rows: { id: string }[] }).rows);
    const [row] = await rt.db.query.incidents.findMany({ where: (t, { eq }) => eq(t.id, b!.id) });
    const input = await loadMetricInput(rt.db, row!);
    expect(input.resolutions).toEqual(scriptedIncidents()[1]!.metrics.resolutions);
  });

  it("finds the period's incidents through the declared_at index", async () => {
    await rt.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const plan = await tx.execute(sql`explain select * from incidents where declared_at >= ${NOW.toISOString()} and declared_at < ${NOW.toISOString()}`);
      const text = JSON.stringify((plan as unknown as { rows: unknown[] }).rows);
      expect(text).toContain("incidents_declared_at_idx");
    });
  });
});
