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

export function incidentOfSpace(db: Db, space?: SpaceRef): Promise<IncidentRow | undefined> {
  return space ? findIncident(db, { spaceId: space.id, platform: space.platform }) : Promise.resolve(undefined);
}

/** The incident a command acts on, or a refusal that says how to name one. */
export async function targetIncident(db: Db, module: AnyCommand, target: IncidentTarget): Promise<IncidentRow | undefined> {
  if (target.incidentId) {
    const found = await findIncident(db, { id: target.incidentId });
    if (!found) throw new CoreError("not_found", "That incident no longer exists.", "`/incident list` shows the open ones.");
    return found;
  }
  if (target.incidentRef) {
    const found = await findIncident(db, { humanId: target.incidentRef });
    if (!found) throw new CoreError("not_found", `There is no incident ${target.incidentRef}.`, "`/incident list` shows the open ones.");
    return found;
  }
  const here = await incidentOfSpace(db, target.space);
  if (module.spec.scope === "none") return undefined;
  if (here || module.spec.scope === "optional") return here;
  const open = await openIncidents(db);
  const names = open.map((i) => `${i.humanId}${i.space ? ` (#${i.space.name})` : ""}`).join(", ");
  throw new CoreError(
    "not_found",
    `\`${module.spec.name}\` needs an incident, and this is not an incident channel.`,
    open.length
      ? `Run it in the incident's channel, or put the id first: \`/incident ${open[0]!.humanId} ${module.spec.name} …\`. Open incidents: ${names}.`
      : "There are no open incidents. Declare one with `/incident declare P1 <title>`.",
  );
}
