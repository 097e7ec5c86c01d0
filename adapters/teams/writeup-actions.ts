import type { AdaptiveCardInvokeResponse, TurnContext } from "botbuilder";
import { executeCommand, incidentView, type Message, WRITEUP_FIELDS, writeupFields } from "../../src/core.js";
import type { ActionData } from "./cards/adaptive.js";
import { cardAttachment } from "./cards/adaptive.js";
import { noticeCard } from "./cards/forms.js";
import { renderCard } from "./cards/render-message.js";
import { writeupForm } from "./cards/writeup-form.js";
import { spaceOfActivity } from "./incident-lookup.js";
import { cardResponse, messageResponse } from "./invoke-responses.js";
import { actorOf, personOf } from "./people.js";
import type { TeamsEnv } from "./teams-env.js";

/** "Edit write-up" (on the `writeup` answer): posts the form, filled with what is written so far. */
export async function openWriteupForm(env: TeamsEnv, context: TurnContext, incidentId: string): Promise<AdaptiveCardInvokeResponse> {
  const { incident } = await incidentView(env.rt, incidentId);
  const form = writeupForm(incident.id, incident.humanId, await writeupFields(env.rt, incident.id));
  await context.sendActivity({ type: "message", attachments: [cardAttachment(form)] });
  return messageResponse("The write-up form is below this card.");
}

/** The form's "Save": one `writeup` command per changed field; the form becomes what was saved. */
export async function saveWriteupForm(env: TeamsEnv, context: TurnContext, incidentId: string, data: ActionData): Promise<AdaptiveCardInvokeResponse> {
  const current = await writeupFields(env.rt, incidentId);
  const { space } = await spaceOfActivity(env.rt, context.activity);
  const replies: Message[] = [];
  for (const field of WRITEUP_FIELDS) {
    const typed = typeof data[field] === "string" ? (data[field] as string).trim() : undefined;
    if (typed === undefined || typed === (current[field] ?? "")) continue;
    // Per field and form: pressing Save twice changes nothing twice.
    const delivery = `teams:form:${context.activity.replyToId ?? context.activity.id}:${field}`;
    const request = { actor: actorOf(context.activity), port: env.port.forTurn(new Map(), personOf(context.activity.from)), space, delivery };
    const outcome = await executeCommand(env.rt, request, { kind: "writeup", field, text: typed }, { incidentId, logText: `[card] writeup ${field}` });
    if (outcome.reply) replies.push(outcome.reply);
  }
  if (!replies.length) return cardResponse(noticeCard("Nothing in the write-up changed."));
  return cardResponse(renderCard({ text: replies.map((r) => r.text).join("\n"), blocks: replies.flatMap((r) => r.blocks) }));
}
