import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "../context.js";
import type { Person } from "../domain/people.js";
import { ROLE_INFO, Role, Slot } from "../domain/roles.js";
import { conflict } from "../errors.js";
import { changeIncident } from "../incidents/change.js";
import { roleAssignments } from "../store/schema.js";

export const UnassignRoleInput = z.object({ incidentId: z.uuid(), role: Role, slot: Slot });

export interface RoleUnassigned {
  role: Role;
  slot: Slot;
  previous: Person;
}

export async function unassignRole(ctx: Ctx, raw: z.input<typeof UnassignRoleInput>): Promise<RoleUnassigned> {
  const input = UnassignRoleInput.parse(raw);
  return changeIncident<RoleUnassigned>(ctx, input.incidentId, "unassign", async (tx, incident) => {
    const [ended] = await tx
      .update(roleAssignments)
      .set({ endedAt: ctx.clock.now(), endedBy: ctx.actor })
      .where(and(eq(roleAssignments.incidentId, incident.id), eq(roleAssignments.role, input.role), eq(roleAssignments.slot, input.slot), isNull(roleAssignments.endedAt)))
      .returning();
    const what = `${ROLE_INFO[input.role].label}${input.slot === "backup" ? " (backup)" : ""}`;
    if (!ended) throw conflict(`Nobody holds ${what} on ${incident.humanId}.`, "`roles` shows who holds what.");
    return { result: { role: input.role, slot: input.slot, previous: ended.person }, payload: { role: input.role, slot: input.slot, previous: ended.person } };
  });
}
