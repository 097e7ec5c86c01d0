import { refresh } from "../commands/chat-effects.js";
import type { Actor } from "../domain/people.js";
import type { ChatPort } from "../chat/port.js";
import { enqueueEffects } from "../effects/outbox.js";
import { sectionOfStep } from "../playbooks/index.js";
import { executeCommand, type Outcome } from "./run-command.js";
import type { Runtime } from "./runtime.js";

export interface CheckboxPress {
  actor: Actor;
  incidentId: string;
  stepKey: string;
  checked: boolean;
  port?: ChatPort;
  /** The platform's id for this click (a double click or a resend arrives with the same one). */
  delivery?: string;
}

/**
 * A checkbox click from any platform: the same `check` / `uncheck` a person could type. The
 * write is conditional in SQL, so a repeat or two people clicking at once change the state once.
 * A refused click leaves the person's screen showing a tick that did not happen: the messages
 * showing that step are redrawn from the truth.
 */
export async function pressCheckbox(rt: Runtime, press: CheckboxPress): Promise<Outcome> {
  const logText = `[checkbox] ${press.checked ? "check" : "uncheck"} ${press.stepKey}`;
  const outcome = await executeCommand(
    rt,
    { actor: press.actor, port: press.port, delivery: press.delivery },
    { kind: press.checked ? "check" : "uncheck", steps: [press.stepKey], viaButton: true },
    { incidentId: press.incidentId, logText },
  );
  if (!outcome.ok && outcome.incident) {
    const section = sectionOfStep(press.stepKey);
    await rt.db
      .transaction((tx) => enqueueEffects(tx, rt.clock.now(), refresh(press.incidentId, { sections: section ? [section] : [], steps: [press.stepKey] })))
      .then(() => rt.deliverer?.poke())
      .catch((error: unknown) => rt.logger.warn({ err: error }, "could not queue the redraw of a refused checkbox"));
  }
  return outcome;
}
