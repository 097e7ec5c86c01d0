import { randomUUID } from "node:crypto";
import { type TaskModuleRequest, type TaskModuleResponse, TeamsInfo, type TurnContext } from "botbuilder";
import { busyMessage, type CommandInput, type DeclareDraft, executeCommand, incidentById, logInteraction, type Person, type Phase, visibleIncident } from "../../src/core.js";
import { type AdaptiveCard, type ActionData, cardAttachment } from "./cards/adaptive.js";
import { declareForm, FORM_VERBS, type FormStamp, phaseForm, rolesForm, severityForm, updateForm } from "./cards/forms.js";
import { spaceOfActivity } from "./incident-lookup.js";
import { replyText } from "./invoke-responses.js";
import { actorOf, type Directory, handleFor, isBotAccount, personOf, teamsUserIdOf } from "./people.js";
import { answer } from "./replies.js";
import type { TeamsEnv } from "./teams-env.js";

const GONE = "That incident no longer exists. `list` shows the open ones.";

const dialog = (title: string, form: AdaptiveCard): TaskModuleResponse => ({ task: { type: "continue", value: { title, width: "medium", card: cardAttachment(form) } } });
const notice = (text: string): TaskModuleResponse => ({ task: { type: "message", value: text } });

/**
 * `task/fetch`: a form button was pressed (the summary card's Roles / Severity / Phase / Update, or
 * Declare). The form opens in a dialog for the presser alone, stamped with a fresh form id and who
 * opened it. A private incident the presser may not see is answered as one that does not exist.
 */
export async function openForm(env: TeamsEnv, context: TurnContext, request: TaskModuleRequest): Promise<TaskModuleResponse> {
  const data = (request.data ?? {}) as ActionData;
  const activity = context.activity;
  const actor = actorOf(activity);
  env.port.directory.remember(personOf(activity.from));
  const stamp: FormStamp = { formId: randomUUID(), openedBy: actor.userId };
  const text = `[dialog] ${String(data.verb ?? "?")}`;
  if (data.verb === FORM_VERBS.openDeclare) return dialog("Declare an incident", declareForm(stamp, (data.draft as Partial<DeclareDraft> | undefined) ?? {}));
  const opens = [FORM_VERBS.openRoles, FORM_VERBS.openSeverity, FORM_VERBS.openPhase, FORM_VERBS.openUpdate] as string[];
  if (!opens.includes(String(data.verb))) {
    const reason = `Unknown dialog \`${String(data.verb ?? "(none)")}\`; this card may come from an older Firebreak version.`;
    await logInteraction(env.rt, actor, { text, kind: "dialog.open", outcome: "rejected", reason });
    return notice(reason);
  }
  const incidentId = typeof data.incidentId === "string" ? data.incidentId : undefined;
  const incident = await visibleIncident(env.rt, { actor, port: env.port }, incidentId);
  if (!incident) {
    const named = incidentId ? await incidentById(env.rt, incidentId) : undefined;
    const reason = named ? `teams:${actor.userId} may not see private ${named.humanId} (not a member, not in its chat, not an admin)` : "The button names no incident that exists.";
    await logInteraction(env.rt, actor, { text, kind: "dialog.open", outcome: "rejected", reason, incidentId: named?.id });
    return notice(GONE);
  }
  await logInteraction(env.rt, actor, { text, kind: "dialog.open", outcome: "ok", incidentId: incident.id, payload: { verb: data.verb } });
  switch (data.verb) {
    case FORM_VERBS.openRoles:
      return dialog(`Roles · ${incident.humanId}`, rolesForm(incident.id, incident.humanId, stamp));
    case FORM_VERBS.openSeverity:
      return dialog(`Severity · ${incident.humanId}`, severityForm(incident.id, incident.humanId, incident.severity, stamp));
    case FORM_VERBS.openPhase:
      return dialog(`Phase · ${incident.humanId}`, phaseForm(incident.id, incident.humanId, incident.phase as Phase, stamp));
    default:
      return dialog(`Status update · ${incident.humanId}`, updateForm(incident.id, incident.humanId, stamp));
  }
}

/**
 * `task/submit`: the form in a dialog was sent. It runs as the one command the form stands for,
 * keyed by its form id (a double submit acts once); the answer is shown in the dialog. A declare
 * may take longer than Teams waits, so it is acknowledged and its result posted afterwards.
 */
export async function submitForm(env: TeamsEnv, context: TurnContext, request: TaskModuleRequest): Promise<TaskModuleResponse> {
  const data = (request.data ?? {}) as ActionData;
  const activity = context.activity;
  const actor = actorOf(activity);
  const verb = String(data.verb ?? "");
  const text = `[dialog] ${verb}`;
  if (typeof data.openedBy === "string" && data.openedBy !== actor.userId) {
    await logInteraction(env.rt, actor, { text, kind: verb || "dialog", outcome: "rejected", reason: `form opened by teams:${data.openedBy}, submitted by teams:${actor.userId}` });
    return notice("This form was opened by someone else. Open your own from the summary card.");
  }
  const delivery = `teams:form:${typeof data.formId === "string" ? data.formId : activity.id}`;
  const mentioned = new Map<string, Person>();
  const req = { actor, actorIsBot: isBotAccount(activity.from), port: env.port.forTurn(mentioned, personOf(activity.from)), space: (await spaceOfActivity(env.rt, activity)).space, delivery };
  if (verb === FORM_VERBS.declare) {
    const command = declareCommand(data);
    // Too much waiting already: the dialog says so, and nothing is declared (the form can be sent again).
    if (env.background.full) {
      env.background.turnAway("Teams declare dialog");
      return notice(busyMessage().text);
    }
    void env.background.run("Teams declare dialog", async () => {
      const outcome = await executeCommand(env.rt, req, command, { logText: text });
      await answer(env, activity, outcome);
    });
    return notice(`Declaring “${command.kind === "declare" ? command.title : ""}”…`);
  }
  if (![FORM_VERBS.assign, FORM_VERBS.severity, FORM_VERBS.phase, FORM_VERBS.update].includes(verb as never)) {
    await logInteraction(env.rt, actor, { text, kind: verb || "dialog", outcome: "rejected", reason: `Unknown form \`${verb || "(none)"}\`.` });
    return notice("This form is out of date; open it again from the summary card.");
  }
  const incidentId = typeof data.incidentId === "string" ? data.incidentId : undefined;
  const command = await commandFromForm(context, env.port.directory, verb, data, mentioned);
  const outcome = await executeCommand(env.rt, req, command, { incidentId, logText: text });
  return notice(replyText(outcome.reply, outcome.ok ? "Done." : "That did not work."));
}

function declareCommand(data: ActionData): CommandInput {
  const value = (key: string) => (typeof data[key] === "string" && (data[key] as string).trim() ? (data[key] as string).trim() : undefined);
  return {
    kind: "declare",
    title: value("title") ?? "",
    severity: value("severity"),
    vector: value("vector"),
    source: value("source"),
    started: value("started"),
    description: value("description"),
    private: value("private") === "true",
  } as CommandInput;
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
