import { randomBytes } from "node:crypto";
import type { Invocation } from "../commands/define.js";
import { errorMessage } from "../chat/views/replies.js";
import type { Ctx } from "../context.js";
import { CoreError } from "../errors.js";
import { isUnreachable, transaction } from "../store/failures.js";
import { appendLog, appendLogAlone } from "../store/log.js";
import { claimDelivery, firstOutcome, saveOutcome } from "./deliveries.js";
import type { Outcome } from "./outcome.js";
import type { Runtime } from "./runtime.js";

/** A refused command: logged as rejected with the real reason, and (for a delivery) answered the same way if it comes again. */
export async function recordRefusal(rt: Runtime, ctx: Ctx, inv: Invocation, input: { kind: string; reason: string; incidentId: string | null; outcome: Outcome; logText: string }): Promise<Outcome> {
  try {
    const fresh = await transaction(rt.db, async (tx) => {
      if (inv.delivery && !(await claimDelivery(tx, inv.delivery, ctx.clock.now()))) return false;
      await appendLog(tx, ctx.clock, { actor: ctx.actor, incidentId: input.incidentId, text: input.logText, kind: input.kind, outcome: "rejected", reason: input.reason });
      if (inv.delivery) await saveOutcome(tx, inv.delivery, input.outcome);
      return true;
    });
    if (!fresh) return (await firstOutcome(rt.db, inv.delivery!)) ?? input.outcome;
    return input.outcome;
  } catch (error) {
    return failureReply(rt, ctx, { kind: input.kind, error, incidentId: input.incidentId, logText: input.logText });
  }
}

/**
 * Something broke that is not the person's doing. They get a plain sentence and a reference; the
 * details (SQL, stack) go to the server log only. The transaction rolled back: nothing changed.
 */
export async function failureReply(rt: Runtime, ctx: Ctx, input: { kind: string; error: unknown; incidentId: string | null; logText: string }): Promise<Outcome> {
  const ref = randomBytes(4).toString("hex");
  rt.logger.error({ err: input.error, ref, text: input.logText }, "command failed");
  if (isUnreachable(input.error)) {
    return { ok: false, reply: errorMessage(new CoreError("unavailable", "Firebreak can't reach its database right now — nothing was recorded.", `Try again in a minute. (reference ${ref})`)) };
  }
  await appendLogAlone(rt.db, rt.clock, { actor: ctx.actor, incidentId: input.incidentId, text: input.logText, kind: input.kind, outcome: "failed", reason: `internal error, reference ${ref}` }).catch(() => {});
  return {
    ok: false,
    reply: errorMessage(new CoreError("unavailable", "Something went wrong on our side, and nothing was changed.", `Try again; if it keeps happening, give your Firebreak admin the reference ${ref}.`)),
  };
}
