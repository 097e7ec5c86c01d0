import { eq } from "drizzle-orm";
import type { SpaceRef } from "../chat/port.js";
import { topicFor } from "../chat/views/summary.js";
import { channelBaseName, channelNameCandidate } from "../domain/channel-name.js";
import type { Person } from "../domain/people.js";
import { SpaceNameTakenError } from "../errors.js";
import { findIncident, loadView } from "../incidents/queries.js";
import { appendLog } from "../store/log.js";
import { type EffectRow, incidents } from "../store/schema.js";
import { SYSTEM_ACTOR } from "./actor.js";
import { CannotDeliver, type DeliverEnv, type Delivered } from "./delivery.js";
import { enqueueEffects } from "./outbox.js";

const MAX_SUFFIX = 50;

/**
 * Creates the incident's space, named from its date and title (`-2`, `-3` … on collision), and
 * attaches it. Before each create it notes the name it is trying on the effect: if the process
 * dies after the platform made the channel, the next attempt finds that name noted and adopts the
 * channel (when the platform can look it up) instead of making another.
 */
export async function openSpace(env: DeliverEnv, row: EffectRow): Promise<Delivered> {
  const view = await loadView(env.db, row.incidentId!);
  const { incident } = view;
  if (incident.space && incident.spaceState === "ready") return { result: { space: incident.space, already: true } };
  const owner = (row.payload as { owner?: Person }).owner;
  const trying = typeof row.result?.trying === "string" ? row.result.trying : undefined;
  if (trying && env.port.findOwnSpace) {
    const found = await env.port.findOwnSpace(trying);
    if (found) return attach(env, row, found, true);
  }
  const base = channelBaseName(incident.declaredAt, incident.title, env.port.maxSpaceName);
  for (let n = 1; n <= MAX_SUFFIX; n++) {
    const name = channelNameCandidate(base, n, env.port.maxSpaceName);
    // Names we already gave out are taken even if the platform forgot them (archived, renamed).
    const holder = await findIncident(env.db, { spaceName: name });
    if (holder && holder.id !== incident.id) continue;
    await env.note({ trying: name });
    try {
      const space = await env.port.createSpace({ name, topic: topicFor(view), private: incident.isPrivate, owner });
      return attach(env, row, space, false);
    } catch (error) {
      if (error instanceof SpaceNameTakenError) continue;
      throw error;
    }
  }
  throw new CannotDeliver(`every name from ${base} to ${channelNameCandidate(base, MAX_SUFFIX, env.port.maxSpaceName)} is taken`);
}

/**
 * Attaches the space to the incident. A port that cannot set the topic while creating gets it as
 * an effect of its own, queued here: it goes beside the first messages, not before them.
 */
function attach(env: DeliverEnv, row: EffectRow, space: SpaceRef, adopted: boolean): Delivered {
  const incidentId = row.incidentId!;
  return {
    result: { space, adopted },
    write: async (tx) => {
      await tx.update(incidents).set({ space, spaceName: space.name, spaceState: "ready" }).where(eq(incidents.id, incidentId));
      if (env.port.topicAfterCreate) await enqueueEffects(tx, env.now(), [{ kind: "topic", incidentId }], { platforms: new Map([[incidentId, row.platform]]) });
      await appendLog(tx, { now: env.now }, { actor: SYSTEM_ACTOR, incidentId, text: null, kind: "space.created", outcome: "ok", payload: { space, adopted } });
    },
  };
}
