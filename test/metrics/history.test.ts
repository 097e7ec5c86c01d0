import { describe, expect, it } from "vitest";
import { metricInputFrom, resolutionsFromLog, severityHistoryFromLog, type HistoryIncident, type HistoryRow } from "../../src/metrics/history.js";

const at = (hhmm: string) => new Date(`2026-11-25T${hhmm}:00Z`);
let seq = 0;
const row = (hhmm: string, kind: string, payload: Record<string, unknown>, outcome = "ok"): HistoryRow => ({ seq: ++seq, at: at(hhmm), kind, outcome, payload });

const incident: HistoryIncident = {
  severity: "P2",
  phase: "resolved",
  startedAt: null,
  detectedAt: at("13:50"),
  declaredAt: at("14:00"),
  notifiedAt: null,
  containedAt: null,
  resolvedAt: at("17:00"),
  closedAt: null,
  clockSpeed: 1,
};

describe("severityHistoryFromLog", () => {
  it("starts at the declared severity and adds each accepted change", () => {
    const rows = [
      row("14:00", "declare", { severity: "P3" }),
      row("14:10", "severity", { from: "P3", to: "P3", changed: false }),
      row("14:20", "severity", { from: "P3", to: "P1", changed: true }),
      row("14:25", "severity", { to: "P4" }, "rejected"),
      row("15:00", "severity", { from: "P1", to: "P2", changed: true }),
    ];
    expect(severityHistoryFromLog(incident, rows)).toEqual([
      { at: at("14:00"), severity: "P3" },
      { at: at("14:20"), severity: "P1" },
      { at: at("15:00"), severity: "P2" },
    ]);
  });

  it("falls back to the first change's `from`, then the incident's severity", () => {
    expect(severityHistoryFromLog(incident, [row("14:20", "severity", { from: "P4", to: "P1", changed: true })])[0]).toEqual({ at: at("14:00"), severity: "P4" });
    expect(severityHistoryFromLog(incident, [])).toEqual([{ at: at("14:00"), severity: "P2" }]);
  });
});

describe("resolutionsFromLog", () => {
  it("records each resolution and reopening in order, ignoring reads and refusals", () => {
    const rows = [
      row("14:10", "status", { from: "triage", to: "containment" }),
      row("14:30", "status", { from: "containment", to: "investigation" }),
      row("15:00", "resolve", { from: "investigation", to: "resolved" }),
      row("15:05", "status", {}),
      row("15:30", "status", { from: "resolved", to: "containment" }),
      row("15:40", "close", { from: "containment", to: "closed" }, "rejected"),
      row("16:00", "status", { from: "containment", to: "remediation" }),
      row("17:00", "resolve", { from: "remediation", to: "resolved" }),
    ];
    expect(resolutionsFromLog(incident, rows)).toEqual([
      { at: at("15:00"), reopenedAt: at("15:30") },
      { at: at("17:00"), reopenedAt: null },
    ]);
  });

  it("applies a `milestone resolved` correction to the latest resolution", () => {
    const rows = [row("15:00", "resolve", { from: "triage", to: "resolved" }), row("15:10", "milestone", { milestone: "resolved", at: "2026-11-25T14:50:00.000Z" })];
    expect(resolutionsFromLog(incident, rows)).toEqual([{ at: at("14:50"), reopenedAt: null }]);
  });

  it("treats review → remediation as a reopening too", () => {
    const rows = [row("15:00", "resolve", { from: "triage", to: "resolved" }), row("15:10", "status", { from: "resolved", to: "review" }), row("15:20", "status", { from: "review", to: "remediation" })];
    expect(resolutionsFromLog(incident, rows)).toEqual([{ at: at("15:00"), reopenedAt: at("15:20") }]);
  });

  it("uses the incident's resolve time when the log has no moves at all", () => {
    expect(resolutionsFromLog(incident, [])).toEqual([{ at: at("17:00"), reopenedAt: null }]);
    expect(resolutionsFromLog({ ...incident, phase: "investigation" }, [])).toEqual([]);
  });
});

describe("metricInputFrom", () => {
  it("takes the scalars from the row and the histories from the log, in any row order", () => {
    const rows = [row("14:00", "declare", { severity: "P1" }), row("17:00", "resolve", { from: "remediation", to: "resolved" })].reverse();
    const input = metricInputFrom({ ...incident, containedAt: at("15:00") }, rows);
    expect(input).toMatchObject({ detectedAt: at("13:50"), containedAt: at("15:00"), severityHistory: [{ severity: "P1" }], resolutions: [{ at: at("17:00") }], clockSpeed: 1 });
  });
});
