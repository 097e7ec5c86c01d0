import { and, eq, ne, sql } from "drizzle-orm";
import { textMessage } from "../chat/message.js";
import { richText } from "../chat/rich-text.js";
import type { Clock } from "../clock.js";
import { actorAsPerson } from "../domain/people.js";
import { currentRoles } from "../incidents/queries.js";
import type { Tx } from "../store/db.js";
import { appendLog } from "../store/log.js";
import { type EffectRow, effects, incidents } from "../store/schema.js";
import { SYSTEM_ACTOR } from "./actor.js";
import { enqueueEffects } from "./outbox.js";

const WHAT: Record<string, string> = {
  "space.open": "create the incident channel",
  post: "post a message in the incident channel",
  update: "update a message in the incident channel",
  topic: "set the channel topic",
  pin: "pin the incident summary",
  invite: "invite people to the incident channel",
  dm: "send a private message",
};

/**
 * An effect that will not be delivered: logged on the incident, and its commander is told once
 * per episode (the first failure while none other is outstanding), with how to retry.
 */
export async function recordFailedDelivery(tx: Tx, clock: Clock, row: EffectRow, reason: string): Promise<void> {
  const announcement = (row.payload as { to?: string }).to === "announcements";
  const what = announcement ? "post the incident's announcement (check that Firebreak is in the announcement channel)" : (WHAT[row.kind] ?? row.kind);
  await appendLog(tx, clock, { actor: SYSTEM_ACTOR, incidentId: row.incidentId, text: null, kind: "effect.failed", outcome: "failed", reason, payload: { effectId: row.id, effect: row.kind, attempts: row.attempts, what } });
  if (!row.incidentId || row.kind === "dm") return;
  const [other] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(effects)
    .where(and(eq(effects.incidentId, row.incidentId), eq(effects.status, "failed"), ne(effects.id, row.id)));
  if ((other?.n ?? 0) > 0) return;
  const [incident] = await tx.select().from(incidents).where(eq(incidents.id, row.incidentId));
  if (!incident) return;
  const commander = (await currentRoles(tx, incident.id)).find((r) => r.role === "commander" && r.slot === "primary")?.person ?? actorAsPerson(incident.declaredBy);
  if (!commander) return;
  const message = textMessage(
    `⚠ Firebreak could not ${what} for ${incident.humanId} after ${row.attempts} ${row.attempts === 1 ? "try" : "tries"}: ${reason}`,
    { type: "context", text: richText(`Nothing is lost: the change is recorded. Fix the cause, then run \`${incident.humanId} retry\` to deliver what is outstanding.`) },
  );
  await enqueueEffects(tx, clock.now(), [{ kind: "dm", person: commander, message, incidentId: incident.id }]);
}
