import { sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { computeStats } from "../../src/metrics/aggregate.js";
import { loadMetricInput, loadStatsIncidents } from "../../src/metrics/load.js";
import { parseStatsPeriod } from "../../src/metrics/period.js";
import { useTestDatabase } from "../support/database.js";
import { RecordingChat } from "../timers/harness.js";

const port = new RecordingChat();
import { testRuntime, type TestRuntime } from "../support/runtime.js";
import { EXPECTED_30D, NOW, scriptedIncidents } from "./scripted-incidents.js";
import { tellStory } from "./story.js";

const database = useTestDatabase();
let rt: TestRuntime;
beforeEach(() => {
  rt = testRuntime(database.current.db);
});

const tellTheStory = () => tellStory(rt, port);

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
