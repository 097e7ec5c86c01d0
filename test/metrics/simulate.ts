import fc from "fast-check";
import { type Phase, TRANSITIONS } from "../../src/domain/lifecycle.js";
import { SEVERITIES, type Severity } from "../../src/domain/severity.js";
import type { HistoryIncident, HistoryRow } from "../../src/metrics/history.js";
import { milestonesStampedByMove } from "../../src/metrics/moves.js";
import { checkMilestoneCorrection, type SettableMilestone, withCorrection } from "../../src/metrics/order.js";
import type { MetricInput } from "../../src/metrics/types.js";

/**
 * A small model of an incident driven by random commands, applying the rules the verbs will
 * follow: moves stamp per milestonesStampedByMove, corrections are stored only when
 * checkMilestoneCorrection accepts them. It also writes the log rows the verbs would write, so the
 * log derivation can be checked against it.
 */
export type Step =
  | { kind: "advance"; minutes: number }
  | { kind: "move"; pick: number }
  | { kind: "severity"; severity: Severity }
  | { kind: "notify" }
  | { kind: "correct"; milestone: SettableMilestone; offsetMinutes: number };

export interface Simulated {
  input: MetricInput;
  phase: Phase;
  now: Date;
  rows: HistoryRow[];
  refused: number;
}

const T0 = Date.parse("2026-11-25T14:00:00Z");
const minute = 60_000;

export const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant("advance" as const), minutes: fc.integer({ min: 0, max: 600 }) }),
  fc.record({ kind: fc.constant("move" as const), pick: fc.nat(10) }),
  fc.record({ kind: fc.constant("severity" as const), severity: fc.constantFrom(...SEVERITIES) }),
  fc.record({ kind: fc.constant("notify" as const) }),
  fc.record({
    kind: fc.constant("correct" as const),
    milestone: fc.constantFrom<SettableMilestone>("started", "detected", "notified", "contained", "resolved"),
    offsetMinutes: fc.integer({ min: -1500, max: 60 }),
  }),
);

export const scenarioArb = fc.record({
  detectedBefore: fc.integer({ min: 0, max: 600 }),
  startedBefore: fc.option(fc.integer({ min: 0, max: 2000 }), { nil: undefined }),
  severity: fc.constantFrom(...SEVERITIES),
  clockSpeed: fc.constantFrom(1, 1, 10, 60),
  steps: fc.array(stepArb, { maxLength: 40 }),
});
export type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

export function simulate(s: Scenario): Simulated {
  const declaredAt = new Date(T0);
  const detectedAt = new Date(T0 - s.detectedBefore * minute);
  let seq = 0;
  const rows: HistoryRow[] = [];
  const sim: Simulated = {
    input: {
      startedAt: s.startedBefore === undefined ? null : new Date(detectedAt.getTime() - s.startedBefore * minute),
      detectedAt,
      declaredAt,
      notifiedAt: null,
      containedAt: null,
      resolutions: [],
      closedAt: null,
      severityHistory: [{ at: declaredAt, severity: s.severity }],
      clockSpeed: s.clockSpeed,
    },
    phase: "triage",
    now: declaredAt,
    rows,
    refused: 0,
  };
  const log = (kind: string, payload: Record<string, unknown>) => rows.push({ seq: ++seq, at: sim.now, kind, outcome: "ok", payload });
  log("declare", { severity: s.severity });
  for (const step of s.steps) apply(sim, step, log);
  return sim;
}

function apply(sim: Simulated, step: Step, log: (kind: string, payload: Record<string, unknown>) => void): void {
  const input = sim.input;
  switch (step.kind) {
    case "advance":
      sim.now = new Date(sim.now.getTime() + step.minutes * minute);
      return;
    case "severity": {
      const from = input.severityHistory.at(-1)!.severity;
      if (from !== step.severity && sim.phase !== "closed") {
        sim.input = { ...input, severityHistory: [...input.severityHistory, { at: sim.now, severity: step.severity }] };
        log("severity", { from, to: step.severity, changed: true });
      }
      return;
    }
    case "notify":
      if (!input.notifiedAt && sim.phase !== "closed") sim.input = { ...input, notifiedAt: sim.now };
      return;
    case "move": {
      const options = TRANSITIONS[sim.phase];
      if (options.length === 0) return;
      const to = options[step.pick % options.length]!;
      const effect = milestonesStampedByMove(sim.phase, to);
      const resolutions = input.resolutions.map((r) => ({ ...r }));
      if (effect.reopens) resolutions.at(-1)!.reopenedAt = sim.now;
      if (effect.stamps.includes("resolved")) resolutions.push({ at: sim.now, reopenedAt: null });
      sim.input = {
        ...input,
        resolutions,
        containedAt: effect.stamps.includes("contained") ? (input.containedAt ?? sim.now) : input.containedAt,
        closedAt: effect.stamps.includes("closed") ? sim.now : input.closedAt,
      };
      log(to === "resolved" ? "resolve" : to === "closed" ? "close" : "status", { from: sim.phase, to });
      sim.phase = to;
      return;
    }
    case "correct": {
      if (sim.phase === "closed") return;
      const change = { milestone: step.milestone, at: new Date(sim.now.getTime() + step.offsetMinutes * minute) };
      if (checkMilestoneCorrection(input, change, sim.now)) {
        sim.refused++;
        return;
      }
      sim.input = withCorrection(input, change);
      log("milestone", { milestone: change.milestone, at: change.at.toISOString() });
    }
  }
}

/** The incident row the simulated state corresponds to. */
export function rowOf(sim: Simulated): HistoryIncident {
  const last = sim.input.resolutions.at(-1);
  return { ...sim.input, severity: sim.input.severityHistory.at(-1)!.severity, phase: sim.phase, resolvedAt: last?.at ?? null };
}
