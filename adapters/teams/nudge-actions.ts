import type { AdaptiveCardInvokeResponse, TurnContext } from "botbuilder";
import { eq } from "drizzle-orm";
import { pressNudgeButton } from "../../src/app/press-nudge-button.js";
import type { Runtime } from "../../src/app/runtime.js";
import type { Block, Message } from "../../src/chat/message.js";
import { formatUtc } from "../../src/domain/time.js";
import { loadView } from "../../src/incidents/queries.js";
import { reminders } from "../../src/store/schema.js";
import { reminderMessage } from "../../src/timers/messages.js";
import type { ActionData } from "./cards/adaptive.js";
import { renderCard } from "./cards/render-message.js";
import { spaceOfActivity } from "./incident-lookup.js";
import { cardResponse, messageResponse, replyText } from "./invoke-responses.js";
import { actorOf, personOf } from "./people.js";
import type { TeamsEnv } from "./teams-env.js";

/**
 * Snooze or Done on a nudge card. The core validates and logs the press (an unknown reminder is
 * refused and logged there); a refusal is a notice and leaves the nudge as it was, a success
 * replaces the nudge with what happened, so nobody presses it again.
 */
export async function nudgeFromCard(env: TeamsEnv, context: TurnContext, verb: string, data: ActionData): Promise<AdaptiveCardInvokeResponse> {
  const activity = context.activity;
  const reminderId = typeof data.reminderId === "string" ? data.reminderId : "";
  const { space } = await spaceOfActivity(env.rt.db, activity);
  const port = env.port.forTurn(new Map(), personOf(activity.from));
  const outcome = await pressNudgeButton(env.rt, { actor: actorOf(activity), action: verb, value: reminderId, port, space });
  if (!outcome.ok) return messageResponse(replyText(outcome.reply, "That reminder could not be changed."));
  return cardResponse(renderCard(await settledNudge(env.rt, reminderId, outcome.reply, activity.from.name ?? "someone")));
}

/** The nudge as it read (without its buttons), then the outcome and who pressed, and when. */
async function settledNudge(rt: Runtime, reminderId: string, reply: Message | undefined, who: string): Promise<Message> {
  const [reminder] = await rt.db.select().from(reminders).where(eq(reminders.id, reminderId));
  const nudge = reminder ? reminderMessage(reminder, await loadView(rt.db, reminder.incidentId), rt.config) : undefined;
  // A nudge ends with its buttons and their typed equivalents; the question they ask is answered.
  const actionsAt = nudge ? nudge.blocks.findIndex((b) => b.type === "actions") : -1;
  const original: Block[] = nudge ? nudge.blocks.slice(0, actionsAt < 0 ? undefined : actionsAt) : [];
  const outcome = reply ?? { text: "Done.", blocks: [{ type: "text", text: ["Done."] }] };
  return {
    text: outcome.text,
    blocks: [...original, ...(original.length ? [{ type: "divider" as const }] : []), ...outcome.blocks, { type: "context", text: [`${who} · ${formatUtc(rt.clock.now())}`] }],
  };
}
