import type { AdaptiveCardInvokeResponse, TurnContext } from "botbuilder";
import { currentMessage, pressNudgeButton } from "../../src/core.js";
import type { ActionData } from "./cards/adaptive.js";
import { renderCard } from "./cards/render-message.js";
import { spaceOfActivity } from "./incident-lookup.js";
import { cardResponse, messageResponse, replyText } from "./invoke-responses.js";
import { actorOf, personOf } from "./people.js";
import type { TeamsEnv } from "./teams-env.js";

/**
 * Snooze or Done on a nudge card. The core validates and logs the press (an unknown reminder is
 * refused and logged there); a refusal is a notice and leaves the nudge as it was, a success
 * answers with the nudge as everyone will now see it: no buttons, who answered.
 */
export async function nudgeFromCard(env: TeamsEnv, context: TurnContext, verb: string, data: ActionData): Promise<AdaptiveCardInvokeResponse> {
  const activity = context.activity;
  const reminderId = typeof data.reminderId === "string" ? data.reminderId : "";
  const { space } = await spaceOfActivity(env.rt, activity);
  const port = env.port.forTurn(new Map(), personOf(activity.from));
  const outcome = await pressNudgeButton(env.rt, { actor: actorOf(activity), action: verb, value: reminderId, port, space, delivery: `teams:activity:${activity.id}` });
  if (!outcome.ok || !outcome.incident) return messageResponse(replyText(outcome.reply, "That reminder could not be changed."));
  const settled = await currentMessage(env.rt, outcome.incident.id, `nudge:${reminderId}`);
  return settled ? cardResponse(renderCard(settled)) : messageResponse(replyText(outcome.reply, "Done."));
}
