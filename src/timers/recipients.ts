import { holder } from "../chat/views/summary.js";
import type { Inline } from "../chat/message.js";
import { type Person, samePerson } from "../domain/people.js";
import { ROLE_INFO, type Role } from "../domain/roles.js";
import type { IncidentView } from "../incidents/queries.js";

/**
 * Who answers for a role's work (a first-hour window, the update cadence, the regulator clock):
 * its holder, or the commander standing in when nobody holds the role. The one "roles still
 * unfilled" nudge asks for roles to be filled; no other nudge asks again.
 */
export function whoAnswers(view: IncidentView, role: Role): { person?: Person; who: Inline[] } {
  const owner = holder(view.roles, role, "primary");
  if (owner) return { person: owner, who: [{ person: owner }, ` (${ROLE_INFO[role].label})`] };
  const commander = holder(view.roles, "commander", "primary");
  if (commander) return { person: commander, who: [{ person: commander }, ` (${ROLE_INFO.commander.label}, for the ${ROLE_INFO[role].label.toLowerCase()})`] };
  return { who: [role === "commander" ? "Nobody is incident commander" : `Nobody holds ${ROLE_INFO[role].label.toLowerCase()} or commander`] };
}

/**
 * Who an escalation goes to: the owner's backup when there is one; otherwise the commander, unless
 * the commander is the one already nudged. Only people who exist: nobody left means no escalation.
 */
export function escalationTarget(view: IncidentView, role: Role): { person: Person; asBackup: boolean } | undefined {
  const backup = holder(view.roles, role, "backup");
  if (backup) return { person: backup, asBackup: true };
  const commander = holder(view.roles, "commander", "primary");
  const nudged = whoAnswers(view, role).person;
  if (commander && !(nudged && samePerson(nudged, commander))) return { person: commander, asBackup: false };
  return undefined;
}

