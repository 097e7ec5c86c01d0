import type { Ctx } from "../context.js";
import { AttackVector } from "../domain/attack-vector.js";
import { DetectionSource } from "../domain/detection-source.js";
import { actorAsPerson, type Person, type Platform } from "../domain/people.js";
import { Severity } from "../domain/severity.js";
import { formatUtc } from "../domain/time.js";
import { invalid } from "../errors.js";
import { playbooksFor } from "../playbooks/index.js";
import type { Tx } from "../store/db.js";
import { checklistSteps, incidents, type IncidentRow, roleAssignments, type SpaceRef } from "../store/schema.js";
import { nextHumanId } from "./queries.js";

export interface NewIncident {
  title: string;
  severity?: Severity;
  vector?: AttackVector;
  source?: DetectionSource;
  startedAt?: Date;
  description?: string;
  private: boolean;
  commander?: Person;
  /** Where it was declared, and on which platform its space will live. */
  origin?: SpaceRef;
  platform: Platform;
  drill?: { speed: number; scenario: string };
}

/** Severity when nobody said: moderate, and the triage step to set it stays open. */
export const DEFAULT_SEVERITY = "P3" as const;

/**
 * Inserts the incident, its commander and the steps the declaration itself completes, in the
 * caller's transaction. Its space is `pending`: opening it is an effect delivered after commit.
 */
export async function createIncident(tx: Tx, ctx: Ctx, input: NewIncident): Promise<{ incident: IncidentRow; commander?: Person; autoChecked: string[] }> {
  const now = ctx.clock.now();
  if (input.startedAt && input.startedAt.getTime() > now.getTime()) {
    throw invalid(`The start time ${formatUtc(input.startedAt)} is in the future.`, 'Give when the attack began, e.g. `--started "2h ago"` or `--started 13:05`.');
  }
  const commander = input.commander ?? actorAsPerson(ctx.actor);
  const vector = input.vector ?? "unknown";
  // Steps the declaration itself completes, so the checklist reflects what is already known.
  const autoChecked = [...(input.severity ? ["triage.severity"] : []), ...(input.vector && input.vector !== "unknown" ? ["triage.vector"] : [])];
  const humanId = await nextHumanId(tx, now.getUTCFullYear(), input.drill ? "DRILL" : "INC");
  const [incident] = await tx
    .insert(incidents)
    .values({
      humanId,
      title: input.title,
      description: input.description,
      severity: input.severity ?? DEFAULT_SEVERITY,
      vector,
      detectionSource: input.source,
      phase: "triage",
      isPrivate: input.private,
      isDrill: !!input.drill,
      clockSpeed: input.drill?.speed ?? 1,
      drillScenario: input.drill?.scenario,
      playbooks: playbooksFor(vector),
      declaredBy: ctx.actor,
      origin: input.origin,
      spacePlatform: input.platform,
      spaceState: "pending",
      startedAt: input.startedAt,
      detectedAt: now,
      declaredAt: now,
    })
    .returning();
  if (commander) {
    await tx.insert(roleAssignments).values({ incidentId: incident!.id, role: "commander", slot: "primary", person: commander, assignedAt: now, assignedBy: ctx.actor });
  }
  if (autoChecked.length) {
    await tx.insert(checklistSteps).values(autoChecked.map((stepKey) => ({ incidentId: incident!.id, stepKey, checked: true, changedAt: now, changedBy: ctx.actor })));
  }
  return { incident: incident!, commander, autoChecked };
}
