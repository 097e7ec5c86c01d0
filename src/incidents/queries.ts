import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { INCIDENT_REF } from "../commands/command.js";
import { notFound } from "../errors.js";
import type { Executor, Tx } from "../store/db.js";
import { decodeRows, rowsAsJson } from "../store/json-rows.js";
import {
  checklistSteps,
  type ChecklistStepRow,
  evidence,
  incidents,
  type IncidentRow,
  postedMessages,
  roleAssignments,
  type RoleAssignmentRow,
} from "../store/schema.js";

/** Everything a summary or checklist needs about one incident, read in one go. */
export interface IncidentView {
  incident: IncidentRow;
  roles: RoleAssignmentRow[];
  steps: Map<string, ChecklistStepRow>;
  evidenceCount: number;
}

export async function findIncident(db: Executor, ref: { id?: string; humanId?: string; spaceName?: string; spaceId?: string; platform?: string }): Promise<IncidentRow | undefined> {
  if (ref.spaceName) return (await db.select().from(incidents).where(eq(incidents.spaceName, ref.spaceName)))[0];
  if (ref.id) return (await db.select().from(incidents).where(eq(incidents.id, ref.id)))[0];
  if (ref.humanId) return (await db.select().from(incidents).where(eq(incidents.humanId, ref.humanId.toUpperCase())))[0];
  if (ref.spaceId && ref.platform) {
    const rows = await db
      .select()
      .from(incidents)
      .where(and(sql`${incidents.space}->>'id' = ${ref.spaceId}`, sql`${incidents.space}->>'platform' = ${ref.platform}`));
    return rows[0];
  }
  return undefined;
}

/**
 * Reads and row-locks the incident for the rest of the transaction. Every verb that changes an
 * incident goes through here first, so concurrent changes to one incident queue up in SQL.
 */
export async function lockIncident(tx: Tx, incidentId: string): Promise<IncidentRow> {
  // NO KEY UPDATE, not UPDATE: foreign-key checks from rows that reference the incident (log,
  // steps, reminders) take KEY SHARE, which this mode lets through.
  const [row] = await tx.select().from(incidents).where(eq(incidents.id, incidentId)).for("no key update");
  if (!row) throw notFound(`No incident with id ${incidentId}.`);
  return row;
}

export async function loadView(db: Executor, incidentId: string): Promise<IncidentView> {
  // One statement: the incident with its current roles, its steps and its evidence count.
  const [row] = await db
    .select({
      incident: incidents,
      // Each subquery names the incident by the parameter, not the outer row: the planner then
      // reads each table's incident index whatever its statistics say.
      roles: rowsAsJson(roleAssignments, and(eq(roleAssignments.incidentId, incidentId), isNull(roleAssignments.endedAt))!, sql`${roleAssignments.assignedAt}`),
      steps: rowsAsJson(checklistSteps, eq(checklistSteps.incidentId, incidentId)),
      evidenceCount: sql<number>`(select count(*)::int from ${evidence} where ${evidence.incidentId} = ${incidentId})`,
    })
    .from(incidents)
    .where(eq(incidents.id, incidentId));
  if (!row) throw notFound(`No incident with id ${incidentId}.`);
  const steps = decodeRows(checklistSteps, row.steps);
  return { incident: row.incident, roles: decodeRows(roleAssignments, row.roles), steps: new Map(steps.map((s) => [s.stepKey, s])), evidenceCount: Number(row.evidenceCount) };
}

export function currentRoles(db: Executor, incidentId: string): Promise<RoleAssignmentRow[]> {
  return db
    .select()
    .from(roleAssignments)
    .where(and(eq(roleAssignments.incidentId, incidentId), isNull(roleAssignments.endedAt)))
    .orderBy(asc(roleAssignments.assignedAt));
}

/** Not closed, most severe first. The literal `'closed'` (not a parameter) lets Postgres read incidents_open_idx. */
export function openIncidents(db: Executor): Promise<IncidentRow[]> {
  return db.select().from(incidents).where(sql`${incidents.phase} <> 'closed'`).orderBy(asc(incidents.severity), asc(incidents.declaredAt));
}

export async function messageRefs(db: Executor, incidentId: string, platform: string) {
  return db
    .select()
    .from(postedMessages)
    .where(and(eq(postedMessages.incidentId, incidentId), eq(postedMessages.platform, platform)));
}

export function isIncidentRef(text: string): boolean {
  return INCIDENT_REF.test(text);
}

/** The next `INC-2026-0042`: an atomic upsert hands out each number exactly once. */
export async function nextHumanId(tx: Tx, year: number, prefix: "INC" | "DRILL" = "INC"): Promise<string> {
  // Drills count on their own: INC-…-0001, DRILL-…-0001, INC-…-0002.
  const result = await tx.execute(sql`
    insert into incident_counters (series, year, last) values (${prefix}, ${year}, 1)
    on conflict (series, year) do update set last = incident_counters.last + 1
    returning last`);
  const last = (result as unknown as { rows: { last: number }[] }).rows[0]!.last;
  return `${prefix}-${year}-${String(last).padStart(4, "0")}`;
}
