import { type AdaptiveCardInvokeResponse, type AdaptiveCardInvokeValue, type TurnContext } from "botbuilder";
import { currentMessage, executeCommand, incidentById, incidentView, logInteraction, type Message, numberedSteps, postedMessage, visibleIncident, WRITEUP_FORM_ACTION } from "../../src/core.js";
import type { ActionData } from "./cards/adaptive.js";
import { FORM_VERBS } from "./cards/forms.js";
import { renderCard, toggleId, VERBS } from "./cards/render-message.js";
import { spaceOfActivity } from "./incident-lookup.js";
import { cardResponse, messageResponse, replyText } from "./invoke-responses.js";
import { nudgeFromCard } from "./nudge-actions.js";
import { WRITEUP_SAVE } from "./cards/writeup-form.js";
import { openWriteupForm, saveWriteupForm } from "./writeup-actions.js";
import { actorOf, isBotAccount, personOf } from "./people.js";
import type { TeamsEnv } from "./teams-env.js";

/** Form verbs of cards posted before forms moved into dialogs: such a card is public, so it no longer acts. */
const OLD_FORM_VERBS: string[] = Object.values(FORM_VERBS);

/**
 * `Action.Execute` from any Firebreak card: checklist ticks and nudge buttons, answered within
 * the invoke. Forms open in dialogs (dialogs.ts), where only the person who opened one can submit
 * it. A card naming a private incident the clicker may not see is answered as one that does not
 * exist, and nothing of it is drawn.
 */
export async function handleCardAction(env: TeamsEnv, context: TurnContext, invoke: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
  const data = (invoke.action?.data ?? {}) as ActionData;
  const verb = invoke.action?.verb ?? data.verb;
  const actor = actorOf(context.activity);
  env.port.directory.remember(personOf(context.activity.from));
  const { rt } = env;
  const posted = await postedMessage(rt, "teams", context.activity.replyToId);
  const named = typeof data.incidentId === "string" ? data.incidentId : posted?.incidentId ?? (await spaceOfActivity(rt, context.activity)).incident?.id;

  switch (verb) {
    case VERBS.toggleStep:
    case VERBS.saveChecklist: {
      const incidentId = (await visibleIncident(rt, { actor, port: env.port }, named))?.id;
      if (!incidentId) {
        await refuseHidden(env, context, named, `[card] ${verb}`);
        return messageResponse("This checklist belongs to no incident I know.");
      }
      const presses = verb === VERBS.toggleStep ? [{ key: String(data.stepKey ?? ""), checked: data.checked === true }] : await changedToggles(env, incidentId, data);
      // At most two commands (the ticks, the unticks), each one transaction: the answer goes back
      // at once with the card redrawn; the other messages showing these steps follow from the outbox.
      const refusals: Message[] = [];
      for (const checked of [true, false]) {
        const steps = presses.filter((p) => p.checked === checked).map((p) => p.key);
        if (!steps.length) continue;
        const request = { actor, actorIsBot: isBotAccount(context.activity.from), port: env.port.forTurn(new Map(), personOf(context.activity.from)), delivery: `teams:activity:${context.activity.id}:${checked ? "check" : "uncheck"}` };
        const outcome = await executeCommand(rt, request, { kind: checked ? "check" : "uncheck", steps, viaButton: true }, { incidentId, logText: `[card] ${checked ? "check" : "uncheck"} ${steps.join(" ")}` });
        if (!outcome.ok && outcome.reply) refusals.push(outcome.reply);
      }
      const view = await incidentView(rt, incidentId);
      const purpose = posted?.purpose ?? `checklist:${numberedSteps(view.incident.playbooks).find((s) => s.key === presses[0]?.key)?.section.key}`;
      const message = await currentMessage(rt, incidentId, purpose);
      if (!message) return messageResponse(refusals.length ? replyText(refusals[0], "That step could not be changed.") : "Saved.");
      // The card shows the truth; a refusal is said on top of it.
      const warning = refusals.length ? [{ type: "text" as const, text: [replyText(refusals[0], "That step could not be changed.")] }] : [];
      return cardResponse(renderCard({ text: message.text, blocks: [...warning, ...message.blocks] }));
    }
    case "nudge.snooze":
    case "nudge.done":
      return nudgeFromCard(env, context, verb, data);
    case WRITEUP_FORM_ACTION:
    case WRITEUP_SAVE: {
      const incidentId = (await visibleIncident(rt, { actor, port: env.port }, named))?.id;
      if (!incidentId) {
        await refuseHidden(env, context, named, `[card] ${verb}`);
        return messageResponse("This card belongs to no incident I know.");
      }
      return verb === WRITEUP_SAVE ? saveWriteupForm(env, context, incidentId, data) : openWriteupForm(env, context, incidentId);
    }
    default: {
      const old = OLD_FORM_VERBS.includes(String(verb));
      const reason = old
        ? `Form action \`${verb}\` from a card posted before forms opened in dialogs; it no longer acts.`
        : `Unknown card action \`${verb ?? "(none)"}\`; this card may come from an older Firebreak version.`;
      await logInteraction(rt, actor, { text: `[card] ${verb ?? "?"}`, kind: String(verb ?? "unknown"), outcome: "rejected", reason, payload: { verb } });
      return messageResponse(old ? "Forms open in a dialog now: press the button on the incident's summary card (or mention me with `declare`)." : reason);
    }
  }
}

/** Logs a click on a card of an incident the clicker may not see (or that does not exist), with the real reason. */
async function refuseHidden(env: TeamsEnv, context: TurnContext, incidentId: string | undefined, text: string): Promise<void> {
  const actor = actorOf(context.activity);
  const named = incidentId ? await incidentById(env.rt, incidentId) : undefined;
  const reason = named ? `teams:${actor.userId} may not see private ${named.humanId} (not a member, not in its chat, not an admin)` : "The card names no incident that exists.";
  await logInteraction(env.rt, actor, { text, kind: "card", outcome: "rejected", reason, incidentId: named?.id });
}

/** "Save ticks": every toggle whose value differs from what the incident records. */
async function changedToggles(env: TeamsEnv, incidentId: string, data: ActionData) {
  const view = await incidentView(env.rt, incidentId);
  return numberedSteps(view.incident.playbooks)
    .filter((s) => typeof data[toggleId(s.key)] === "string")
    .map((s) => ({ key: s.key, checked: data[toggleId(s.key)] === "true" }))
    .filter((p) => (view.steps.get(p.key)?.checked ?? false) !== p.checked);
}
