import type { ModalView } from "@slack/types";
import { withActor } from "../../../src/context.js";
import { textMessage } from "../../../src/chat/message.js";
import type { SpaceRef } from "../../../src/chat/port.js";
import type { Actor } from "../../../src/domain/people.js";
import { recordFailure, recordRead } from "../../../src/incidents/record.js";
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
  const ctx = withActor(deps.rt, input.actor, input.text);
  try {
    await deps.port.client.views.open({ trigger_id: input.triggerId, view: input.view });
  } catch (raw) {
    const error = describeSlackFailure("views.open", raw);
    await recordFailure(ctx, "modal.open", error.message, input.incidentId ?? null, { modal: input.modal });
    const hint = error.code === "expired_trigger_id" ? " Slack took too long to ask; try again." : "";
    await deps.port.replyPrivately({ space: input.replyIn, person: actorPerson(input.actor) }, textMessage(`⚠ Could not open the ${input.modal} form: ${error.message}.${hint}`));
    return false;
  }
  await recordRead(ctx, "modal.open", input.incidentId ?? null, { modal: input.modal });
  return true;
}
