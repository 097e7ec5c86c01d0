import type { PersonRef } from "../commands/command.js";
import { actorAsPerson, type Person } from "../domain/people.js";
import { invalid } from "../errors.js";
import type { Invocation } from "./run-command.js";

/** `me` is whoever typed it; anything else is looked up on the platform they typed it on. */
export async function resolvePerson(inv: Invocation, ref: PersonRef): Promise<Person> {
  if ("me" in ref) {
    const me = actorAsPerson(inv.actor);
    if (!me) throw invalid("`me` only works for a person, not for the bot.");
    return me;
  }
  const person = await inv.port.resolvePerson(ref);
  if (!person) {
    throw invalid(`I can't find ${ref.handle ? `@${ref.handle}` : ref.id} on ${inv.port.platform}.`, "Mention them so your chat app completes the name, e.g. `assign commander @alice`.");
  }
  return person;
}
