import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "../context.js";
import { AttackVector } from "../domain/attack-vector.js";
import { withScenarioFor } from "../playbooks/index.js";
import { incidents } from "../store/schema.js";
import { autoCheck, changeIncident } from "./change.js";

export const ChangeVectorInput = z.object({ incidentId: z.uuid(), vector: AttackVector });

export interface VectorChanged {
  from: AttackVector;
  to: AttackVector;
  changed: boolean;
  /** Scenario playbooks attached by this change (appended, so step numbers do not move). */
  attached: string[];
  autoChecked: string[];
}

export async function changeVector(ctx: Ctx, raw: z.input<typeof ChangeVectorInput>): Promise<VectorChanged> {
  const input = ChangeVectorInput.parse(raw);
  return changeIncident<VectorChanged>(ctx, input.incidentId, "vector", async (tx, incident) => {
    const from = incident.vector as AttackVector;
    const playbooks = withScenarioFor(incident.playbooks, input.vector);
    const attached = playbooks.filter((p) => !incident.playbooks.includes(p));
    await tx.update(incidents).set({ vector: input.vector, playbooks }).where(eq(incidents.id, incident.id));
    const autoChecked = input.vector === "unknown" ? [] : await autoCheck(tx, ctx, incident.id, ["triage.vector"]);
    const result = { from, to: input.vector, changed: from !== input.vector, attached, autoChecked };
    return { result, payload: result };
  });
}
