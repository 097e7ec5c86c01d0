import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_TARGETS, SEVERITIES, type Severity } from "../../src/domain/severity.js";
import { computeMetrics } from "../../src/metrics/compute.js";
import { metricInputFrom } from "../../src/metrics/history.js";
import { checkMilestoneCorrection, withCorrection } from "../../src/metrics/order.js";
import { planTargetClocks } from "../../src/metrics/target-clocks.js";
import { severityAt } from "../../src/metrics/targets.js";
import { METRIC_KEYS, type MetricInput } from "../../src/metrics/types.js";
import { rowOf, scenarioArb, simulate } from "./simulate.js";

const RUNS = { numRuns: 400 };
const rank = (s: Severity) => SEVERITIES.indexOf(s);

/** Any times at all, consistent or not: what old rows or a buggy caller could hand over. */
const T0 = Date.parse("2026-11-25T14:00:00Z");
const timeArb = fc.integer({ min: -3000, max: 3000 }).map((m) => new Date(T0 + m * 60_000));
const arbitraryInputArb: fc.Arbitrary<{ input: MetricInput; now: Date }> = fc.record({
  input: fc.record({
    startedAt: fc.option(timeArb, { nil: null }),
    detectedAt: timeArb,
    declaredAt: timeArb,
    notifiedAt: fc.option(timeArb, { nil: null }),
    containedAt: fc.option(timeArb, { nil: null }),
    resolutions: fc.array(fc.record({ at: timeArb, reopenedAt: fc.option(timeArb, { nil: null }) }), { maxLength: 3 }),
    closedAt: fc.option(timeArb, { nil: null }),
    severityHistory: fc.array(fc.record({ at: timeArb, severity: fc.constantFrom(...SEVERITIES) }), { minLength: 1, maxLength: 5 }),
    clockSpeed: fc.integer({ min: 1, max: 3600 }),
  }),
  now: timeArb,
});

describe("metrics properties", () => {
  it("never produces a negative duration or an inconsistent metric from inputs the validator accepted", () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const { input, now } = simulate(scenario);
        for (const m of Object.values(computeMetrics(input, DEFAULT_TARGETS, now))) {
          expect(m.state).not.toBe("inconsistent");
          if (m.state === "reached") expect(m.minutes).toBeGreaterThanOrEqual(0);
          if (m.state === "running") expect(m.elapsedMinutes).toBeGreaterThanOrEqual(0);
        }
      }),
      RUNS,
    );
  });

  it("never reports 'met' for a negative or missing duration, whatever the input", () => {
    fc.assert(
      fc.property(arbitraryInputArb, ({ input, now }) => {
        for (const m of Object.values(computeMetrics(input, DEFAULT_TARGETS, now))) {
          if (m.state !== "reached") continue;
          expect(Number.isFinite(m.minutes) && m.minutes >= 0).toBe(true);
          expect(m.met).toBe(m.minutes <= m.target.minutes);
        }
      }),
      RUNS,
    );
  });

  it("shifts every target clock by the same amount when detection is corrected", () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: -2000, max: 0 }), (scenario, offset) => {
        const { input, now } = simulate(scenario);
        const change = { milestone: "detected" as const, at: new Date(input.declaredAt.getTime() + offset * 60_000) };
        fc.pre(checkMilestoneCorrection(input, change, now) === undefined);
        const before = planTargetClocks(input, DEFAULT_TARGETS, now);
        const after = planTargetClocks(withCorrection(input, change), DEFAULT_TARGETS, now);
        const delta = change.at.getTime() - input.detectedAt.getTime();
        expect(after.map((p) => [p.target, p.percent])).toEqual(before.map((p) => [p.target, p.percent]));
        after.forEach((p, i) => expect(p.fireAt.getTime() - before[i]!.fireAt.getTime()).toBe(delta));
      }),
      RUNS,
    );
  });

  it("judges every clock against a severity at least as severe as any held while it ran, and one that was held", () => {
    fc.assert(
      fc.property(arbitraryInputArb, ({ input, now }) => {
        for (const m of Object.values(computeMetrics(input, DEFAULT_TARGETS, now))) {
          if (m.state !== "reached" && m.state !== "running") continue;
          const end = m.state === "reached" ? m.to : now;
          const during = input.severityHistory.filter((c) => c.at >= m.from && c.at <= end).map((c) => c.severity);
          const held = [severityAt(input.severityHistory, m.from), severityAt(input.severityHistory, end), ...during];
          for (const s of held) expect(rank(m.target.severity)).toBeLessThanOrEqual(rank(s));
          expect(held).toContain(m.target.severity);
        }
      }),
      RUNS,
    );
  });

  it("reports drill targets divided by the clock speed", () => {
    fc.assert(
      fc.property(arbitraryInputArb, ({ input, now }) => {
        const real = computeMetrics({ ...input, clockSpeed: 1 }, DEFAULT_TARGETS, now);
        const drill = computeMetrics(input, DEFAULT_TARGETS, now);
        for (const key of METRIC_KEYS) {
          const r = real[key];
          const d = drill[key];
          expect(d.state).toBe(r.state);
          if ((d.state === "reached" || d.state === "running") && (r.state === "reached" || r.state === "running")) {
            expect(d.target.configuredMinutes).toBe(r.target.minutes);
            expect(d.target.minutes).toBeCloseTo(r.target.minutes / input.clockSpeed, 9);
          }
        }
      }),
      RUNS,
    );
  });

  it("derives from the log exactly the histories the verbs built", () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const sim = simulate(scenario);
        const derived = metricInputFrom(rowOf(sim), sim.rows);
        expect(derived.resolutions).toEqual(sim.input.resolutions);
        expect(derived.severityHistory).toEqual(sim.input.severityHistory);
      }),
      RUNS,
    );
  });

  it("exercises refusals, reopenings and every metric state (guards against a vacuous generator)", () => {
    const seen = new Set<string>();
    let refused = 0;
    let reopened = 0;
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const sim = simulate(scenario);
        refused += sim.refused;
        reopened += sim.input.resolutions.filter((r) => r.reopenedAt).length;
        for (const m of Object.values(computeMetrics(sim.input, DEFAULT_TARGETS, sim.now))) seen.add(`${m.key}:${m.state}`);
      }),
      RUNS,
    );
    expect(refused).toBeGreaterThan(0);
    expect(reopened).toBeGreaterThan(0);
    for (const key of ["detect:unknown", "detect:reached", "notify:running", "notify:reached", "contain:unknown", "contain:reached", "remediate:running", "remediate:reached"]) expect(seen).toContain(key);
  });
});
