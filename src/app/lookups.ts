import { and, eq } from "drizzle-orm";
import type { Message } from "../chat/message.js";
import type { ChatPort, SpaceRef } from "../chat/port.js";
import { withActor } from "../context.js";
import type { Actor, Platform } from "../domain/people.js";
import { renderLive, viewOfPurpose } from "../effects/deliver.js";
import { findIncident, type IncidentView, loadView, openIncidents } from "../incidents/queries.js";
import { redactFields, redactSecrets } from "../security/redact.js";
import { truncateForLog } from "../security/text-limits.js";
import { appendLogAlone, type LogOutcome } from "../store/log.js";
import { type IncidentRow, postedMessages } from "../store/schema.js";
import { AccessStep } from "./access-step.js";
import { firstDelivery } from "./deliveries.js";
import type { Runtime } from "./runtime.js";

/** The incident whose space this is, if any. */
export function incidentInSpace(rt: Runtime, space: Pick<SpaceRef, "id" | "platform">): Promise<IncidentRow | undefined> {
  return findIncident(rt.db, { spaceId: space.id, platform: space.platform });
}

export function incidentById(rt: Runtime, id: string): Promise<IncidentRow | undefined> {
  return /^[0-9a-f-]{36}$/i.test(id) ? findIncident(rt.db, { id }) : Promise.resolve(undefined);
}

/**
 * The incident a button, form or card names, if `viewer` may see it; undefined otherwise, exactly
 * as for an id that names no incident.
 */
export async function visibleIncident(rt: Runtime, viewer: Viewer, id: string | undefined): Promise<IncidentRow | undefined> {
  const row = id ? await incidentById(rt, id) : undefined;
  if (!row) return undefined;
  const [seen] = await new AccessStep(rt, viewer).visible([row]);
  return seen;
}

export function incidentView(rt: Runtime, incidentId: string): Promise<IncidentView> {
  return loadView(rt.db, incidentId);
}

/** Who is looking, and through which platform's port (to ask who is in a private incident's space). */
export interface Viewer {
  actor: Actor;
  port?: ChatPort;
}

/**
 * Open incidents with everything a dashboard (Slack's App Home) shows, as far as `viewer` may see
 * them: a private incident only for its members and admins.
 */
export async function openIncidentViews(rt: Runtime, viewer: Viewer): Promise<IncidentView[]> {
  const rows = await new AccessStep(rt, viewer).visible(await openIncidents(rt.db));
  const views: IncidentView[] = [];
  for (const row of rows) views.push(await loadView(rt.db, row.id));
  return views;
}

/** A message the bot posted and keeps current, found by the platform's id for it. */
export async function postedMessage(rt: Runtime, platform: Platform, messageId: string | undefined): Promise<{ incidentId: string; purpose: string } | undefined> {
  if (!messageId) return undefined;
  const [row] = await rt.db
    .select({ incidentId: postedMessages.incidentId, purpose: postedMessages.purpose })
    .from(postedMessages)
    .where(and(eq(postedMessages.platform, platform), eq(postedMessages.messageId, messageId)));
  return row;
}

/** The current version of a kept message (`summary`, `phase:…`, `checklist:…`, `prompt:…`, `nudge:…`). */
export async function currentMessage(rt: Runtime, incidentId: string, purpose: string): Promise<Message | undefined> {
  try {
    return await renderLive(rt, await loadView(rt.db, incidentId), viewOfPurpose(purpose));
  } catch {
    return undefined;
  }
}

/** Logs something a person did in chat that is not a command (opened a form, a refused form). */
export async function logInteraction(rt: Runtime, actor: Actor, entry: { text: string; kind: string; outcome: LogOutcome; reason?: string; incidentId?: string | null; payload?: Record<string, unknown> }): Promise<void> {
  // What a person typed or picked may hold a pasted secret: it is redacted like a command's fields.
  const text = truncateForLog(entry.text);
  const ctx = withActor(rt, actor, text);
  const reason = entry.reason === undefined ? null : redactSecrets(entry.reason).text;
  await appendLogAlone(rt.db, rt.clock, { actor: ctx.actor, incidentId: entry.incidentId ?? null, text, kind: entry.kind, outcome: entry.outcome, reason, payload: redactFields(entry.payload ?? {}).value });
}

/** An event the platform may deliver twice (Slack's Events API retries): act on its first delivery only. */
export function isFirstDelivery(rt: Runtime, key: string): Promise<boolean> {
  return firstDelivery(rt.db, key, rt.clock.now());
}
