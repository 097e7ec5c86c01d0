import type { Logger } from "pino";
import type { RespondFn } from "@slack/bolt";
import { type Actor, busyMessage, type Person, type Runtime, type SpaceRef, type WorkQueue } from "../../src/core.js";
import type { SlackChat } from "./slack-chat.js";

/** What every Slack handler needs: the core, the Slack port, and the after-ack work queue. */
export interface SlackDeps {
  rt: Runtime;
  port: SlackChat;
  work: WorkQueue;
  logger: Logger;
  /** The slash command this app answers to (the manifest declares it). */
  command: string;
  /** The bot's own user id (auth.test): its own uploads are not evidence. */
  botUserId?: string;
}

export function slackActor(teamId: string | undefined, userId: string, name: string | undefined): Extract<Actor, { kind: "slack" }> {
  return { kind: "slack", teamId: teamId ?? "", userId, name: name || userId };
}

export function actorPerson(actor: Extract<Actor, { kind: "slack" }>): Person {
  return { platform: "slack", id: actor.userId, name: actor.name };
}

export function slackSpace(id: string | undefined, name?: string): SpaceRef | undefined {
  return id ? { platform: "slack", id, name: name ?? id } : undefined;
}

/**
 * The "busy, try again in a moment" answer for work turned away (the backlog is full): privately,
 * through the request's response URL, so it costs no Web API call.
 */
export function sayBusy(respond: RespondFn | undefined): (() => Promise<unknown>) | undefined {
  return respond && (() => respond({ response_type: "ephemeral", replace_original: false, text: busyMessage().text }));
}
