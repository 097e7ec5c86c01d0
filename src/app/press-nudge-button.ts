import { eq } from "drizzle-orm";
import type { ChatPort, SpaceRef } from "../chat/port.js";
import type { Actor } from "../domain/people.js";
import { errorMessage } from "../chat/views/replies.js";
import { withActor } from "../context.js";
import { CoreError } from "../errors.js";
import { findIncident } from "../incidents/queries.js";
import { reminders } from "../store/schema.js";
import { AccessStep } from "./access-step.js";
import { recordRefusal } from "./refusal.js";
import { executeCommand, type Outcome } from "./run-command.js";
import type { Runtime } from "./runtime.js";

export const NUDGE_ACTIONS = ["nudge.snooze", "nudge.done"] as const;
export type NudgeAction = (typeof NUDGE_ACTIONS)[number];

export interface NudgeButtonPress {
  actor: Actor;
  /** `nudge.snooze` or `nudge.done`, as carried by the nudge's actions block. */
  action: string;
  /** The button's value: the reminder id. */
  value: string;
  port?: ChatPort;
  space?: SpaceRef;
  delivery?: string;
}

/**
 * A Snooze or Done press on a nudge, from any platform. It runs the same `snooze` / `dismiss`
 * command a person could type, so it is validated, judged and logged the same way.
 */
export async function pressNudgeButton(rt: Runtime, press: NudgeButtonPress): Promise<Outcome> {
  const logText = `[button] ${press.action} ${press.value}`;
  const valid = /^[0-9a-f-]{36}$/i.test(press.value) && (NUDGE_ACTIONS as readonly string[]).includes(press.action);
  const [reminder] = valid ? await rt.db.select({ incidentId: reminders.incidentId }).from(reminders).where(eq(reminders.id, press.value)) : [];
  const request = { actor: press.actor, port: press.port, space: press.space, delivery: press.delivery };
  // A reminder of a private incident the presser may not see is answered like one that does not exist.
  const incident = reminder ? await findIncident(rt.db, { id: reminder.incidentId }) : undefined;
  const hidden = !!incident && !(await new AccessStep(rt, { actor: press.actor, port: press.port }).visible([incident])).length;
  if (!reminder || hidden) {
    const error = new CoreError("not_found", "That button no longer matches a reminder.", "Type `reminders` in the incident channel to see what is still scheduled.");
    const inv = { actor: press.actor, platform: press.port?.platform ?? "shell", space: press.space, delivery: press.delivery } as const;
    const reason = hidden ? `${press.actor.kind}:${"userId" in press.actor ? press.actor.userId : "system"} may not see private ${incident!.humanId} (not a member, not in its space, not an admin)` : error.message;
    return recordRefusal(rt, withActor(rt, press.actor, logText), inv, { kind: press.action, reason, incidentId: hidden ? incident!.id : null, outcome: { ok: false, reply: errorMessage(error) }, logText });
  }
  const command = press.action === "nudge.snooze" ? { kind: "snooze" as const, reminder: press.value } : { kind: "dismiss" as const, reminder: press.value };
  return executeCommand(rt, request, command, { incidentId: reminder.incidentId, logText });
}
