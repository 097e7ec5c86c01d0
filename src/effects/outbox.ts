import { inArray } from "drizzle-orm";
import type { Tx } from "../store/db.js";
import { effects, incidents } from "../store/schema.js";
import { type Effect, encodeForStorage } from "./effect.js";

/** What the outbox may be told when it queues effects. */
export interface EnqueueOptions {
  /** Incidents whose platform the caller already knows (saves looking them up). */
  platforms?: ReadonlyMap<string, string>;
  /** Whether an invite on this platform posts nothing into the space (Slack): it gets a lane of its own. */
  quietInvites?: (platform: string) => boolean;
}

/**
 * The lane an effect is delivered in: strictly in order within a lane, concurrently across lanes.
 * An incident's messages share its lane (`incident:<id>`), so they arrive in the order they were
 * queued. What is not a message in the space goes beside them, each kind in its own lane: the
 * topic, pins, silent invites, and the announcement with its updates (posted elsewhere). None of
 * them is delivered before the incident's space exists (claim.ts). Private messages to one person
 * keep their order in the person's lane.
 */
export function laneOf(effect: Effect, options: { quietInvite?: boolean } = {}): string {
  if (effect.kind === "dm") return `dm:${effect.person.platform}:${effect.person.id}`;
  const lane = `incident:${effect.incidentId}`;
  switch (effect.kind) {
    case "topic":
      return `${lane}:topic`;
    case "pin":
      return `${lane}:pin`;
    case "invite":
      return options.quietInvite ? `${lane}:invite` : lane;
    case "post":
      return effect.to === "announcements" ? `${lane}:announce` : lane;
    case "update":
      return effect.purpose === "announcement" ? `${lane}:announce` : lane;
    default:
      return lane;
  }
}

/**
 * Writes effects to the outbox inside the caller's transaction: they commit (and are delivered)
 * with the change, or roll back with it. Returns the new rows' ids in order.
 */
export async function enqueueEffects(tx: Tx, now: Date, list: Effect[], options: EnqueueOptions = {}): Promise<number[]> {
  if (list.length === 0) return [];
  const platforms = new Map(options.platforms);
  const unknown = [...new Set(list.flatMap((e) => (e.kind === "dm" || platforms.has(e.incidentId) ? [] : [e.incidentId])))];
  if (unknown.length) {
    const rows = await tx.select({ id: incidents.id, platform: incidents.spacePlatform }).from(incidents).where(inArray(incidents.id, unknown));
    for (const row of rows) if (row.platform) platforms.set(row.id, row.platform);
  }
  const values = list.flatMap((effect) => {
    const platform = effect.kind === "dm" ? effect.person.platform : platforms.get(effect.incidentId);
    // An incident with no platform has no space to deliver into (declared by the system alone).
    if (!platform) return [];
    const { kind, ...payload } = effect;
    return [
      {
        incidentId: effect.kind === "dm" ? (effect.incidentId ?? null) : effect.incidentId,
        lane: laneOf(effect, { quietInvite: options.quietInvites?.(platform) }),
        platform,
        kind,
        payload: encodeForStorage(payload) as Record<string, unknown>,
        nextAttemptAt: now,
        createdAt: now,
      },
    ];
  });
  if (!values.length) return [];
  const rows = await tx.insert(effects).values(values).returning({ id: effects.id });
  return rows.map((r) => r.id);
}
