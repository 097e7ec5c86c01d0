import { describe, expect, it } from "vitest";
import { DEFAULT_TARGETS } from "../../src/domain/severity.js";
import { withCorrection } from "../../src/metrics/order.js";
import { planTargetClocks, targetClockPlannedReminders, targetClockSkipReason } from "../../src/metrics/target-clocks.js";
import type { MetricInput } from "../../src/metrics/types.js";

const at = (hhmm: string) => new Date(`2026-11-25T${hhmm}:00Z`);

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

const plan = (i: MetricInput, now = at("14:00")) => Object.fromEntries(planTargetClocks(i, DEFAULT_TARGETS, now).map((p) => [`${p.target}:${p.percent}`, p.fireAt.toISOString().slice(5, 16)]));

describe("planTargetClocks", () => {
  it("plans 75 % and breach for each running clock, from detection", () => {
    expect(plan(input())).toEqual({
      "notify:75": "11-25T14:45",
      "notify:100": "11-25T15:00",
      "contain:75": "11-25T17:00",
      "contain:100": "11-25T18:00",
      "remediate:75": "11-27T20:00",
      "remediate:100": "11-28T14:00",
    });
  });

  it("moves every reminder when detection is corrected (`milestone detected \"3h ago\"`)", () => {
    const before = planTargetClocks(input({ declaredAt: at("14:00") }), DEFAULT_TARGETS, at("14:00"));
    const after = planTargetClocks(withCorrection(input(), { milestone: "detected", at: at("11:00") }), DEFAULT_TARGETS, at("14:00"));
    expect(after.map((p) => p.fireAt.getTime() - before.find((b) => b.target === p.target && b.percent === p.percent)!.fireAt.getTime())).toEqual(Array(6).fill(-3 * 3_600_000));
    // New keys, so the reconciler replaces the old reminders instead of keeping them.
    expect(after.map((p) => p.key)).not.toContain(before[1]!.key);
    expect(after.find((p) => p.target === "notify" && p.percent === 100)!.key).toBe("target:notify:100:2026-11-25T12:00:00.000Z");
  });

  it("stops a clock once its milestone is reached, and restarts remediation on a reopening", () => {
    const resolved = input({ notifiedAt: at("14:30"), containedAt: at("15:00"), resolutions: [{ at: at("16:00"), reopenedAt: null }] });
    expect(plan(resolved, at("16:00"))).toEqual({});
    const reopened = { ...resolved, resolutions: [{ at: at("16:00"), reopenedAt: at("17:00") }] };
    expect(Object.keys(plan(reopened, at("17:00")))).toEqual(["remediate:75", "remediate:100"]);
  });

  it("keeps the stricter target after a downgrade and tightens it after an upgrade", () => {
    const downgraded = input({ severityHistory: [{ at: at("14:00"), severity: "P1" }, { at: at("14:20"), severity: "P3" }] });
    expect(plan(downgraded, at("14:30"))["notify:100"]).toBe("11-25T15:00");
    const upgraded = input({ severityHistory: [{ at: at("14:00"), severity: "P3" }, { at: at("16:00"), severity: "P1" }] });
    expect(plan(upgraded, at("15:00"))["contain:100"]).toBe("11-28T14:00");
    // Raised to P1 after the P1 breach time: the breach is due at once (a late warning is still owed).
    expect(plan(upgraded, at("16:00"))["contain:100"]).toBe("11-25T18:00");
    expect(plan(upgraded, at("16:00"))["notify:100"]).toBe("11-25T15:00");
  });

  it("compresses drill clocks by their speed and reports the compressed target", () => {
    const drill = planTargetClocks(input({ clockSpeed: 60 }), DEFAULT_TARGETS, at("14:00"));
    const breach = drill.find((p) => p.target === "contain" && p.percent === 100)!;
    expect(breach).toMatchObject({ fireAt: new Date("2026-11-25T14:04:00Z"), minutes: 4, configuredMinutes: 240, severity: "P1" });
  });

  it("plans nothing on a closed incident", () => {
    expect(plan(input({ containedAt: at("15:00"), resolutions: [{ at: at("16:00"), reopenedAt: null }], closedAt: at("17:00") }), at("17:00"))).toEqual({});
  });
});

describe("targetClockSkipReason", () => {
  const key = "target:contain:100:2026-11-25T18:00:00.000Z";

  it("lets a reminder fire while its clock still plans it", () => {
    expect(targetClockSkipReason(key, input(), DEFAULT_TARGETS, at("18:00"))).toBeUndefined();
  });

  it("skips it once the milestone is reached", () => {
    expect(targetClockSkipReason(key, input({ containedAt: at("17:00") }), DEFAULT_TARGETS, at("18:00"))).toBe("contained was reached");
  });

  it("skips it when detection moved, but not after a downgrade", () => {
    expect(targetClockSkipReason(key, input({ detectedAt: at("13:00") }), DEFAULT_TARGETS, at("18:00"))).toMatch(/clock moved/);
    const downgraded = input({ severityHistory: [{ at: at("14:00"), severity: "P1" }, { at: at("16:00"), severity: "P4" }] });
    expect(targetClockSkipReason(key, downgraded, DEFAULT_TARGETS, at("18:00"))).toBeUndefined();
  });

  it("skips it when the clock stopped without its milestone", () => {
    expect(targetClockSkipReason(key, input({ resolutions: [{ at: at("15:00"), reopenedAt: null }] }), DEFAULT_TARGETS, at("18:00"))).toMatch(/^the clock stopped: Resolved without a containment time/);
  });
});

describe("targetClockPlannedReminders", () => {
  it("gives the planner's shape with the payload the nudge message reads", () => {
    const [first] = targetClockPlannedReminders(input({ clockSpeed: 60 }), DEFAULT_TARGETS, at("14:00"));
    expect(first).toEqual({
      key: "target:notify:75:2026-11-25T14:00:45.000Z",
      kind: "target",
      fireAt: new Date("2026-11-25T14:00:45.000Z"),
      payload: { target: "notify", percent: 75, severity: "P1", minutes: 1, configuredMinutes: 60 },
    });
  });
});
