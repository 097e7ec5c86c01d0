import type { StatsIncident } from "../../src/metrics/aggregate.js";
import type { MetricInput } from "../../src/metrics/types.js";

/**
 * Six incidents and a drill, declared 20–21 Nov 2026, looked at on 23 Nov 12:00 UTC. The same
 * story is driven through the verbs in stats-query.test.ts; the figures below were worked out by
 * hand from it (P1 targets: detect/notify 1h, contain 4h, remediate 72h; P2: 4h, 4h, 24h, 7d;
 * P3: 24h, 24h, 72h, 30d; P4: 7d, 72h, 7d, 90d).
 *
 *   A P1 prompt-injection monitoring: start 09:00, detected 09:30, notified 10:00, contained
 *     11:00, resolved 15:00 → detect 30 met, notify 30 met, contain 90 met, remediate 330 met.
 *   B P1 prompt-injection user-report: no start; detected 10:00, notified 12:00, contained 16:00,
 *     resolved 21st 08:00, reopened 09:00, resolved 10:00 → detect unknown, notify 120 missed,
 *     contain 360 missed, remediate 1440 met.
 *   C P2 data-poisoning security-team: start 00:00, detected 08:00, notified 09:00, still in
 *     triage → detect 480 missed, notify 60 met, contain running 4560 (overdue → missed),
 *     remediate running (within 7d).
 *   D P3 supply-chain monitoring: start 07:00, detected 08:00, contained and resolved 08:20,
 *     never notified → detect 60 met, notify running 4560 (overdue), contain 20 met, remediate 20 met.
 *   E P4 unknown vector, no source: detected 06:00, notified 06:30, contained 07:00, resolved
 *     08:00, closed 09:00 → detect unknown, notify 30, contain 60, remediate 120, all met.
 *   F declared P1 at 05:00, lowered to P2 at 06:00, model-theft external: start 01:00, notified
 *     05:30, contained 10:00, resolved 20:00 → judged at P1: detect 240 missed, notify 30 met,
 *     contain 300 missed, remediate 900 met. Counted as P2 (its severity now).
 *   G a drill on the 21st: left out.
 */
export const NOW = new Date("2026-11-23T12:00:00Z");
const d = (day: number, hhmm: string) => new Date(`2026-11-${day}T${hhmm}:00Z`);

function input(over: Partial<MetricInput> & Pick<MetricInput, "detectedAt" | "severityHistory">): MetricInput {
  return { startedAt: null, declaredAt: over.detectedAt, notifiedAt: null, containedAt: null, resolutions: [], closedAt: null, clockSpeed: 1, ...over };
}
const resolved = (at: Date, reopenedAt: Date | null = null) => ({ at, reopenedAt });

export function scriptedIncidents(): StatsIncident[] {
  return [
    {
      humanId: "A", severity: "P1", vector: "prompt-injection", detectionSource: "monitoring", isDrill: false,
      metrics: input({ startedAt: d(20, "09:00"), detectedAt: d(20, "09:30"), notifiedAt: d(20, "10:00"), containedAt: d(20, "11:00"), resolutions: [resolved(d(20, "15:00"))], severityHistory: [{ at: d(20, "09:30"), severity: "P1" }] }),
    },
    {
      humanId: "B", severity: "P1", vector: "prompt-injection", detectionSource: "user-report", isDrill: false,
      metrics: input({ detectedAt: d(20, "10:00"), notifiedAt: d(20, "12:00"), containedAt: d(20, "16:00"), resolutions: [resolved(d(21, "08:00"), d(21, "09:00")), resolved(d(21, "10:00"))], severityHistory: [{ at: d(20, "10:00"), severity: "P1" }] }),
    },
    {
      humanId: "C", severity: "P2", vector: "data-poisoning", detectionSource: "security-team", isDrill: false,
      metrics: input({ startedAt: d(20, "00:00"), detectedAt: d(20, "08:00"), notifiedAt: d(20, "09:00"), severityHistory: [{ at: d(20, "08:00"), severity: "P2" }] }),
    },
    {
      humanId: "D", severity: "P3", vector: "supply-chain", detectionSource: "monitoring", isDrill: false,
      metrics: input({ startedAt: d(20, "07:00"), detectedAt: d(20, "08:00"), containedAt: d(20, "08:20"), resolutions: [resolved(d(20, "08:20"))], severityHistory: [{ at: d(20, "08:00"), severity: "P3" }] }),
    },
    {
      humanId: "E", severity: "P4", vector: "unknown", detectionSource: null, isDrill: false,
      metrics: input({ detectedAt: d(20, "06:00"), notifiedAt: d(20, "06:30"), containedAt: d(20, "07:00"), resolutions: [resolved(d(20, "08:00"))], closedAt: d(20, "09:00"), severityHistory: [{ at: d(20, "06:00"), severity: "P4" }] }),
    },
    {
      humanId: "F", severity: "P2", vector: "model-theft", detectionSource: "external", isDrill: false,
      metrics: input({
        startedAt: d(20, "01:00"), detectedAt: d(20, "05:00"), notifiedAt: d(20, "05:30"), containedAt: d(20, "10:00"), resolutions: [resolved(d(20, "20:00"))],
        severityHistory: [{ at: d(20, "05:00"), severity: "P1" }, { at: d(20, "06:00"), severity: "P2" }],
      }),
    },
    {
      humanId: "G", severity: "P2", vector: "prompt-injection", detectionSource: "monitoring", isDrill: true,
      metrics: input({ detectedAt: d(21, "12:00"), severityHistory: [{ at: d(21, "12:00"), severity: "P2" }], clockSpeed: 60 }),
    },
  ];
}

const figures = (key: string, label: string, f: Record<string, number | null>) => ({ key, label, ...f });

export const EXPECTED_30D = {
  counts: {
    incidents: 6,
    drillsLeftOut: 1,
    bySeverity: { P1: 2, P2: 2, P3: 1, P4: 1 },
    byVector: { "prompt-injection": 2, "data-poisoning": 1, "model-theft": 1, "adversarial-inputs": 0, "supply-chain": 1, infrastructure: 0, unknown: 1 },
    bySource: { monitoring: 2, "user-report": 1, "security-team": 1, external: 1, audit: 0, unrecorded: 1 },
    automatic: { count: 2, recorded: 5, share: 0.4 },
  },
  metrics: {
    // [30, 60, 240, 480]: median (60+240)/2, mean 810/4, p90 rank ⌈3.6⌉ = 4.
    detect: figures("detect", "Time to detect", { measured: 4, median: 150, mean: 202.5, p90: 480, running: 0, unknown: 2, inconsistent: 0, met: 2, decided: 4, shareMet: 0.5 }),
    // [30, 30, 30, 60, 120]; D's overdue clock is decided (missed): 4 of 6.
    notify: figures("notify", "Time to notify", { measured: 5, median: 30, mean: 54, p90: 120, running: 1, unknown: 0, inconsistent: 0, met: 4, decided: 6, shareMet: 4 / 6 }),
    // [20, 60, 90, 300, 360]; C's overdue clock is decided: 3 of 6.
    contain: figures("contain", "Time to contain", { measured: 5, median: 90, mean: 166, p90: 360, running: 1, unknown: 0, inconsistent: 0, met: 3, decided: 6, shareMet: 0.5 }),
    // [20, 120, 330, 900, 1440]; C is running but within 7 days: undecided.
    remediate: figures("remediate", "Time to remediate", { measured: 5, median: 330, mean: 562, p90: 1440, running: 1, unknown: 0, inconsistent: 0, met: 5, decided: 5, shareMet: 1 }),
  },
  blocks: [
    { type: "header", text: "Incident metrics · the last 30 days" },
    { type: "text", text: ["6 incidents declared in the last 30 days (1 drill left out)."] },
    {
      type: "fields",
      fields: [
        { label: "Severity", value: ["P1 2 · P2 2 · P3 1 · P4 1"] },
        { label: "Attack vector", value: ["Prompt injection 2 · Data poisoning 1 · Model theft / extraction 1 · Supply chain 1 · Unknown (not yet classified) 1"] },
        { label: "Detected by", value: ["Automated monitoring 2 · User report 1 · Security team detection 1 · External notification 1 · Not recorded 1"] },
        { label: "Detected automatically", value: ["2 of 5 with a recorded source (40%)"] },
      ],
    },
    {
      type: "text",
      text: [
        [
          "Time to detect: median 2h 30m · mean 3h 23m · p90 8h (4 measured); 2 of 4 within target (50%); 2 unknown.",
          "Time to notify: median 30m · mean 54m · p90 2h (5 measured); 4 of 6 within target (67%); 1 still running.",
          "Time to contain: median 1h 30m · mean 2h 46m · p90 6h (5 measured); 3 of 6 within target (50%); 1 still running.",
          "Time to remediate: median 5h 30m · mean 9h 22m · p90 24h (5 measured); 5 of 5 within target (100%); 1 still running.",
        ].join("\n"),
      ],
    },
    {
      type: "context",
      text: ["p90: 90% of the measured incidents took this long or less (nearest rank). A clock still running past its target counts as missed. Targets follow the most severe severity held. Drills never count."],
    },
  ],
};
