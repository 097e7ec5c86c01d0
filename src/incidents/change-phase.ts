import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "../context.js";
import { canTransition, type Milestone, milestonesReachedBy, Phase, PHASE_LABELS, TRANSITIONS } from "../domain/lifecycle.js";
import { conflict } from "../errors.js";
import { incidents } from "../store/schema.js";
import { changeIncident } from "./change.js";

export const ChangePhaseInput = z.object({
  incidentId: z.uuid(),
  phase: Phase,
  resolution: z.string().trim().max(1000).optional(),
});

export interface PhaseChanged {
  from: Phase;
  to: Phase;
  /** Milestones stamped by this move (only those that had no time yet). */
  stamped: Milestone[];
}

const MILESTONE_COLUMN = { contained: "containedAt", resolved: "resolvedAt", closed: "closedAt" } as const;

/** `status <phase>`, `resolve` and `close` all land here; the log kind says which was typed. */
export async function changePhase(ctx: Ctx, raw: z.input<typeof ChangePhaseInput>, kind = "status"): Promise<PhaseChanged> {
  const input = ChangePhaseInput.parse(raw);
  return changeIncident<PhaseChanged>(ctx, input.incidentId, kind, async (tx, incident) => {
    const from = incident.phase as Phase;
    if (from === input.phase) throw conflict(`${incident.humanId} is already in ${PHASE_LABELS[from]}.`);
    if (!canTransition(from, input.phase)) {
      const legal = TRANSITIONS[from].map((p) => `\`${p}\``).join(", ");
      throw conflict(`${incident.humanId} cannot move from ${PHASE_LABELS[from]} to ${PHASE_LABELS[input.phase]}.`, legal ? `From ${from} it can move to: ${legal}.` : undefined);
    }
    const now = ctx.clock.now();
    const stamped = milestonesReachedBy(input.phase).filter((m) => m in MILESTONE_COLUMN && incident[MILESTONE_COLUMN[m as keyof typeof MILESTONE_COLUMN]] === null);
    const set: Partial<typeof incidents.$inferInsert> = { phase: input.phase };
    for (const m of stamped) set[MILESTONE_COLUMN[m as keyof typeof MILESTONE_COLUMN]] = now;
    if (input.resolution) set.resolution = input.resolution;
    await tx.update(incidents).set(set).where(eq(incidents.id, incident.id));
    return { result: { from, to: input.phase, stamped }, payload: { from, to: input.phase, stamped, resolution: input.resolution } };
  });
}
