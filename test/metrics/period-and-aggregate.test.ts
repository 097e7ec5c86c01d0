import { describe, expect, it } from "vitest";
import { DEFAULT_TARGETS } from "../../src/domain/severity.js";
import { UsageError } from "../../src/errors.js";
import { computeStats, median, mean, percentileNearestRank } from "../../src/metrics/aggregate.js";
import { inPeriod, parseStatsPeriod } from "../../src/metrics/period.js";
import { statsMessage } from "../../src/metrics/stats-view.js";
import { EXPECTED_30D, NOW, scriptedIncidents } from "./scripted-incidents.js";

describe("parseStatsPeriod", () => {
  const now = new Date("2026-11-25T14:00:00Z");

  it("reads the last N days, a quarter, all, and defaults to 30 days", () => {
    expect(parseStatsPeriod("90d", now)).toEqual({ kind: "days", from: new Date("2026-08-27T14:00:00Z"), to: null, label: "the last 90 days" });
    expect(parseStatsPeriod(undefined, now)).toMatchObject({ from: new Date("2026-10-26T14:00:00Z"), label: "the last 30 days" });
    expect(parseStatsPeriod("2026-Q3", now)).toEqual({ kind: "quarter", from: new Date("2026-07-01T00:00:00Z"), to: new Date("2026-10-01T00:00:00Z"), label: "2026-Q3" });
    expect(parseStatsPeriod("2026q4", now)).toMatchObject({ from: new Date("2026-10-01T00:00:00Z"), to: new Date("2027-01-01T00:00:00Z") });
    expect(parseStatsPeriod("ALL", now)).toEqual({ kind: "all", from: null, to: null, label: "all time" });
  });

  it.each([
    ["2026-Q5", "There is no Q5: a year has quarters Q1 to Q4 (e.g. `stats 2026-Q3`)."],
    ["2026-Q0", "There is no Q0: a year has quarters Q1 to Q4 (e.g. `stats 2026-Q3`)."],
    ["0d", "A period of 0 days holds no incidents; give at least 1 day, e.g. `stats 30d`."],
    ["99999d", "99999 days is longer than the 3650-day limit; use `stats all` for everything."],
    ["2027-Q1", "2027-Q1 has not started yet (it starts 2027-01-01)."],
    ["30", "`30` needs a unit: `30d` for the last 30 days."],
    ["Q3", "Give the year with the quarter, e.g. `2026-Q3`."],
    ["lastweek", "`lastweek` is not a period I understand."],
  ])("refuses %s with a clear sentence and the usage", (token, message) => {
    let error: unknown;
    try {
      parseStatsPeriod(token, now);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toBe(message);
    expect((error as UsageError).help).toMatch(/^Usage: `stats \[30d\|90d\|2026-Q3\|all\]`/);
  });

  it("filters declaration times half-open: from included, to excluded", () => {
    const q3 = parseStatsPeriod("2026-Q3", now);
    expect(inPeriod(q3, new Date("2026-07-01T00:00:00Z"))).toBe(true);
    expect(inPeriod(q3, new Date("2026-10-01T00:00:00Z"))).toBe(false);
    expect(inPeriod(parseStatsPeriod("all", now), new Date("1999-01-01T00:00:00Z"))).toBe(true);
  });
});

describe("median, mean and nearest-rank p90", () => {
  it("computes them on small lists by hand", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(mean([1, 2, 3, 10])).toBe(4);
    // Nearest rank: ⌈0.9·n⌉-th smallest.
    expect(percentileNearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentileNearestRank([10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110], 90)).toBe(100);
    expect(percentileNearestRank([7, 3], 90)).toBe(7);
    expect(percentileNearestRank([42], 90)).toBe(42);
    expect(percentileNearestRank([15, 20, 35, 40, 50], 30)).toBe(20);
  });

  it("returns null, not zero, for an empty list", () => {
    expect(median([])).toBeNull();
    expect(mean([])).toBeNull();
    expect(percentileNearestRank([], 90)).toBeNull();
  });
});

describe("computeStats on a scripted set with known answers", () => {
  const figures = computeStats(scriptedIncidents(), DEFAULT_TARGETS, NOW);

  it("counts by severity, vector and source, leaving drills out", () => {
    expect(figures).toMatchObject(EXPECTED_30D.counts);
  });

  it("computes median, mean, p90 and the share meeting its target for each metric", () => {
    expect(figures.metrics).toEqual(EXPECTED_30D.metrics);
  });

  it("renders the figures as a neutral message", () => {
    const message = statsMessage(figures, parseStatsPeriod("30d", NOW));
    expect(message.text).toBe("Incident metrics · the last 30 days: 6 incidents declared in the last 30 days (1 drill left out).");
    expect(message.blocks).toEqual(EXPECTED_30D.blocks);
  });

  it("says so when nothing was declared", () => {
    const message = statsMessage(computeStats([], DEFAULT_TARGETS, NOW), parseStatsPeriod("2026-Q3", NOW));
    expect(message.text).toBe("No incidents were declared in 2026-Q3.");
  });
});

describe("computeStats with values the code no longer knows", () => {
  it("counts an unknown vector as unknown and an unknown source as unrecorded", () => {
    const [a] = scriptedIncidents();
    const odd = { ...a!, vector: "retired-vector" as never, detectionSource: "pager" as never };
    expect(computeStats([odd], DEFAULT_TARGETS, NOW)).toMatchObject({ byVector: { unknown: 1 }, bySource: { unrecorded: 1 }, automatic: { recorded: 0, share: null } });
  });
});
