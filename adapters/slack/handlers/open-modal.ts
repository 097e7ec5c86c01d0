import type { ModalView } from "@slack/types";
import { type Actor, logInteraction, type SpaceRef, textMessage } from "../../../src/core.js";
import { actorPerson, type SlackDeps } from "../context.js";
import { describeSlackFailure } from "../slack-api-error.js";

/**
 * Opens a modal with a trigger id (valid for 3 s, so nothing slow may come first), then logs the
 * press through the core. If Slack refuses, the person hears why and the failure is logged.
 */
export async function openModal(
  deps: SlackDeps,
  input: { triggerId: string; view: ModalView; actor: Extract<Actor, { kind: "slack" }>; text: string; incidentId?: string; modal: string; replyIn?: SpaceRef },
): Promise<boolean> {
  try {
    await deps.port.client.views.open({ trigger_id: input.triggerId, view: input.view });
  } catch (raw) {
    const error = describeSlackFailure("views.open", raw);
    await logInteraction(deps.rt, input.actor, { text: input.text, kind: "modal.open", outcome: "failed", reason: error.message, incidentId: input.incidentId, payload: { modal: input.modal } });
    const hint = error.code === "expired_trigger_id" ? " Slack took too long to ask; try again." : "";
    await deps.port.replyPrivately({ space: input.replyIn, person: actorPerson(input.actor) }, textMessage(`⚠ Could not open the ${input.modal} form: ${error.message}.${hint}`));
    return false;
  }
  await logInteraction(deps.rt, input.actor, { text: input.text, kind: "modal.open", outcome: "ok", incidentId: input.incidentId, payload: { modal: input.modal } });
  return true;
}
