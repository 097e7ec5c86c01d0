import { randomUUID } from "node:crypto";
import { ALICE, BOT_ID, GENERAL_CHANNEL, TEAM_ID, TENANT } from "./harness.js";

type Account = { id: string; aadObjectId?: string; name: string };

/** The common envelope of an activity as Teams sends it to the bot's endpoint. */
function envelope(serviceUrl: string, conversationId: string, from: Account) {
  return {
    id: `f:${randomUUID()}`,
    channelId: "msteams",
    serviceUrl,
    timestamp: "2026-11-25T14:00:00.000Z",
    localTimestamp: "2026-11-25T15:00:00.000+01:00",
    from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
    recipient: { id: BOT_ID, name: "Firebreak" },
    conversation: { id: conversationId, isGroup: true, conversationType: "channel", tenantId: TENANT },
    channelData: { tenant: { id: TENANT }, team: { id: "19:team@thread.tacv2", aadGroupId: TEAM_ID }, channel: { id: conversationId.split(";")[0] } },
    locale: "en-US",
  };
}

/**
 * A channel message that @mentions the bot and maybe people: Teams puts `<at>Name</at>` in the
 * HTML-ish text and one mention entity per name, carrying the 29: id and the name only (the
 * Entra object id comes only with the sender, in `from`).
 */
export function mentionMessage(serviceUrl: string, text: string, options: { from?: Account; conversationId?: string; mentions?: Account[] } = {}) {
  const from = options.from ?? ALICE;
  const people = options.mentions ?? [];
  return {
    ...envelope(serviceUrl, options.conversationId ?? `${GENERAL_CHANNEL};messageid=1700000000001`, from),
    type: "message",
    textFormat: "plain",
    text: `<at>Firebreak</at> ${text}`,
    entities: [
      { type: "mention", text: "<at>Firebreak</at>", mentioned: { id: BOT_ID, name: "Firebreak" } },
      ...people.map((p) => ({ type: "mention", text: `<at>${p.name}</at>`, mentioned: { id: p.id, name: p.name } })),
      { type: "clientInfo", locale: "en-US", country: "US", platform: "Web", timezone: "Europe/Berlin" },
    ],
  };
}

/** A click on an `Action.Execute` button: an `adaptiveCard/action` invoke on the card's message. */
export function cardAction(serviceUrl: string, conversationId: string, replyToId: string, verb: string, data: Record<string, unknown>, from: Account = ALICE) {
  return {
    ...envelope(serviceUrl, conversationId, from),
    type: "invoke",
    name: "adaptiveCard/action",
    replyToId,
    value: { action: { type: "Action.Execute", id: randomUUID(), verb, data: { verb, ...data } }, trigger: "manual" },
  };
}

/** The bot was added to a team: Teams sends conversationUpdate with the bot among membersAdded. */
export function botInstalled(serviceUrl: string, conversationId = GENERAL_CHANNEL) {
  return {
    ...envelope(serviceUrl, conversationId, ALICE),
    type: "conversationUpdate",
    membersAdded: [{ id: BOT_ID }],
    channelData: { tenant: { id: TENANT }, eventType: "teamMemberAdded", team: { id: conversationId, name: "Security", aadGroupId: TEAM_ID } },
  };
}

/** A press on a button that opens a dialog (`Action.Submit` with `msteams.type: task/fetch`). */
export function taskFetch(serviceUrl: string, conversationId: string, data: Record<string, unknown>, from: Account = ALICE) {
  return {
    ...envelope(serviceUrl, conversationId, from),
    type: "invoke",
    name: "task/fetch",
    value: { data: { ...data, msteams: { type: "task/fetch" } }, context: { theme: "default" } },
  };
}

/** The form in a dialog sent: its inputs merged into the submit button's data. */
export function taskSubmit(serviceUrl: string, conversationId: string, data: Record<string, unknown>, from: Account = ALICE) {
  return {
    ...envelope(serviceUrl, conversationId, from),
    type: "invoke",
    name: "task/submit",
    value: { data, context: { theme: "default" } },
  };
}

/** The submit button's data of the form a `task/fetch` answer opened, for `taskSubmit`. */
export function dialogForm(response: any): { card: any; data: Record<string, unknown> } {
  const card = response.task.value.card.content;
  return { card, data: card.actions.find((a: any) => a.type === "Action.Submit").data };
}
