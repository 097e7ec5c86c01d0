import { eq } from "drizzle-orm";
import type { Message } from "../chat/message.js";
import type { SpaceRef } from "../chat/port.js";
import { decodeFromStorage, encodeForStorage } from "../effects/effect.js";
import { findIncident } from "../incidents/queries.js";
import type { Db, Tx } from "../store/db.js";
import { deliveries } from "../store/schema.js";
import type { Outcome } from "./outcome.js";

interface StoredOutcome {
  ok: boolean;
  reply?: unknown;
  incidentId?: string;
  space?: SpaceRef;
  confidential?: boolean;
}

/**
 * Claims a platform delivery key inside the command's transaction. A concurrent identical
 * delivery blocks on the unique key until this one commits, then finds it taken: exactly one of
 * them acts. False → someone already acted on this delivery.
 */
export async function claimDelivery(tx: Tx, key: string, at: Date): Promise<boolean> {
  const rows = await tx.insert(deliveries).values({ key, at }).onConflictDoNothing().returning({ key: deliveries.key });
  return rows.length > 0;
}

export async function saveOutcome(tx: Tx | Db, key: string, outcome: Outcome): Promise<void> {
  const stored: StoredOutcome = { ok: outcome.ok, reply: outcome.reply ? encodeForStorage(outcome.reply) : undefined, incidentId: outcome.incident?.id, space: outcome.space, confidential: outcome.confidential };
  await tx.update(deliveries).set({ outcome: stored as unknown as Record<string, unknown> }).where(eq(deliveries.key, key));
}

/** The first outcome of a delivery seen before, answered again instead of acting twice. */
export async function firstOutcome(db: Db, key: string): Promise<Outcome | undefined> {
  const [row] = await db.select({ outcome: deliveries.outcome }).from(deliveries).where(eq(deliveries.key, key));
  if (!row) return undefined;
  const stored = (row.outcome ?? { ok: true }) as unknown as StoredOutcome;
  const incident = stored.incidentId ? await findIncident(db, { id: stored.incidentId }) : undefined;
  return { ok: stored.ok, reply: stored.reply ? decodeFromStorage<Message>(stored.reply) : undefined, incident, space: incident?.space ?? stored.space, confidential: stored.confidential, replayed: true };
}


/** For deliveries that change nothing (an App Home opened): true the first time a key is seen. */
export async function firstDelivery(db: Db, key: string, at: Date): Promise<boolean> {
  const rows = await db.insert(deliveries).values({ key, at, outcome: { ok: true } }).onConflictDoNothing().returning({ key: deliveries.key });
  return rows.length > 0;
}
