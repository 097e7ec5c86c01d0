import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { type Inline, textMessage } from "../chat/message.js";
import { isLead, roleAction } from "../access/policy.js";
import { actorAsPerson, type Person, samePerson } from "../domain/people.js";
import { parseRole, ROLE_INFO, ROLES, Role, Slot } from "../domain/roles.js";
import { roleAssignments } from "../store/schema.js";
import { announce, refresh } from "./chat-effects.js";
import { PersonRef } from "./command.js";
import { type AccessAbout, type CommandSpec, defineCommand } from "./define.js";
import { personRef, usage } from "./grammar.js";
import { resolvePerson } from "./people.js";
import { quoted } from "../chat/rich-text.js";

interface Picked {
  person: Person;
  isBot: boolean;
}

const spec: CommandSpec = {
  name: "assign",
  aliases: ["role", "set-role"],
  usage: ["assign <role> [backup] <@person|me>"],
  summary: "Give a role (commander, tech-lead, comms-lead, legal) or its backup to someone",
  examples: ["assign commander @alice", "assign tech-lead backup @bob", "assign legal me"],
  scope: "incident",
};

/** Gives a role (or its backup) to someone. The previous holder's row is ended, never erased. */
export const assign = defineCommand({
  spec,
  // Taking an empty slot yourself is a claim; the commander's slot, or anyone else's, is for leads.
  // Taking a held slot yourself reads as a claim (for anyone but a lead), so the refusal names the holder.
  access: (input, { actor, facts, settings, prepared }: AccessAbout<Picked>) => {
    const target = { role: input.role, slot: input.slot, person: prepared.person, personIsBot: prepared.isBot };
    const action = roleAction(actor, "assign", target, facts);
    const self = actorAsPerson(actor);
    const claiming = action === "assign-other" && !!self && samePerson(self, prepared.person) && !isLead(actor, facts, settings);
    return { action: claiming ? "claim-role" : action, target };
  },
  changes: true,
  parse(args) {
    let role: string | undefined;
    let person: PersonRef | undefined;
    let slot: "primary" | "backup" = "primary";
    for (const token of args) {
      const lower = token.toLowerCase();
      if (lower === "backup") slot = "backup";
      else if (lower === "primary" || lower === "to" || lower === "as") continue;
      else if (!person && personRef(token)) person = personRef(token);
      else if (!role && parseRole(token)) role = parseRole(token);
      else throw usage(spec, `I can't read ${quoted(token)}: expected a role (${ROLES.join(", ")}) and a person (@name or me).`);
    }
    if (!role) throw usage(spec, `Which role? One of ${ROLES.join(", ")}.`);
    if (!person) throw usage(spec, "Who? Mention them (@name) or say `me`.");
    return { role, slot, person };
  },
  schema: z.object({ role: Role, slot: Slot.default("primary"), person: PersonRef }),
  prepare: async (input, env): Promise<Picked> => resolvePerson(env.inv, input.person),
  async run({ tx, ctx, incident, effects }, input, { person }) {
    const now = ctx.clock.now();
    const label = `${ROLE_INFO[input.role].label}${input.slot === "backup" ? " (backup)" : ""}`;
    const [held] = await tx
      .select()
      .from(roleAssignments)
      .where(and(eq(roleAssignments.incidentId, incident!.id), eq(roleAssignments.role, input.role), eq(roleAssignments.slot, input.slot), isNull(roleAssignments.endedAt)));
    if (held && samePerson(held.person, person)) {
      return { reply: textMessage(`@${person.name} already is ${label}.`), log: { payload: { role: input.role, slot: input.slot, person, changed: false } } };
    }
    if (held) await tx.update(roleAssignments).set({ endedAt: now, endedBy: ctx.actor }).where(eq(roleAssignments.id, held.id));
    await tx.insert(roleAssignments).values({ incidentId: incident!.id, role: input.role, slot: input.slot, person, assignedAt: now, assignedBy: ctx.actor });
    const was: Inline[] = held ? [" (was ", { person: held.person }, ")"] : [];
    effects.push(
      ...refresh(incident!.id, { summary: true, topic: input.role === "commander" && input.slot === "primary" }),
      { kind: "invite", incidentId: incident!.id, people: [person] },
      announce(incident!.id, { text: `${person.name} is now ${label}`, blocks: [{ type: "text", text: ["👤 ", { person }, ` is now ${label}`, ...was] }] }),
    );
    return { log: { payload: { role: input.role, slot: input.slot, person, previous: held?.person, label: ROLE_INFO[input.role].label } } };
  },
});
