import { describe, expect, it } from "vitest";
import type { MetricInput } from "../../src/metrics/index.js";
import { withRowState } from "../../src/timers/metric-input.js";

/** The reconciler plans inside the change, before its log row exists: the row fills that gap. */
const at = (hhmm: string) => new Date(`2026-11-25T${hhmm}:00Z`);
const now = at("16:00");
const logged: MetricInput = {
  startedAt: null,
  detectedAt: at("14:00"),
  declaredAt: at("14:00"),
  notifiedAt: null,
  containedAt: null,
  resolutions: [{ at: at("15:00"), reopenedAt: null }],
  closedAt: null,
  severityHistory: [{ at: at("14:00"), severity: "P3" }],
  clockSpeed: 1,
};

describe("withRowState", () => {
  it("a severity the log has not recorded yet starts now", () => {
    const input = withRowState(logged, { severity: "P1", phase: "resolved", resolvedAt: at("15:00") }, now);
    expect(input.severityHistory).toEqual([
      { at: at("14:00"), severity: "P3" },
      { at: now, severity: "P1" },
    ]);
    expect(withRowState(logged, { severity: "P3", phase: "resolved", resolvedAt: at("15:00") }, now).severityHistory).toHaveLength(1);
  });

  it("a move back into work reopens the current resolution now; the log's copy is not touched", () => {
    const input = withRowState(logged, { severity: "P3", phase: "investigation", resolvedAt: at("15:00") }, now);
    expect(input.resolutions).toEqual([{ at: at("15:00"), reopenedAt: now }]);
    expect(logged.resolutions[0]!.reopenedAt).toBeNull();
  });

  it("a new resolution after a reopening is added; a corrected one takes the row's time", () => {
    const reopened: MetricInput = { ...logged, resolutions: [{ at: at("15:00"), reopenedAt: at("15:30") }] };
    expect(withRowState(reopened, { severity: "P3", phase: "resolved", resolvedAt: now }, now).resolutions).toEqual([
      { at: at("15:00"), reopenedAt: at("15:30") },
      { at: now, reopenedAt: null },
    ]);
    expect(withRowState(logged, { severity: "P3", phase: "review", resolvedAt: at("14:50") }, now).resolutions).toEqual([{ at: at("14:50"), reopenedAt: null }]);
    // Nothing in flight: the log and the row agree, and the input comes back as it was.
    expect(withRowState(logged, { severity: "P3", phase: "resolved", resolvedAt: at("15:00") }, now)).toEqual(logged);
  });
});
