import { eq } from "drizzle-orm";
import type { Ctx } from "../context.js";
import type { MessageRef } from "../chat/port.js";
import type { Db } from "../store/db.js";
import { appendLog, appendLogAlone } from "../store/log.js";
import { incidents, postedMessages, type SpaceRef } from "../store/schema.js";
import { lockIncident } from "./queries.js";

/** Read-only commands (`roles`, `timeline` …) change nothing but are still logged. */
export function recordRead(ctx: Ctx, kind: string, incidentId: string | null, payload: Record<string, unknown> = {}) {
  return appendLogAlone(ctx.db, ctx.clock, { actor: ctx.actor, incidentId, text: ctx.text, kind, outcome: "ok", payload });
}

/** A command the core refused: logged with the reason so nothing typed is ever lost. */
export function recordRejected(ctx: Ctx, kind: string, reason: string, incidentId: string | null = null, payload: Record<string, unknown> = {}) {
  return appendLogAlone(ctx.db, ctx.clock, { actor: ctx.actor, incidentId, text: ctx.text, kind, outcome: "rejected", reason, payload });
}

/** Something the bot tried and failed (a chat API call): logged, never swallowed. */
export function recordFailure(ctx: Ctx, kind: string, reason: string, incidentId: string | null, payload: Record<string, unknown> = {}) {
  return appendLogAlone(ctx.db, ctx.clock, { actor: ctx.actor, incidentId, text: ctx.text, kind, outcome: "failed", reason, payload });
}

/** The incident's space exists now: store where it is (and log it) in one transaction. */
export async function attachSpace(ctx: Ctx, incidentId: string, space: SpaceRef, payload: Record<string, unknown> = {}) {
  return ctx.db.transaction(async (tx) => {
    await lockIncident(tx, incidentId);
    await tx.update(incidents).set({ space, spaceName: space.name }).where(eq(incidents.id, incidentId));
    await appendLog(tx, ctx.clock, { actor: ctx.actor, incidentId, text: ctx.text, kind: "space.created", outcome: "ok", payload: { space, ...payload } });
  });
}

/** Remembers a message the bot keeps up to date (summary, a checklist section). */
export async function rememberMessage(db: Db, incidentId: string, platform: string, purpose: string, ref: MessageRef, at: Date) {
  await db
    .insert(postedMessages)
    .values({ incidentId, platform, purpose, spaceId: ref.spaceId, messageId: ref.messageId, postedAt: at })
    .onConflictDoUpdate({
      target: [postedMessages.incidentId, postedMessages.platform, postedMessages.purpose],
      set: { spaceId: ref.spaceId, messageId: ref.messageId, postedAt: at },
    });
}
