import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "../context.js";
import { Person, samePerson } from "../domain/people.js";
import { ROLE_INFO, Role, Slot } from "../domain/roles.js";
import { changeIncident } from "../incidents/change.js";
import { roleAssignments, type RoleAssignmentRow } from "../store/schema.js";

export const AssignRoleInput = z.object({ incidentId: z.uuid(), role: Role, slot: Slot, person: Person });
export type AssignRoleInput = z.input<typeof AssignRoleInput>;

export interface RoleAssigned {
  role: Role;
  slot: Slot;
  previous?: Person;
  current: RoleAssignmentRow;
  /** False when the person already held the role: nothing changed. */
  changed: boolean;
}

/** Gives a role (or its backup) to someone. The previous holder's row is ended, never erased. */
export async function assignRole(ctx: Ctx, raw: AssignRoleInput): Promise<RoleAssigned> {
  const input = AssignRoleInput.parse(raw);
  return changeIncident<RoleAssigned>(ctx, input.incidentId, "assign", async (tx, incident) => {
    const now = ctx.clock.now();
    const [held] = await tx
      .select()
      .from(roleAssignments)
      .where(and(eq(roleAssignments.incidentId, incident.id), eq(roleAssignments.role, input.role), eq(roleAssignments.slot, input.slot), isNull(roleAssignments.endedAt)));
    if (held && samePerson(held.person, input.person)) {
      return { result: { role: input.role, slot: input.slot, current: held, changed: false }, payload: { role: input.role, slot: input.slot, person: input.person, changed: false } };
    }
    if (held) {
      await tx.update(roleAssignments).set({ endedAt: now, endedBy: ctx.actor }).where(eq(roleAssignments.id, held.id));
    }
    const [current] = await tx
      .insert(roleAssignments)
      .values({ incidentId: incident.id, role: input.role, slot: input.slot, person: input.person, assignedAt: now, assignedBy: ctx.actor })
      .returning();
    return {
      result: { role: input.role, slot: input.slot, previous: held?.person, current: current!, changed: true },
      payload: { role: input.role, slot: input.slot, person: input.person, previous: held?.person, label: ROLE_INFO[input.role].label },
    };
  });
}
