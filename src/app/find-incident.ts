import type { SpaceRef } from "../chat/port.js";
import type { AnyCommand } from "../commands/define.js";
import { CoreError } from "../errors.js";
import { findIncident, openIncidents } from "../incidents/queries.js";
import type { Db } from "../store/db.js";
import type { IncidentRow } from "../store/schema.js";

export interface IncidentTarget {
  /** Named by id (a form or button for that incident). */
  incidentId?: string;
  /** Named by the person: `INC-2026-0042 timeline`. */
  incidentRef?: string;
  /** Where the command was typed: an incident's own space names it. */
  space?: SpaceRef;
}

/** The incidents among these that the person asking may see. */
export type Visible = (rows: IncidentRow[]) => Promise<IncidentRow[]>;

export function incidentOfSpace(db: Db, space?: SpaceRef): Promise<IncidentRow | undefined> {
  return space ? findIncident(db, { spaceId: space.id, platform: space.platform }) : Promise.resolve(undefined);
}

/** The incident a command acts on, or a refusal that says how to name one. */
export async function targetIncident(db: Db, module: AnyCommand, target: IncidentTarget, visible: Visible): Promise<IncidentRow | undefined> {
  if (target.incidentId) {
    const found = await findIncident(db, { id: target.incidentId });
    if (!found) throw unknownIncident(target);
    return found;
  }
  if (target.incidentRef) {
    const found = await findIncident(db, { humanId: target.incidentRef });
    if (!found) throw unknownIncident(target);
    return found;
  }
  // A command about no incident (declare, help) needs no look-up of where it was typed.
  if (module.spec.scope === "none") return undefined;
  const here = await incidentOfSpace(db, target.space);
  if (here || module.spec.scope === "optional") return here;
  throw await notAnIncidentSpace(db, module, visible);
}

/**
 * What someone who may not see an incident is told: exactly what they would hear if it did not
 * exist, for the way they named it (by id, by a form's id, or by typing in its space).
 */
export async function asIfUnknown(db: Db, module: AnyCommand, target: IncidentTarget, visible: Visible): Promise<CoreError> {
  return target.incidentId || target.incidentRef ? unknownIncident(target) : notAnIncidentSpace(db, module, visible);
}

function unknownIncident(target: IncidentTarget): CoreError {
  const help = "`/incident list` shows the open ones.";
  return target.incidentRef ? new CoreError("not_found", `There is no incident ${target.incidentRef}.`, help) : new CoreError("not_found", "That incident no longer exists.", help);
}

/** The hint names only the open incidents the person may see: a private one stays unnamed. */
async function notAnIncidentSpace(db: Db, module: AnyCommand, visible: Visible): Promise<CoreError> {
  const open = await visible(await openIncidents(db));
  const names = open.map((i) => `${i.humanId}${i.space ? ` (#${i.space.name})` : ""}`).join(", ");
  return new CoreError(
    "not_found",
    `\`${module.spec.name}\` needs an incident, and this is not an incident channel.`,
    open.length
      ? `Run it in the incident's channel, or put the id first: \`/incident ${open[0]!.humanId} ${module.spec.name} …\`. Open incidents: ${names}.`
      : "There are no open incidents. Declare one with `/incident declare P1 <title>`.",
  );
}
