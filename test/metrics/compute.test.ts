import { describe, expect, it } from "vitest";
import { DEFAULT_TARGETS } from "../../src/domain/severity.js";
import { computeMetrics, currentResolution } from "../../src/metrics/compute.js";
import { describeMetric } from "../../src/metrics/describe.js";
import { severityHeldDuring, severityAt } from "../../src/metrics/targets.js";
import type { MetricInput } from "../../src/metrics/types.js";

const at = (hhmm: string, day = 25) => new Date(`2026-11-${day}T${hhmm}:00Z`);
const now = at("18:00");

function input(over: Partial<MetricInput> = {}): MetricInput {
  return {
    startedAt: null,
    detectedAt: at("14:00"),
    declaredAt: at("14:00"),
    notifiedAt: null,
    containedAt: null,
    resolutions: [],
    closedAt: null,
    severityHistory: [{ at: at("14:00"), severity: "P1" }],
    clockSpeed: 1,
    ...over,
  };
}

const metrics = (over: Partial<MetricInput> = {}, when = now) => computeMetrics(input(over), DEFAULT_TARGETS, when);

describe("computeMetrics states", () => {
  it("says unknown (not 'not yet') when the attack's start is not recorded", () => {
    const m = metrics();
    expect(m.detect).toMatchObject({ state: "unknown", reason: expect.stringContaining("milestone started") });
    expect(describeMetric(m.detect)).not.toMatch(/not yet/);
  });

  it("measures time to detect from the start, against the detect target", () => {
    const m = metrics({ startedAt: at("13:20") });
    expect(m.detect).toMatchObject({ state: "reached", minutes: 40, met: true, target: { kind: "detect", severity: "P1", minutes: 60 } });
    expect(describeMetric(m.detect)).toBe("Time to detect: 40m (target 1h, P1) — met");
  });

  it("runs the clocks whose milestone is not reached, with time left and overdue", () => {
    const m = metrics({ notifiedAt: null }, at("14:45"));
    expect(m.notify).toMatchObject({ state: "running", elapsedMinutes: 45, leftMinutes: 15, overdue: false });
    const late = metrics({}, at("15:30"));
    expect(late.notify).toMatchObject({ state: "running", elapsedMinutes: 90, leftMinutes: -30, overdue: true });
    expect(describeMetric(late.notify)).toBe("Time to notify: running for 1h 30m (target 1h, P1; overdue by 30m)");
    expect(late.contain).toMatchObject({ state: "running", leftMinutes: 150 });
    expect(late.remediate).toMatchObject({ state: "running" });
  });

  it("calls a containment before detection inconsistent instead of 'met' with a negative time", () => {
    const m = metrics({ containedAt: at("12:00") });
    expect(m.contain.state).toBe("inconsistent");
    expect(describeMetric(m.contain)).toBe("Time to contain: cannot be measured — Containment is recorded (2026-11-25 12:00 UTC) before detection (2026-11-25 14:00 UTC).");
  });

  it("calls a start after detection, or a milestone in the future, inconsistent", () => {
    expect(metrics({ startedAt: at("15:00") }).detect).toMatchObject({ state: "inconsistent", reason: expect.stringContaining("after it was detected") });
    expect(metrics({ notifiedAt: at("19:00") }).notify).toMatchObject({ state: "inconsistent", reason: expect.stringContaining("in the future") });
    expect(metrics({ detectedAt: at("19:00"), declaredAt: at("19:00") }).remediate.state).toBe("inconsistent");
  });

  it("reports a missed target with the amount it was missed by", () => {
    const m = metrics({ containedAt: at("18:30") }, at("19:00"));
    expect(m.contain).toMatchObject({ state: "reached", minutes: 270, met: false });
    expect(describeMetric(m.contain)).toBe("Time to contain: 4h 30m (target 4h, P1) — missed by 30m");
  });

  it("counts exactly the target as met", () => {
    expect(metrics({ containedAt: at("18:00") }).contain).toMatchObject({ minutes: 240, met: true });
  });
});

describe("resolutions and reopening", () => {
  const first = { at: at("14:30"), reopenedAt: at("15:00") };

  it("keeps the remediate clock running after a reopening instead of reusing the old resolve time", () => {
    const m = metrics({ containedAt: at("14:20"), resolutions: [first] }, at("16:00"));
    expect(m.remediate).toMatchObject({ state: "running", elapsedMinutes: 120 });
    expect(currentResolution(input({ resolutions: [first] }))).toBeUndefined();
  });

  it("measures remediation to the final resolution, counting the time spent wrongly resolved", () => {
    const m = metrics({ containedAt: at("14:20"), resolutions: [first, { at: at("17:00"), reopenedAt: null }] });
    expect(m.remediate).toMatchObject({ state: "reached", minutes: 180, to: at("17:00") });
  });

  it("stops the contain clock at a resolution without containment (false positive): unknown, not running", () => {
    const m = metrics({ resolutions: [{ at: at("14:10"), reopenedAt: null }] });
    expect(m.contain).toMatchObject({ state: "unknown", reason: expect.stringContaining("without a containment time") });
    expect(m.remediate).toMatchObject({ state: "reached", minutes: 10 });
  });

  it("calls containment after the current resolution inconsistent", () => {
    const m = metrics({ containedAt: at("15:00"), resolutions: [{ at: at("14:30"), reopenedAt: null }] });
    expect(m.contain).toMatchObject({ state: "inconsistent", reason: expect.stringContaining("after the resolution") });
  });

  it("does not run clocks on a closed incident: a milestone never reached is unknown", () => {
    const m = metrics({ resolutions: [{ at: at("15:00"), reopenedAt: null }], containedAt: at("14:30"), closedAt: at("16:00") });
    expect(m.notify).toMatchObject({ state: "unknown", reason: "Closed without a stakeholder-notification time." });
  });
});

describe("targets from the severity the incident had", () => {
  const history = [
    { at: at("14:00"), severity: "P3" as const },
    { at: at("14:30"), severity: "P1" as const },
    { at: at("15:00"), severity: "P4" as const },
  ];

  it("reads the severity in force at a moment, and the most severe held over an interval", () => {
    expect(severityAt(history, at("13:00"))).toBe("P3");
    expect(severityAt(history, at("14:45"))).toBe("P1");
    expect(severityHeldDuring(history, at("14:00"), at("14:29"))).toBe("P3");
    expect(severityHeldDuring(history, at("14:00"), at("14:30"))).toBe("P1");
    expect(severityHeldDuring(history, at("15:10"), at("16:00"))).toBe("P4");
  });

  it("judges a clock that ran partly at P1 against P1's target after a downgrade", () => {
    const m = metrics({ severityHistory: history, containedAt: at("19:00") }, at("20:00"));
    expect(m.contain).toMatchObject({ state: "reached", target: { severity: "P1", minutes: 240 }, met: false });
  });

  it("uses the declared severity when nothing changed", () => {
    expect(metrics({ severityHistory: [history[0]!] }).contain).toMatchObject({ target: { severity: "P3", minutes: 72 * 60 } });
  });
});

describe("drills", () => {
  it("compress the targets they report by their clock speed", () => {
    const m = metrics({ clockSpeed: 60, containedAt: at("14:03") });
    expect(m.contain).toMatchObject({ state: "reached", minutes: 3, met: true, target: { minutes: 4, configuredMinutes: 240, clockSpeed: 60 } });
    expect(describeMetric(m.contain)).toBe("Time to contain: 3m (target 4m: P1's 4h at drill speed ×60) — met");
    expect(metrics({ clockSpeed: 60, containedAt: at("14:05") }).contain).toMatchObject({ met: false });
  });
});
