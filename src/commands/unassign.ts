import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { roleAction } from "../access/policy.js";
import { parseRole, ROLE_INFO, ROLES, Role, Slot } from "../domain/roles.js";
import { conflict } from "../errors.js";
import { roleAssignments } from "../store/schema.js";
import { announce, refresh } from "./chat-effects.js";
import { type CommandSpec, defineCommand } from "./define.js";
import { usage } from "./grammar.js";
import { quoted } from "../chat/rich-text.js";

const spec: CommandSpec = {
  name: "unassign",
  aliases: ["unset-role", "release"],
  usage: ["unassign <role> [backup]"],
  summary: "Leave a role (or its backup) empty",
  examples: ["unassign comms-lead backup"],
  scope: "incident",
};

export const unassign = defineCommand({
  spec,
  // Stepping down from your own slot is yours to do; anyone else's (or the commander's) is for leads.
  access: (input, { actor, facts }) => {
    const target = { role: input.role, slot: input.slot };
    return { action: roleAction(actor, "unassign", target, facts), target };
  },
  changes: true,
  parse(args) {
    const slot = args.some((a) => a.toLowerCase() === "backup") ? "backup" : "primary";
    const others = args.filter((a) => a.toLowerCase() !== "backup");
    if (others.length !== 1) throw usage(spec, "Name one role.");
    const role = parseRole(others[0]!);
    if (!role) throw usage(spec, `${quoted(others[0]!)} is not a role; use one of ${ROLES.join(", ")}.`);
    return { role, slot };
  },
  schema: z.object({ role: Role, slot: Slot.default("primary") }),
  async run({ tx, ctx, incident, effects }, input) {
    const [ended] = await tx
      .update(roleAssignments)
      .set({ endedAt: ctx.clock.now(), endedBy: ctx.actor })
      .where(and(eq(roleAssignments.incidentId, incident!.id), eq(roleAssignments.role, input.role), eq(roleAssignments.slot, input.slot), isNull(roleAssignments.endedAt)))
      .returning();
    const label = `${ROLE_INFO[input.role].label}${input.slot === "backup" ? " (backup)" : ""}`;
    if (!ended) throw conflict(`Nobody holds ${label} on ${incident!.humanId}.`, "`roles` shows who holds what.");
    effects.push(
      ...refresh(incident!.id, { summary: true, topic: input.role === "commander" }),
      announce(incident!.id, { text: `${label} is unfilled`, blocks: [{ type: "text", text: [`👤 ${label} is now unfilled (was `, { person: ended.person }, ")."] }] }),
    );
    return { log: { payload: { role: input.role, slot: input.slot, previous: ended.person } } };
  },
});
