import { PHASES, type Phase } from "../domain/lifecycle.js";
import { Severity } from "../domain/severity.js";
import type { IncidentRow, LogRow } from "../store/schema.js";
import { milestonesStampedByMove } from "./moves.js";
import type { MetricInput, Resolution, SeverityChange } from "./types.js";

/** The log rows the histories are read from; loaders fetch only these kinds. */
export const HISTORY_KINDS = ["declare", "severity", "status", "resolve", "close", "milestone"] as const;
const PHASE_MOVE_KINDS = new Set(["status", "resolve", "close"]);

export type HistoryRow = Pick<LogRow, "seq" | "at" | "kind" | "outcome" | "payload">;

export type HistoryIncident = Pick<
  IncidentRow,
  "severity" | "phase" | "startedAt" | "detectedAt" | "declaredAt" | "notifiedAt" | "containedAt" | "resolvedAt" | "closedAt" | "clockSpeed"
>;

function accepted(rows: readonly HistoryRow[]): HistoryRow[] {
  return rows.filter((r) => r.outcome === "ok").sort((a, b) => a.seq - b.seq);
}

const asPhase = (value: unknown): Phase | undefined => ((PHASES as readonly unknown[]).includes(value) ? (value as Phase) : undefined);
const asSeverity = (value: unknown) => Severity.safeParse(value).data;

/**
 * Severity over time: the declared severity at declaration, then every accepted change (log kind
 * `severity`, payload {from, to, changed}). A confirmation that changed nothing adds no entry.
 */
export function severityHistoryFromLog(incident: Pick<HistoryIncident, "severity" | "declaredAt">, rows: readonly HistoryRow[]): SeverityChange[] {
  const list = accepted(rows);
  const declared = list.find((r) => r.kind === "declare");
  const firstChange = list.find((r) => r.kind === "severity" && r.payload.changed !== false);
  const initial = asSeverity(declared?.payload.severity) ?? asSeverity(firstChange?.payload.from) ?? (incident.severity as Severity);
  const history: SeverityChange[] = [{ at: incident.declaredAt, severity: initial }];
  for (const row of list) {
    if (row.kind !== "severity" || row.payload.changed === false) continue;
    const to = asSeverity(row.payload.to);
    if (to && to !== history.at(-1)!.severity) history.push({ at: row.at, severity: to });
  }
  return history;
}

/**
 * Resolutions and reopenings, in order: each move into `resolved` is a resolution at the time of
 * the move; a move from resolved or review back into work reopens the latest one; a
 * `milestone resolved` correction replaces the latest resolution's time.
 */
export function resolutionsFromLog(incident: Pick<HistoryIncident, "phase" | "resolvedAt">, rows: readonly HistoryRow[]): Resolution[] {
  const out: Resolution[] = [];
  let sawMove = false;
  for (const row of accepted(rows)) {
    if (PHASE_MOVE_KINDS.has(row.kind)) {
      const from = asPhase(row.payload.from);
      const to = asPhase(row.payload.to);
      if (!from || !to) continue;
      sawMove = true;
      const effect = milestonesStampedByMove(from, to);
      if (effect.stamps.includes("resolved")) out.push({ at: row.at, reopenedAt: null });
      const last = out.at(-1);
      if (effect.reopens && last && !last.reopenedAt) last.reopenedAt = row.at;
    } else if (row.kind === "milestone" && row.payload.milestone === "resolved" && typeof row.payload.at === "string") {
      const last = out.at(-1);
      if (last) last.at = new Date(row.payload.at);
    }
  }
  // Rows written before the log recorded moves: the incident row still says when it was resolved.
  const resolvedPhase = incident.phase === "resolved" || incident.phase === "review" || incident.phase === "closed";
  if (!sawMove && out.length === 0 && incident.resolvedAt && resolvedPhase) out.push({ at: incident.resolvedAt, reopenedAt: null });
  return out;
}

/** The metric input for an incident, from its row and its history log rows (any order). */
export function metricInputFrom(incident: HistoryIncident, rows: readonly HistoryRow[]): MetricInput {
  return {
    startedAt: incident.startedAt,
    detectedAt: incident.detectedAt,
    declaredAt: incident.declaredAt,
    notifiedAt: incident.notifiedAt,
    containedAt: incident.containedAt,
    resolutions: resolutionsFromLog(incident, rows),
    closedAt: incident.closedAt,
    severityHistory: severityHistoryFromLog(incident, rows),
    clockSpeed: incident.clockSpeed,
  };
}
