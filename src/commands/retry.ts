import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { textMessage } from "../chat/message.js";
import type { Tx } from "../store/db.js";
import { effects as effectsTable, incidents } from "../store/schema.js";
import { openingEffects } from "./declare-effects.js";
import { type CommandSpec, defineCommand } from "./define.js";
import { noArguments } from "./grammar.js";

const spec: CommandSpec = {
  name: "retry",
  aliases: ["channel", "retry-channel", "redeliver"],
  usage: ["retry"],
  summary: "Deliver again what Firebreak could not post (the channel itself, messages, updates)",
  examples: ["retry", "INC-2026-0042 retry"],
  scope: "incident",
};

/** Failed deliveries go back into the outbox, in their original order. */
export const retry = defineCommand({
  spec,
  access: "channel",
  changes: false,
  parse: (args) => noArguments(spec, args),
  schema: z.object({}),
  async run({ tx, ctx, incident, effects }) {
    const now = ctx.clock.now();
    const reset = await tx
      .update(effectsTable)
      .set({ status: "pending", attempts: 0, nextAttemptAt: now, claimedBy: null, claimedUntil: null, settledAt: null })
      .where(and(eq(effectsTable.incidentId, incident!.id), eq(effectsTable.status, "failed")))
      .returning({ id: effectsTable.id, kind: effectsTable.kind });
    // An incident from before the outbox whose channel was never made: open it now.
    if (!incident!.space && !(await spaceOpenPending(tx, incident!.id))) {
      await tx.update(incidents).set({ spaceState: "pending", spacePlatform: incident!.spacePlatform ?? ctx.actor.kind }).where(eq(incidents.id, incident!.id));
      effects.push(...openingEffects(incident!, incident!.declaredBy));
      return { reply: textMessage(`Opening ${incident!.humanId}'s channel again.`), log: { payload: { reopened: true } } };
    }
    const where = incident!.space ? ` Its channel is #${incident!.space.name}.` : "";
    return {
      reply: textMessage(reset.length ? `Delivering ${reset.length} held-up ${reset.length === 1 ? "item" : "items"} for ${incident!.humanId} again.` : `Nothing is waiting to be delivered for ${incident!.humanId}.${where}`),
      log: { payload: { reset: reset.map((r) => r.id) } },
    };
  },
});

async function spaceOpenPending(tx: Tx, incidentId: string): Promise<boolean> {
  const rows = await tx
    .select({ id: effectsTable.id })
    .from(effectsTable)
    .where(and(eq(effectsTable.incidentId, incidentId), eq(effectsTable.kind, "space.open"), inArray(effectsTable.status, ["pending", "failed"])));
  return rows.length > 0;
}
