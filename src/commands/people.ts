import { actorAsPerson, type Person } from "../domain/people.js";
import { invalid } from "../errors.js";
import type { PersonRef } from "./command.js";
import type { Invocation } from "./define.js";

/** `me` is whoever typed it; anything else is looked up on the platform they typed it on. */
export async function resolvePerson(inv: Invocation, ref: PersonRef): Promise<Person> {
  if ("me" in ref) {
    const me = actorAsPerson(inv.actor);
    if (!me) throw invalid("`me` only works for a person, not for the bot.");
    return me;
  }
  const person = inv.port ? await inv.port.resolvePerson(ref) : undefined;
  if (!person) {
    throw invalid(`I can't find ${ref.handle ? `@${ref.handle}` : ref.id} on ${inv.platform}.`, "Mention them so your chat app completes the name, e.g. `assign commander @alice`.");
  }
  return person;
}
