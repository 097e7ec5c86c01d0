import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import type { IncidentRow } from "../../src/store/schema.js";
import { reminderId } from "../../src/timers/ids.js";
import { metricInputFrom } from "../../src/metrics/index.js";
import { planReminders as planWith } from "../../src/timers/plan.js";

const config = loadConfig({}, "/tmp");
const declared = new Date("2026-11-25T14:00:00Z");

function incident(over: Partial<IncidentRow> = {}): IncidentRow {
  return {
    id: "7d0c3a40-0000-4000-8000-000000000001",
    humanId: "INC-2026-0001",
    title: "t",
    description: null,
    severity: "P1",
    vector: "prompt-injection",
    detectionSource: null,
    phase: "triage",
    isPrivate: false,
    isDrill: false,
    playbooks: [],
    declaredBy: { kind: "system", name: "x" },
    origin: null,
    space: null,
    spaceName: null,
    spacePlatform: "shell",
    spaceState: "ready",
    startedAt: null,
    detectedAt: declared,
    declaredAt: declared,
    notifiedAt: null,
    containedAt: null,
    resolvedAt: null,
    closedAt: null,
    lastUpdateAt: null,
    resolution: null,
    version: 1,
    personalDataAt: null,
    regulatorRegime: null,
    regulatorDeadlineMinutes: null,
    regulatorNotifiedAt: null,
    clockSpeed: 1,
    drillScenario: null,
    ...over,
  };
}

/** The plan for an incident whose log holds nothing the metrics read beyond the row. */
const planReminders = (row: IncidentRow, cfg: typeof config, now: Date) => planWith(row, cfg, now, metricInputFrom(row, []));
const byKey = (list: ReturnType<typeof planReminders>) => Object.fromEntries(list.map((p) => [p.key, p.fireAt.toISOString().slice(11, 19)]));

describe("planReminders", () => {
  it("plans the first hour, roles, overdue steps, cadence and P1 target clocks from declaration", () => {
    const plan = byKey(planReminders(incident(), config, declared));
    expect(plan).toMatchObject({
      "prompt:fh-5": "14:05:00",
      "prompt:fh-45": "14:45:00",
      "first-hour-summary": "15:00:00",
      "roles:commander": "14:05:00",
      "roles:all": "14:15:00",
      "overdue:fh-0:nudge": "14:10:00",
      "overdue:fh-0:escalate": "14:15:00",
      "overdue:fh-45:escalate": "15:10:00",
      "cadence:2026-11-25T14:30:00.000Z": "14:30:00",
      "target:notify:75:2026-11-25T14:45:00.000Z": "14:45:00",
      "target:notify:100:2026-11-25T15:00:00.000Z": "15:00:00",
      "target:contain:75:2026-11-25T17:00:00.000Z": "17:00:00",
    });
    expect(plan).not.toHaveProperty("prompt:fh-0");
  });

  it("after a late cadence firing the next nudge is one period after the last one due, never a pile-up", () => {
    const plan = byKey(planReminders(incident(), config, new Date("2026-11-25T15:47:00Z")));
    expect(plan["cadence:2026-11-25T16:00:00.000Z"]).toBe("16:00:00");
    expect(Object.keys(plan).filter((k) => k.startsWith("cadence:"))).toHaveLength(1);
  });

  it("a reached milestone stops its target clock; resolve swaps the first hour for review reminders", () => {
    const resolved = planReminders(incident({ phase: "resolved", notifiedAt: declared, containedAt: declared, resolvedAt: new Date("2026-11-26T00:00:00Z") }), config, declared);
    const keys = resolved.map((p) => p.key);
    expect(keys).toEqual(["review:2026-11-26T00:00:00.000Z:half", "review:2026-11-26T00:00:00.000Z:due"]);
    expect(resolved[1]!.fireAt.toISOString()).toBe("2026-12-10T00:00:00.000Z");
  });

  it("close plans the recurrence check-ins, and the regulator clock until the regulator is notified", () => {
    const cfg = loadConfig({ FIREBREAK_RECURRENCE_CHECKS: "30d,90d" }, "/tmp");
    const closed = { phase: "closed", closedAt: declared, resolvedAt: declared, personalDataAt: declared };
    expect(planReminders(incident({ ...closed, regulatorNotifiedAt: declared }), cfg, declared).map((p) => [p.key, p.fireAt.toISOString().slice(0, 10)])).toEqual([
      ["recurrence:43200m", "2026-12-25"],
      ["recurrence:129600m", "2027-02-23"],
    ]);
    const owed = planReminders(incident(closed), cfg, declared);
    expect(owed.filter((p) => p.kind === "regulatory").map((p) => p.fireAt.toISOString().slice(0, 13))).toEqual(["2026-11-26T14", "2026-11-27T14", "2026-11-28T08", "2026-11-28T14"]);
    expect(owed.some((p) => p.kind === "target")).toBe(false);
  });

  it("a chosen deadline scales the regulator nudges: HIPAA's 60 days at 20, 40, 55 and 60 days", () => {
    const flagged = new Date("2026-11-25T15:00:00Z");
    const plan = planReminders(incident({ personalDataAt: flagged, regulatorRegime: "hipaa", regulatorDeadlineMinutes: 60 * 24 * 60 }), config, declared).filter((p) => p.kind === "regulatory");
    expect(plan.map((p) => (p.fireAt.getTime() - flagged.getTime()) / 86_400_000)).toEqual([20, 40, 55, 60]);
    expect(plan[0]!.payload).toMatchObject({ regime: "hipaa", deadlineMinutes: 86_400, offsetMinutes: 28_800 });
  });

  it("personal data starts the 72 h regulatory nudges at 24, 48, 66 and 72 h", () => {
    const flagged = new Date("2026-11-25T15:00:00Z");
    const plan = planReminders(incident({ personalDataAt: flagged }), config, declared).filter((p) => p.kind === "regulatory");
    expect(plan.map((p) => (p.fireAt.getTime() - flagged.getTime()) / 3_600_000)).toEqual([24, 48, 66, 72]);
    expect(planReminders(incident({ personalDataAt: flagged, regulatorNotifiedAt: flagged }), config, declared).some((p) => p.kind === "regulatory")).toBe(false);
  });

  it("a drill divides every offset by its speed and adds the scenario's injects", () => {
    const plan = byKey(planReminders(incident({ isDrill: true, clockSpeed: 20, drillScenario: "data-poisoning" }), config, declared));
    expect(plan["prompt:fh-5"]).toBe("14:00:15");
    expect(plan["first-hour-summary"]).toBe("14:03:00");
    expect(plan["inject:1"]).toBe("14:00:12");
    expect(plan["target:notify:100:2026-11-25T14:03:00.000Z"]).toBe("14:03:00");
  });

  it("reminder ids are UUID v5, stable for the same incident and key", () => {
    const id = reminderId("7d0c3a40-0000-4000-8000-000000000001", "prompt:fh-5");
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(reminderId("7d0c3a40-0000-4000-8000-000000000001", "prompt:fh-5")).toBe(id);
    expect(reminderId("7d0c3a40-0000-4000-8000-000000000001", "prompt:fh-10")).not.toBe(id);
  });
});
