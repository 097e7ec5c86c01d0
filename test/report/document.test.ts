import { describe, expect, it } from "vitest";
import { buildReport } from "../../src/report/build.js";
import type { ReportBundle } from "../../src/report/bundle.js";
import { reportMarkdown } from "../../src/report/markdown.js";
import { INCIDENT, scriptedBundle } from "./scripted-bundle.js";

const doc = (over: Partial<ReportBundle> = {}) => buildReport({ ...scriptedBundle(), ...over });

describe("buildReport (the JSON for `report --json`)", () => {
  it("lists every resolution, including the reopened one", () => {
    expect(doc().resolutions).toEqual([
      { at: "2026-11-25T19:00:00.000Z", reopenedAt: "2026-11-25T20:00:00.000Z" },
      { at: "2026-11-26T10:00:00.000Z", reopenedAt: null },
    ]);
  });

  it("judges each metric against the severity held while its clock ran", () => {
    expect(doc().metrics.map((m) => [m.key, m.state, m.minutes, m.target?.severity, m.met])).toEqual([
      ["detect", "reached", 40, "P2", true],
      ["notify", "reached", 90, "P1", false],
      ["contain", "reached", 120, "P1", true],
      ["remediate", "reached", 1200, "P1", true],
    ]);
    expect(doc().incident.severity).toMatchObject({ current: "P1", highest: "P1", history: [{ severity: "P2" }, { severity: "P1" }] });
  });

  it("keeps unwritten fields null and records who wrote the others", () => {
    expect(doc().writeup.map((w) => [w.field, w.text === null, w.writtenBy])).toEqual([
      ["root-cause", false, "@carol"],
      ["contributing-factors", true, null],
      ["detection-gap", true, null],
      ["impact", false, "@dave"],
      ["lessons-learned", false, "@bob"],
    ]);
  });

  it("shows the forced close with its reason, time and who", () => {
    expect(doc().forcedClose).toEqual({ reason: "Review held on 27 Nov; legal sign-off tracked in LEGAL-311", at: "2026-11-27T09:00:00.000Z", by: "@bob" });
    const plain = scriptedBundle().events.map((r) => (r.kind === "close" ? { ...r, payload: { from: "review", to: "closed" } } : r));
    expect(doc({ events: plain }).forcedClose).toBeNull();
    expect(reportMarkdown(doc({ events: plain }))).not.toContain("--force");
  });

  it("marks open actions past their due date as overdue, and the risk entry open until all are done", () => {
    expect(doc().actions.map((a) => [a.number, a.done, a.overdue])).toEqual([
      [1, true, false],
      [2, false, false],
      [3, false, true],
    ]);
    expect(doc().riskRegister).toMatchObject({ status: "open", treatment: "3 follow-up actions, 2 open.", owner: "@bob", severity: "P1" });
    const allDone = scriptedBundle().actions.map((a) => ({ ...a, doneAt: new Date("2026-12-01T00:00:00Z") }));
    expect(doc({ actions: allDone }).riskRegister.status).toBe("treated");
    expect(doc({ actions: allDone, writeups: [] }).riskRegister.status).toBe("open");
  });

  it("counts completion per phase and names the open steps", () => {
    const review = doc().completion.find((c) => c.phase === "review")!;
    expect(review).toMatchObject({ done: 7, total: 9 });
    expect(review.open.map((s) => s.key)).toEqual(["review.systemic", "report.share"]);
  });

  it("lists a primary role nobody held, and who took over a role", () => {
    const roles = doc().roles;
    expect(roles.find((r) => r.role === "legal")).toMatchObject({ person: null });
    expect(roles.find((r) => r.person === "@alice")).toMatchObject({ until: "2026-11-25T17:00:00.000Z", handedTo: "@bob" });
  });

  it("leaves reads and no-op confirmations out of the timeline", () => {
    const events = [...scriptedBundle().events];
    const base = events[0]!;
    events.push({ ...base, seq: 999, kind: "timeline", payload: {} }, { ...base, seq: 1000, kind: "severity", payload: { from: "P1", to: "P1", changed: false } });
    expect(doc({ events }).timeline).toHaveLength(scriptedBundle().events.length);
  });

  it("is plain JSON: it survives a round trip unchanged", () => {
    const d = doc();
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
  });
});

describe("reportMarkdown", () => {
  it("says 'Not yet written.' for every field nobody wrote", () => {
    const md = reportMarkdown(doc({ writeups: [] }));
    expect(md.match(/_Not yet written\._/g)).toHaveLength(5 + 3);
  });

  it("keeps table cells on one line and escapes pipes", () => {
    const actions = [{ ...scriptedBundle().actions[1]!, text: "Filter a|b\ninputs" }];
    expect(reportMarkdown(doc({ actions }))).toContain("| 2 | Filter a\\|b<br>inputs | @carol | 2026-12-05 | open |");
  });

  it("marks a drill and shows its compressed targets", () => {
    const drill = { ...INCIDENT, isDrill: true, clockSpeed: 60, humanId: "DRILL-2026-0042" };
    const bundle = scriptedBundle();
    const md = reportMarkdown(buildReport({ ...bundle, incident: drill, metricInput: { ...bundle.metricInput, clockSpeed: 60 } }));
    expect(md).toContain("> **Drill** on a clock 60× faster than real time: nothing here counts in metrics.");
    expect(md).toContain("| Time to contain | 2h | 4m (P1's 4h at drill speed ×60) | **missed** by 1h 56m |");
  });

  it("shows a running clock and an unknown start as such, never as a duration", () => {
    const bundle = scriptedBundle();
    const open = { ...bundle.metricInput, startedAt: null, notifiedAt: null, closedAt: null, resolutions: [] };
    const md = reportMarkdown(buildReport({ ...bundle, metricInput: open, generatedAt: new Date("2026-11-25T15:30:00Z") }));
    expect(md).toContain("| Time to detect | unknown | — | The attack's start time is not recorded; set it with `milestone started <time>`. |");
    expect(md).toContain("| Time to notify | 1h 30m so far | 1h (P1) | **overdue** by 30m |");
    expect(md).toContain("| Time to remediate | 1h 30m so far | 3d (P1) | running, 2d 22h left |");
  });
});
