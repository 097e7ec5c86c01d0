import { inArray } from "drizzle-orm";
import { type Actor, actorAsPerson, type Person, samePerson } from "../domain/people.js";
import type { Role, Slot } from "../domain/roles.js";
import type { Severity } from "../domain/severity.js";
import type { Executor } from "../store/db.js";
import { incidentMembers, type IncidentRow, roleAssignments } from "../store/schema.js";
import type { IncidentFacts } from "./policy.js";

/**
 * What the access policy needs to know about incidents, read in one place: current and past role
 * holders (role_assignments), the people brought in without a role (incident_members) and the
 * declarer. Batched, so `list` and App Home read two queries however many incidents they show.
 */
export async function incidentFacts(db: Executor, rows: IncidentRow[]): Promise<Map<string, IncidentFacts>> {
  const ids = rows.map((r) => r.id);
  const out = new Map<string, IncidentFacts>();
  if (!ids.length) return out;
  // One after another: `db` may be a transaction, whose one connection runs one query at a time.
  const roles = await db.select().from(roleAssignments).where(inArray(roleAssignments.incidentId, ids));
  const members = await db.select({ incidentId: incidentMembers.incidentId, person: incidentMembers.person }).from(incidentMembers).where(inArray(incidentMembers.incidentId, ids));
  for (const row of rows) {
    const declarer = actorAsPerson(row.declaredBy);
    const invited = [...(declarer ? [declarer] : []), ...members.filter((m) => m.incidentId === row.id).map((m) => m.person)];
    out.set(row.id, {
      humanId: row.humanId,
      isPrivate: row.isPrivate,
      severity: row.severity as Severity,
      roles: roles.filter((r) => r.incidentId === row.id).map((r) => ({ role: r.role as Role, slot: r.slot as Slot, person: r.person, current: r.endedAt === null })),
      invited: invited.filter((p, i) => invited.findIndex((q) => samePerson(p, q)) === i),
    });
  }
  return out;
}

export async function factsOf(db: Executor, row: IncidentRow): Promise<IncidentFacts> {
  return (await incidentFacts(db, [row])).get(row.id)!;
}

/**
 * Records people brought into the response (an invite effect, the declarer): they stay members
 * of the incident, and see it when it is private. A repeat changes nothing.
 */
export async function addMembers(db: Executor, incidentId: string, people: Person[], at: Date, by: Actor): Promise<void> {
  const rows = people.map((person) => ({ incidentId, platform: person.platform, personId: person.id, person: stripped(person), addedAt: at, addedBy: by }));
  if (rows.length) await db.insert(incidentMembers).values(rows).onConflictDoNothing();
}

/** Only what identifies and reaches the person is kept. */
function stripped(person: Person): Person {
  return { platform: person.platform, id: person.id, name: person.name, ...(person.extra ? { extra: person.extra } : {}) };
}
