import { z } from "zod";
import { AttackVector } from "../domain/attack-vector.js";
import { DetectionSource } from "../domain/detection-source.js";
import { actorAsPerson, Person } from "../domain/people.js";
import { Severity } from "../domain/severity.js";
import { formatUtc } from "../domain/time.js";
import { invalid } from "../errors.js";
import type { Ctx } from "../context.js";
import { playbooksFor } from "../playbooks/index.js";
import { appendLog } from "../store/log.js";
import { checklistSteps, incidents, type IncidentRow, roleAssignments, type RoleAssignmentRow } from "../store/schema.js";
import { TITLE_MAX } from "../commands/command.js";
import { reconcileReminders } from "../timers/reconcile.js";
import { nextHumanId } from "./queries.js";

const SpaceRefInput = z.object({
  platform: z.enum(["slack", "teams", "shell"]),
  id: z.string(),
  name: z.string(),
  url: z.string().optional(),
  extra: z.record(z.string(), z.unknown()).optional(),
});

export const DeclareInput = z.object({
  title: z.string().trim().min(1, "The title is empty").max(TITLE_MAX),
  severity: Severity.optional(),
  vector: AttackVector.optional(),
  source: DetectionSource.optional(),
  startedAt: z.date().optional(),
  detectedAt: z.date().optional(),
  description: z.string().trim().max(3000).optional(),
  private: z.boolean().default(false),
  commander: Person.optional(),
  origin: SpaceRefInput.optional(),
  drill: z.boolean().default(false),
  /** Drills run their timers this many times faster than real time. */
  clockSpeed: z.number().int().min(1).max(3600).default(1),
  /** The drill script whose injects are scheduled (drills only). */
  drillScenario: z.enum(["prompt-injection", "data-poisoning", "supply-chain"]).optional(),
});
export type DeclareInput = z.input<typeof DeclareInput>;

export interface Declared {
  incident: IncidentRow;
  roles: RoleAssignmentRow[];
  autoChecked: string[];
}

/** Severity when nobody said: moderate, and the triage step to set it stays open. */
export const DEFAULT_SEVERITY = "P3" as const;

export async function declareIncident(ctx: Ctx, raw: DeclareInput): Promise<Declared> {
  const input = DeclareInput.parse(raw);
  const now = ctx.clock.now();
  const detectedAt = input.detectedAt ?? now;
  if (input.startedAt && input.startedAt.getTime() > now.getTime()) {
    throw invalid(`The start time ${formatUtc(input.startedAt)} is in the future.`, "Give when the attack began, e.g. `--started \"2h ago\"` or `--started 13:05`.");
  }
  if (input.startedAt && input.startedAt.getTime() > detectedAt.getTime()) {
    throw invalid(`The attack cannot start (${formatUtc(input.startedAt)}) after it was detected (${formatUtc(detectedAt)}).`);
  }
  const commander = input.commander ?? actorAsPerson(ctx.actor);
  const vector = input.vector ?? "unknown";
  // Steps the declaration itself completes, so the checklist reflects what is already known.
  const autoChecked = [
    ...(input.severity ? ["triage.severity"] : []),
    ...(input.vector && input.vector !== "unknown" ? ["triage.vector"] : []),
  ];

  return ctx.db.transaction(async (tx) => {
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
        isDrill: input.drill,
        clockSpeed: input.drill ? input.clockSpeed : 1,
        drillScenario: input.drill ? input.drillScenario : undefined,
        playbooks: playbooksFor(vector),
        declaredBy: ctx.actor,
        origin: input.origin,
        startedAt: input.startedAt,
        detectedAt,
        declaredAt: now,
      })
      .returning();
    const roles = commander
      ? await tx
          .insert(roleAssignments)
          .values({ incidentId: incident!.id, role: "commander", slot: "primary", person: commander, assignedAt: now, assignedBy: ctx.actor })
          .returning()
      : [];
    if (autoChecked.length) {
      await tx.insert(checklistSteps).values(autoChecked.map((stepKey) => ({ incidentId: incident!.id, stepKey, checked: true, changedAt: now, changedBy: ctx.actor })));
    }
    await appendLog(tx, ctx.clock, {
      actor: ctx.actor,
      incidentId: incident!.id,
      text: ctx.text,
      kind: "declare",
      outcome: "ok",
      payload: {
        humanId,
        title: input.title,
        severity: incident!.severity,
        vector,
        source: input.source,
        startedAt: input.startedAt?.toISOString(),
        private: input.private,
        drill: input.drill,
        clockSpeed: input.drill ? input.clockSpeed : undefined,
        drillScenario: input.drill ? input.drillScenario : undefined,
        commander,
        autoChecked,
      },
    });
    await reconcileReminders(tx, ctx, incident!.id);
    return { incident: incident!, roles, autoChecked };
  });
}
