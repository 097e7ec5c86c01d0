import { type Activity, type ConversationReference, TurnContext } from "botbuilder";
import { type Message, type Outcome, textMessage } from "../../src/core.js";
import { statusOf } from "./throttle.js";
import { personOf } from "./people.js";
import type { TeamsEnv } from "./teams-env.js";

export const SENT_PRIVATELY = "I sent you the answer in our private chat.";
const NOT_SENT = "I could not reach you in a private chat, so the answer is not shown here: ask again in the incident's own chat or channel, or open a chat with me first.";

/**
 * Answers a command where it was asked. A reply the core marks confidential (incident content
 * asked about outside that incident's own space, or a list naming private incidents) goes only to
 * the asker, in their 1:1 chat with the bot; the conversation where it was asked hears only that
 * it was sent. Teams cannot whisper in a channel, and a private reply is never posted publicly.
 */
export async function answer(env: TeamsEnv, activity: Activity, outcome: Pick<Outcome, "reply" | "confidential">): Promise<void> {
  const { reply } = outcome;
  if (!reply) return;
  const reference = TurnContext.getConversationReference(activity);
  const personal = activity.conversation?.conversationType === "personal";
  if (!outcome.confidential || personal) {
    await replyOrSayWhyNot(env, reference, reply);
    return;
  }
  try {
    await env.port.replyPrivately({ person: personOf(activity.from) }, reply);
    await env.port.replyTo(reference, textMessage(SENT_PRIVATELY));
  } catch (error) {
    env.rt.logger.warn({ err: error }, "could not send a private answer on Teams");
    await env.port.replyTo(reference, textMessage(NOT_SENT));
  }
}

/**
 * Sends the answer in the conversation it was asked in. If Teams refuses it, the person hears that
 * (and why) instead of nothing; the details go to the log.
 */
async function replyOrSayWhyNot(env: TeamsEnv, reference: Partial<ConversationReference>, reply: Message): Promise<void> {
  try {
    await env.port.replyTo(reference, reply);
  } catch (error) {
    const status = statusOf(error);
    env.rt.logger.warn({ err: error, status }, "Teams refused a reply");
    const why = status === 413 ? "it was too big for one Teams message" : status ? `Teams answered HTTP ${status}` : "Teams could not be reached";
    const notice = textMessage(`⚠ I could not show the answer here: ${why}. Nothing you asked for was lost; ask for less at once (one checklist section, say), or try again in a minute.`);
    await env.port.replyTo(reference, notice).catch((again: unknown) => env.rt.logger.error({ err: again }, "could not tell the person their answer was refused"));
  }
}
