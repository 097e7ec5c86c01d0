import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Person } from "../domain/people.js";
import type { Executor } from "../store/db.js";
import { followUpActions, incidents } from "../store/schema.js";
import type { ActionWithIncident } from "./view.js";

/**
 * Open follow-up actions on any incident, closed ones included (actions outlive the response),
 * optionally only those a person owns. Reads the open-by-due-date index.
 */
export async function openActions(db: Executor, owner?: Pick<Person, "platform" | "id">, limit = 200): Promise<ActionWithIncident[]> {
  const rows = await db
    .select({ action: followUpActions, humanId: incidents.humanId })
    .from(followUpActions)
    .innerJoin(incidents, eq(incidents.id, followUpActions.incidentId))
    .where(
      and(
        isNull(followUpActions.doneAt),
        owner ? sql`${followUpActions.owner}->>'platform' = ${owner.platform} and ${followUpActions.owner}->>'id' = ${owner.id}` : undefined,
      ),
    )
    .orderBy(asc(followUpActions.dueOn), asc(incidents.humanId), asc(followUpActions.number))
    .limit(limit);
  return rows;
}

/** One incident's actions, in number order. */
export function incidentActions(db: Executor, incidentId: string) {
  return db.select().from(followUpActions).where(eq(followUpActions.incidentId, incidentId)).orderBy(asc(followUpActions.number));
}
