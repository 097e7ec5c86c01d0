import type { ChatPort, SpaceRef } from "../chat/port.js";
import { findIncident, type IncidentView, loadView } from "../incidents/queries.js";
import type { EffectRow } from "../store/schema.js";
import type { Config } from "../config.js";
import type { Db, Tx } from "../store/db.js";

/** What delivering one effect did: a result to store, and rows to write with its settlement. */
export interface Delivered {
  result?: Record<string, unknown>;
  /** Runs in the transaction that marks the effect done (remember a message, attach a space). */
  write?: (tx: Tx) => Promise<void>;
  /** Later pending effects this delivery made redundant (it rendered the state they would show). */
  supersedes?: number[];
}

export interface DeliverEnv {
  db: Db;
  config: Pick<Config, "targets" | "timers" | "reports">;
  port: ChatPort;
  now: () => Date;
  /** Records "about to create a space named X" on the effect, so a crash can adopt it. */
  note: (result: Record<string, unknown>) => Promise<void>;
}

/** A permanent refusal: retrying would not help (no space, nothing to render). */
export class CannotDeliver extends Error {
  readonly retryable = false;
  constructor(message: string) {
    super(message);
    this.name = "CannotDeliver";
  }
}

/** The incident and its space, which must exist for anything to be posted into it. */
export async function incidentSpace(env: Pick<DeliverEnv, "db" | "port">, row: EffectRow): Promise<{ view: IncidentView; space: SpaceRef }> {
  if (!row.incidentId) throw new CannotDeliver(`a ${row.kind} effect needs an incident`);
  const view = await loadView(env.db, row.incidentId);
  const space = view.incident.space;
  if (!space || view.incident.spaceState !== "ready") {
    throw new CannotDeliver(`${view.incident.humanId} has no ${env.port.platform} space yet; run \`retry\` to create it`);
  }
  return { view, space };
}

/** The incident's space alone, for what renders nothing from the incident (an invite): one look-up. */
export async function spaceOfIncident(env: Pick<DeliverEnv, "db" | "port">, row: EffectRow): Promise<SpaceRef> {
  if (!row.incidentId) throw new CannotDeliver(`a ${row.kind} effect needs an incident`);
  const incident = await findIncident(env.db, { id: row.incidentId });
  if (!incident) throw new CannotDeliver(`the incident of effect ${row.id} is gone`);
  if (!incident.space || incident.spaceState !== "ready") {
    throw new CannotDeliver(`${incident.humanId} has no ${env.port.platform} space yet; run \`retry\` to create it`);
  }
  return incident.space;
}
