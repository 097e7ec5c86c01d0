import { type Activity, TurnContext } from "botbuilder";
import { type Outcome, textMessage } from "../../src/core.js";
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
    await env.port.replyTo(reference, reply);
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
