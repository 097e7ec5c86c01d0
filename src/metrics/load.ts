import { and, asc, eq, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import type { AttackVector } from "../domain/attack-vector.js";
import type { DetectionSource } from "../domain/detection-source.js";
import type { Severity } from "../domain/severity.js";
import type { Executor } from "../store/db.js";
import { incidentLog, incidents, type IncidentRow } from "../store/schema.js";
import type { StatsIncident } from "./aggregate.js";
import { HISTORY_KINDS, type HistoryRow, metricInputFrom } from "./history.js";
import type { StatsPeriod } from "./period.js";
import type { MetricInput } from "./types.js";

const historyColumns = { seq: incidentLog.seq, at: incidentLog.at, kind: incidentLog.kind, outcome: incidentLog.outcome, payload: incidentLog.payload };

/**
 * The metric input for one incident: its row plus one indexed read of its history log rows.
 * Verbs call this inside their transaction (pass `tx`) before checking a correction.
 */
export async function loadMetricInput(db: Executor, incident: IncidentRow): Promise<MetricInput> {
  const rows: HistoryRow[] = await db
    .select(historyColumns)
    .from(incidentLog)
    .where(and(eq(incidentLog.incidentId, incident.id), eq(incidentLog.outcome, "ok"), inArray(incidentLog.kind, [...HISTORY_KINDS])))
    .orderBy(asc(incidentLog.seq));
  return metricInputFrom(incident, rows);
}

function periodFilter(period: StatsPeriod): SQL | undefined {
  return and(period.from ? gte(incidents.declaredAt, period.from) : undefined, period.to ? lt(incidents.declaredAt, period.to) : undefined);
}

/**
 * The incidents declared in a period, with what `stats` needs, in two queries: the incident rows
 * (a range scan on incidents_declared_at_idx) and the history rows of the non-drill ones. Drills
 * come back too, marked, so the figures can say how many were left out. Row order does not matter:
 * the history is ordered by `seq` when it is read.
 */
export async function loadStatsIncidents(db: Executor, period: StatsPeriod): Promise<StatsIncident[]> {
  const rows = await db.select().from(incidents).where(periodFilter(period)).orderBy(asc(incidents.declaredAt));
  // One array parameter, not a list of parameters: `all` may cover more incidents than a query
  // takes parameters. For a short period the planner reads the ids through
  // incident_log_incident_idx; for long ones a scan is cheaper and it chooses that.
  const counted = rows.filter((r) => !r.isDrill).map((r) => r.id);
  const history = counted.length
    ? await db
        .select({ incidentId: incidentLog.incidentId, ...historyColumns })
        .from(incidentLog)
        .where(and(sql`${incidentLog.incidentId} = any(${`{${counted.join(",")}}`}::uuid[])`, eq(incidentLog.outcome, "ok"), inArray(incidentLog.kind, [...HISTORY_KINDS])))
        .orderBy(asc(incidentLog.seq))
    : [];
  const byIncident = new Map<string, HistoryRow[]>();
  for (const { incidentId, ...row } of history) {
    const list = byIncident.get(incidentId!) ?? [];
    list.push(row);
    byIncident.set(incidentId!, list);
  }
  return rows.map((r) => ({
    humanId: r.humanId,
    severity: r.severity as Severity,
    vector: r.vector as AttackVector,
    detectionSource: r.detectionSource as DetectionSource | null,
    isDrill: r.isDrill,
    metrics: metricInputFrom(r, byIncident.get(r.id) ?? []),
  }));
}
