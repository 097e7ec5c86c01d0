import type { ResolvedPerson } from "../chat/port.js";
import { actorAsPerson, type Person } from "../domain/people.js";
import { forbidden, invalid } from "../errors.js";
import type { PersonRef } from "./command.js";
import type { Invocation } from "./define.js";

/**
 * `me` is whoever typed it; anything else is looked up on the platform they typed it on. Whether
 * the person is a bot comes back separately, so it is never stored with them.
 */
export async function resolvePerson(inv: Invocation, ref: PersonRef): Promise<{ person: Person; isBot: boolean }> {
  if ("me" in ref) {
    const me = actorAsPerson(inv.actor);
    if (!me) throw invalid("`me` only works for a person, not for the bot.");
    return { person: me, isBot: false };
  }
  const found: ResolvedPerson | undefined = inv.port ? await inv.port.resolvePerson(ref) : undefined;
  if (!found) {
    throw invalid(`I can't find ${ref.handle ? `@${ref.handle}` : ref.id} on ${inv.platform}.`, "Mention them so your chat app completes the name, e.g. `assign commander @alice`.");
  }
  const { isBot, ...person } = found;
  return { person, isBot: !!isBot };
}

/** Roles are for people: a bot picked for one is refused with the same sentence everywhere. */
export function refuseBot(person: Person): never {
  throw forbidden(`@${person.name} is a bot; bots cannot hold incident roles.`, "Assign a person, e.g. `assign commander @alice`.");
}
