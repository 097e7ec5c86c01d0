import { describe, expect, it } from "vitest";
import { PHASES, TRANSITIONS } from "../../src/domain/lifecycle.js";
import { milestonesStampedByMove } from "../../src/metrics/moves.js";
import { checkMilestoneCorrection, withCorrection } from "../../src/metrics/order.js";
import type { MetricInput } from "../../src/metrics/types.js";

const at = (hhmm: string) => new Date(`2026-11-25T${hhmm}:00Z`);
const now = at("18:00");

function input(over: Partial<MetricInput> = {}): MetricInput {
  return {
    startedAt: at("13:00"),
    detectedAt: at("14:00"),
    declaredAt: at("14:10"),
    notifiedAt: at("14:30"),
    containedAt: at("15:00"),
    resolutions: [],
    closedAt: null,
    severityHistory: [{ at: at("14:10"), severity: "P1" }],
    clockSpeed: 1,
    ...over,
  };
}

const check = (milestone: Parameters<typeof checkMilestoneCorrection>[1]["milestone"], hhmm: string, over: Partial<MetricInput> = {}) =>
  checkMilestoneCorrection(input(over), { milestone, at: at(hhmm) }, now);

describe("checkMilestoneCorrection", () => {
  it("refuses any milestone in the future", () => {
    for (const m of ["started", "detected", "notified", "contained", "resolved"] as const) {
      expect(check(m, "18:01", { resolutions: [{ at: at("16:00"), reopenedAt: null }] })?.message).toBe("2026-11-25 18:01 UTC is in the future; a milestone records something that already happened.");
    }
  });

  it("refuses a containment before detection (the `milestone contained \"2h ago\"` bug), naming both times", () => {
    expect(check("contained", "12:00")).toEqual({
      milestone: "contained",
      message: "Containment (2026-11-25 12:00 UTC) cannot come before detection (2026-11-25 14:00 UTC).",
      help: "Give a later time, or correct detection first: `milestone detected <time>`.",
    });
  });

  it("refuses a notification before detection", () => {
    expect(check("notified", "13:59")?.message).toMatch(/^Stakeholders cannot be notified \(2026-11-25 13:59 UTC\) before the incident was detected/);
  });

  it("refuses a start after detection and a detection before the start", () => {
    expect(check("started", "14:01")?.message).toMatch(/^The attack cannot start .* after it was detected/);
    expect(check("detected", "12:59")?.message).toMatch(/^Detection \(2026-11-25 12:59 UTC\) cannot come before the attack started/);
  });

  it("refuses a detection after declaration or after a later milestone", () => {
    expect(check("detected", "14:11", { notifiedAt: null, containedAt: null })?.message).toMatch(/after the incident was declared/);
    expect(check("detected", "14:05", { notifiedAt: at("14:04") })?.message).toMatch(/after stakeholders were notified/);
    expect(check("detected", "14:05", { notifiedAt: null, containedAt: at("14:04") })?.help).toMatch(/milestone contained/);
    expect(check("detected", "14:05", { notifiedAt: null, containedAt: null, resolutions: [{ at: at("14:04"), reopenedAt: at("14:06") }] })?.message).toMatch(/after it was resolved/);
  });

  it("accepts corrections that keep the order", () => {
    expect(check("started", "12:00")).toBeUndefined();
    expect(check("detected", "13:30")).toBeUndefined();
    expect(check("contained", "14:00")).toBeUndefined();
    expect(check("resolved", "16:00", { resolutions: [{ at: at("17:00"), reopenedAt: null }] })).toBeUndefined();
  });

  it("refuses to correct a resolution that does not exist", () => {
    expect(check("resolved", "16:00")?.message).toBe("The incident has not been resolved, so there is no resolution time to correct.");
  });

  it("keeps resolutions, containment and reopenings in order", () => {
    const current = [{ at: at("16:00"), reopenedAt: null }];
    expect(check("resolved", "14:59", { resolutions: current })?.message).toMatch(/cannot come before containment/);
    expect(check("contained", "16:01", { resolutions: current })?.message).toMatch(/cannot come after the resolution/);
    const reopened = [{ at: at("15:30"), reopenedAt: at("16:00") }, { at: at("17:00"), reopenedAt: null }];
    expect(check("resolved", "15:59", { resolutions: reopened })?.message).toMatch(/before the incident was reopened/);
    expect(check("resolved", "16:30", { resolutions: reopened })).toBeUndefined();
    expect(check("resolved", "16:30", { resolutions: [{ at: at("15:30"), reopenedAt: at("16:00") }] })?.message).toMatch(/after the incident was reopened/);
    // While reopened, containment may come after the old resolution.
    expect(check("contained", "16:30", { containedAt: null, resolutions: [{ at: at("15:30"), reopenedAt: at("16:00") }] })).toBeUndefined();
  });

  it("applies a correction to the latest resolution", () => {
    const next = withCorrection(input({ resolutions: [{ at: at("15:30"), reopenedAt: at("16:00") }, { at: at("17:00"), reopenedAt: null }] }), { milestone: "resolved", at: at("16:45") });
    expect(next.resolutions.map((r) => r.at)).toEqual([at("15:30"), at("16:45")]);
    expect(withCorrection(input(), { milestone: "detected", at: at("13:30") }).detectedAt).toEqual(at("13:30"));
  });
});

describe("milestonesStampedByMove", () => {
  it("does not stamp contained on triage → investigation", () => {
    expect(milestonesStampedByMove("triage", "investigation")).toEqual({ stamps: [], reopens: false });
  });

  it("stamps only resolved on the false-positive path triage → resolved", () => {
    expect(milestonesStampedByMove("triage", "resolved")).toEqual({ stamps: ["resolved"], reopens: false });
  });

  it("stamps contained when leaving containment forwards", () => {
    expect(milestonesStampedByMove("containment", "investigation").stamps).toEqual(["contained"]);
    expect(milestonesStampedByMove("containment", "remediation").stamps).toEqual(["contained"]);
    expect(milestonesStampedByMove("containment", "resolved").stamps).toEqual(["contained", "resolved"]);
  });

  it("stamps resolved on any move into resolved, and review/closed their own", () => {
    for (const from of PHASES.filter((p) => TRANSITIONS[p].includes("resolved"))) expect(milestonesStampedByMove(from, "resolved").stamps).toContain("resolved");
    expect(milestonesStampedByMove("resolved", "review").stamps).toEqual(["review-started"]);
    expect(milestonesStampedByMove("review", "closed").stamps).toEqual(["closed"]);
    expect(milestonesStampedByMove("resolved", "closed").stamps).toEqual(["closed"]);
  });

  it("marks moves from resolved or review back into work as reopenings", () => {
    expect(milestonesStampedByMove("resolved", "containment")).toEqual({ stamps: [], reopens: true });
    expect(milestonesStampedByMove("review", "remediation").reopens).toBe(true);
    expect(milestonesStampedByMove("investigation", "containment").reopens).toBe(false);
  });

  it("stamps nothing for a move the lifecycle does not allow", () => {
    expect(milestonesStampedByMove("triage", "closed")).toEqual({ stamps: [], reopens: false });
    expect(milestonesStampedByMove("triage", "triage")).toEqual({ stamps: [], reopens: false });
  });

  it("never stamps contained unless the move leaves containment", () => {
    for (const from of PHASES) for (const to of TRANSITIONS[from]) {
      expect(milestonesStampedByMove(from, to).stamps.includes("contained")).toBe(from === "containment");
    }
  });
});
