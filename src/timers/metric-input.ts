import { isActive, type Phase } from "../domain/lifecycle.js";
import { Severity } from "../domain/severity.js";
import { loadMetricInput, type MetricInput } from "../metrics/index.js";
import type { Executor } from "../store/db.js";
import type { IncidentRow } from "../store/schema.js";

/**
 * The metric input for an incident as its row stands now, inside the transaction changing it.
 * The runner appends a command's log row after it reconciles the timers, so histories read from
 * the log lag the row by that one command; the row's severity and phase fill the gap.
 */
export async function metricInputNow(db: Executor, incident: IncidentRow, now: Date): Promise<MetricInput> {
  return withRowState(await loadMetricInput(db, incident), incident, now);
}

/**
 * The histories brought up to the row: a severity the log has not recorded yet starts now; a
 * resolved (or in-review, or closed) row holds its latest resolution at `resolvedAt`, which moves
 * re-stamp and `milestone resolved` corrects; an active row has no resolution that holds.
 */
export function withRowState(input: MetricInput, incident: Pick<IncidentRow, "severity" | "phase" | "resolvedAt">, now: Date): MetricInput {
  const severityHistory = [...input.severityHistory];
  const severity = Severity.safeParse(incident.severity).data;
  if (severity && severityHistory.at(-1)?.severity !== severity) severityHistory.push({ at: now, severity });
  const resolutions = input.resolutions.map((r) => ({ ...r }));
  const last = resolutions.at(-1);
  if (!isActive(incident.phase as Phase) && incident.resolvedAt) {
    if (!last || last.reopenedAt) resolutions.push({ at: incident.resolvedAt, reopenedAt: null });
    else last.at = incident.resolvedAt;
  } else if (isActive(incident.phase as Phase) && last && !last.reopenedAt) {
    last.reopenedAt = now;
  }
  return { ...input, severityHistory, resolutions };
}
