import { and, asc, eq } from "drizzle-orm";
import type { Targets } from "../domain/severity.js";
import { notFound } from "../errors.js";
import { metricInputFrom } from "../metrics/history.js";
import type { MetricInput } from "../metrics/types.js";
import type { Executor } from "../store/db.js";
import {
  checklistSteps,
  type ChecklistStepRow,
  evidence,
  type EvidenceRow,
  followUpActions,
  type FollowUpActionRow,
  incidentLog,
  incidents,
  type IncidentRow,
  incidentWriteups,
  type LogRow,
  roleAssignments,
  type RoleAssignmentRow,
  type WriteupRow,
} from "../store/schema.js";

/** Everything the report is built from. Loaded by loadReportBundle; tests build it by hand. */
export interface ReportBundle {
  incident: IncidentRow;
  /** Milestones, resolutions (with reopenings) and the severity history. */
  metricInput: MetricInput;
  /** Every assignment, ended ones included: the hand-overs. */
  roles: RoleAssignmentRow[];
  /** The incident's accepted log rows, oldest first. */
  events: LogRow[];
  steps: ChecklistStepRow[];
  evidence: EvidenceRow[];
  writeups: WriteupRow[];
  actions: FollowUpActionRow[];
  targets: Targets;
  generatedAt: Date;
}

/**
 * Reads the bundle for one incident: its row, every role assignment, its accepted log rows (once;
 * the histories are derived from them), checklist state, evidence, write-ups and actions. Queries
 * run one after another so `db` may be a transaction.
 */
export async function loadReportBundle(db: Executor, incidentId: string, targets: Targets, now: Date): Promise<ReportBundle> {
  const [incident] = await db.select().from(incidents).where(eq(incidents.id, incidentId));
  if (!incident) throw notFound(`No incident with id ${incidentId}.`);
  const roles = await db.select().from(roleAssignments).where(eq(roleAssignments.incidentId, incidentId)).orderBy(asc(roleAssignments.assignedAt), asc(roleAssignments.role));
  const events = await db
    .select()
    .from(incidentLog)
    .where(and(eq(incidentLog.incidentId, incidentId), eq(incidentLog.outcome, "ok")))
    .orderBy(asc(incidentLog.seq));
  const steps = await db.select().from(checklistSteps).where(eq(checklistSteps.incidentId, incidentId));
  const items = await db.select().from(evidence).where(eq(evidence.incidentId, incidentId)).orderBy(asc(evidence.collectedAt));
  const writeups = await db.select().from(incidentWriteups).where(eq(incidentWriteups.incidentId, incidentId));
  const actions = await db.select().from(followUpActions).where(eq(followUpActions.incidentId, incidentId)).orderBy(asc(followUpActions.number));
  return {
    incident,
    metricInput: metricInputFrom(incident, events),
    roles,
    events,
    steps,
    evidence: items,
    writeups,
    actions,
    targets,
    generatedAt: now,
  };
}
