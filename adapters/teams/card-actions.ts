import { type AdaptiveCardInvokeResponse, type AdaptiveCardInvokeValue, TeamsInfo, type TurnContext } from "botbuilder";
import {
  type CommandInput,
  currentMessage,
  executeCommand,
  incidentView,
  logInteraction,
  type Message,
  numberedSteps,
  type Outcome,
  type Person,
  type Phase,
  postedMessage,
  WRITEUP_FORM_ACTION,
} from "../../src/core.js";
import { type ActionData, type AdaptiveCard, cardAttachment, textBlock } from "./cards/adaptive.js";
import { declareForm, FORM_VERBS, noticeCard, phaseForm, rolesForm, severityForm, updateForm } from "./cards/forms.js";
import { renderCard, toggleId, VERBS } from "./cards/render-message.js";
import { spaceOfActivity } from "./incident-lookup.js";
import { cardResponse, messageResponse, replyText } from "./invoke-responses.js";
import { nudgeFromCard } from "./nudge-actions.js";
import { WRITEUP_SAVE } from "./cards/writeup-form.js";
import { openWriteupForm, saveWriteupForm } from "./writeup-actions.js";
import { actorOf, type Directory, handleFor, personOf, teamsUserIdOf } from "./people.js";
import type { TeamsEnv } from "./teams-env.js";


/**
 * `Action.Execute` from any Firebreak card. Invokes must be answered within a few seconds, so
 * only the quick changes (a checkbox, a severity) run inline; a declaration is acknowledged and
 * finished in the background.
 */
export async function handleCardAction(env: TeamsEnv, context: TurnContext, invoke: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
  const data = (invoke.action?.data ?? {}) as ActionData;
  const verb = invoke.action?.verb ?? data.verb;
  const actor = actorOf(context.activity);
  env.port.directory.remember(personOf(context.activity.from));
  const { rt } = env;
  const posted = await postedMessage(rt, "teams", context.activity.replyToId);
  const incidentId = typeof data.incidentId === "string" ? data.incidentId : posted?.incidentId ?? (await spaceOfActivity(rt, context.activity)).incident?.id;

  switch (verb) {
    case VERBS.toggleStep:
    case VERBS.saveChecklist: {
      if (!incidentId) return messageResponse("This checklist belongs to no incident I know.");
      const presses = verb === VERBS.toggleStep ? [{ key: String(data.stepKey ?? ""), checked: data.checked === true }] : await changedToggles(env, incidentId, data);
      // At most two commands (the ticks, the unticks), each one transaction: the answer goes back
      // at once with the card redrawn; the other messages showing these steps follow from the outbox.
      const refusals: Message[] = [];
      for (const checked of [true, false]) {
        const steps = presses.filter((p) => p.checked === checked).map((p) => p.key);
        if (!steps.length) continue;
        const request = { actor, port: env.port.forTurn(new Map(), personOf(context.activity.from)), delivery: `teams:activity:${context.activity.id}:${checked ? "check" : "uncheck"}` };
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
    case WRITEUP_SAVE:
      if (!incidentId) return messageResponse("This card belongs to no incident I know.");
      return verb === WRITEUP_SAVE ? saveWriteupForm(env, context, incidentId, data) : openWriteupForm(env, context, incidentId);
    case FORM_VERBS.openDeclare:
      return cardResponse(declareForm());
    case FORM_VERBS.declare:
      return declareFromCard(env, context, data);
    case FORM_VERBS.openRoles:
    case FORM_VERBS.openSeverity:
    case FORM_VERBS.openPhase:
    case FORM_VERBS.openUpdate: {
      if (!incidentId) return messageResponse("This card belongs to no incident I know.");
      const { incident } = await incidentView(rt, incidentId);
      const form =
        verb === FORM_VERBS.openRoles
          ? rolesForm(incident.id, incident.humanId)
          : verb === FORM_VERBS.openSeverity
            ? severityForm(incident.id, incident.humanId, incident.severity)
            : verb === FORM_VERBS.openPhase
              ? phaseForm(incident.id, incident.humanId, incident.phase as Phase)
              : updateForm(incident.id, incident.humanId);
      await context.sendActivity({ type: "message", attachments: [cardAttachment(form)] });
      return messageResponse("The form is below this card.");
    }
    case FORM_VERBS.assign:
    case FORM_VERBS.severity:
    case FORM_VERBS.phase:
    case FORM_VERBS.update: {
      if (!incidentId) return messageResponse("This form belongs to no incident I know.");
      const mentioned = new Map<string, Person>();
      const command = await commandFromForm(context, env.port.directory, verb, data, mentioned);
      const { space } = await spaceOfActivity(rt, context.activity);
      // One submission per form: a second press (or a second person) gets the first outcome.
      const delivery = `teams:form:${context.activity.replyToId ?? context.activity.id}`;
      const outcome = await executeCommand(rt, { actor, port: env.port.forTurn(mentioned, personOf(context.activity.from)), space, delivery }, command, { incidentId, logText: `[card] ${verb}` });
      if (!outcome.ok) return messageResponse(replyText(outcome.reply, "That did not work."));
      return cardResponse(outcome.reply ? renderCard(outcome.reply) : noticeCard("Done."));
    }
    default: {
      const reason = `Unknown card action \`${verb ?? "(none)"}\`; this card may come from an older Firebreak version.`;
      await logInteraction(rt, actor, { text: `[card] ${verb ?? "?"}`, kind: String(verb ?? "unknown"), outcome: "rejected", reason, incidentId, payload: { verb } });
      return messageResponse(reason);
    }
  }
}

/** "Save ticks": every toggle whose value differs from what the incident records. */
async function changedToggles(env: TeamsEnv, incidentId: string, data: ActionData) {
  const view = await incidentView(env.rt, incidentId);
  return numberedSteps(view.incident.playbooks)
    .filter((s) => typeof data[toggleId(s.key)] === "string")
    .map((s) => ({ key: s.key, checked: data[toggleId(s.key)] === "true" }))
    .filter((p) => (view.steps.get(p.key)?.checked ?? false) !== p.checked);
}

async function commandFromForm(context: TurnContext, directory: Directory, verb: string, data: ActionData, mentioned: Map<string, Person>): Promise<CommandInput> {
  const text = (key: string) => (typeof data[key] === "string" ? (data[key] as string) : "");
  if (verb === FORM_VERBS.severity) return { kind: "severity", severity: text("severity") as never };
  if (verb === FORM_VERBS.phase) return { kind: "status", phase: text("phase") as never };
  if (verb === FORM_VERBS.update) return { kind: "update", text: text("text") };
  // The people picker returns an Entra object id, the identity itself; Teams adds the name and
  // the 29: id (needed for a private chat) when asked.
  const id = text("person");
  const person = id ? await pickedPerson(context, directory, id) : undefined;
  if (person) mentioned.set(handleFor(person.name).toLowerCase(), person);
  return { kind: "assign", role: text("role") as never, slot: (text("slot") || "primary") as never, person: { id: person?.id ?? "-" } };
}

/** The person behind a people-picker value, known by object id like every other Teams person. */
async function pickedPerson(context: TurnContext, directory: Directory, id: string): Promise<Person> {
  const known = directory.byAnyId(id);
  if (known && teamsUserIdOf(known)) return known;
  const member = await TeamsInfo.getMember(context, id).catch(() => undefined);
  const person: Person = member?.aadObjectId ? personOf(member) : { platform: "teams", id, name: known?.name ?? id };
  directory.remember(person);
  return person;
}

/** Answers at once, declares in the background, then turns the form into the result. */
function declareFromCard(env: TeamsEnv, context: TurnContext, data: ActionData): AdaptiveCardInvokeResponse {
  const value = (key: string) => (typeof data[key] === "string" && (data[key] as string).trim() ? (data[key] as string).trim() : undefined);
  const command = {
    kind: "declare",
    title: value("title") ?? "",
    severity: value("severity"),
    vector: value("vector"),
    source: value("source"),
    started: value("started"),
    description: value("description"),
    private: false,
  } as CommandInput;
  const activity = context.activity;
  const formRef = activity.replyToId ? { spaceId: activity.conversation.id, messageId: activity.replyToId } : undefined;
  env.background.run("declare from card", async () => {
    const { space } = await spaceOfActivity(env.rt, activity);
    const request = { actor: actorOf(activity), port: env.port.forTurn(new Map(), personOf(activity.from)), space, delivery: `teams:form:${activity.replyToId ?? activity.id}` };
    const outcome: Outcome = await executeCommand(env.rt, request, command, { logText: "[card] declare" });
    const result = outcome.ok ? renderCard(outcome.reply ?? { text: "Declared.", blocks: [] }) : withError(declareForm(), replyText(outcome.reply, "The declaration failed."));
    if (formRef) await env.port.updateCard(formRef, result);
  });
  return cardResponse(noticeCard(`Declaring “${command.kind === "declare" ? command.title : ""}”…`));
}

function withError(form: AdaptiveCard, error: string): AdaptiveCard {
  return { ...form, body: [textBlock(`⚠ ${error}`, { color: "Attention" }), ...form.body] };
}

