import { type Actor, actorAsPerson, type Person, type Platform, samePerson } from "../domain/people.js";
import { ROLE_INFO, type Role, type Slot } from "../domain/roles.js";
import type { Severity } from "../domain/severity.js";

/**
 * Who may do what, for every entry point (typed commands, buttons, forms, App Home, timers).
 * Pure: the caller brings the facts (the incident's role holders, whether the person is in the
 * incident's space) and gets a decision; nothing here reads the database or a platform.
 */

/**
 * - anyone: anyone who can see the incident (a private one only its members and admins can see);
 *   for actions outside an incident, anyone at all
 * - members: the incident's members — people who hold or held a role, were invited, or are in
 *   its space — and admins, even on a public incident
 * - leads: the incident commander, the commander's backup and admins
 * - admins: FIREBREAK_ADMINS only
 */
export const AUDIENCES = ["anyone", "members", "leads", "admins"] as const;
export type Audience = (typeof AUDIENCES)[number];

interface Rule {
  who: Audience;
  /** Ends the refusal: "Only … can <what>." */
  what: string;
  /** "global" actions concern no single incident and are open to anyone. */
  scope: "incident" | "global";
  /** Whether FIREBREAK_ALLOW may change `who` (global actions and views may not). */
  configurable: boolean;
  /** claim-role: only an empty slot; leave-role: only your own. */
  slot?: "empty" | "own";
}

const change = (what: string, who: Audience = "leads"): Rule => ({ who, what, scope: "incident", configurable: true });
const view = (what: string): Rule => ({ who: "anyone", what, scope: "incident", configurable: false });
const open = (what: string): Rule => ({ who: "anyone", what, scope: "global", configurable: false });

/** THE table. Defaults follow issue 8; FIREBREAK_ALLOW overrides the configurable rows. */
export const RULES = {
  // Consequential changes: commander, their backup, admins.
  severity: change("change the severity"),
  vector: change("change the attack vector"),
  phase: change("move the incident to another phase"),
  resolve: change("resolve the incident"),
  close: change("close the incident"),
  reopen: change("reopen the incident"),
  milestone: change("correct a milestone time"),
  flag: change("flag personal data"),
  "notify-regulator": change("record the regulator notification"),
  // Roles.
  "assign-other": change("assign someone else to a role"),
  "unassign-other": change("take someone else off a role"),
  "assign-commander": change("change the incident commander"),
  "claim-role": { ...change("take an empty role", "anyone"), slot: "empty" },
  "leave-role": { ...change("step down from a role", "anyone"), configurable: false, slot: "own" },
  // The response's everyday work: anyone who can see the incident (on a private incident, only
  // its members can see it).
  check: change("tick checklist steps", "anyone"),
  note: change("add notes", "anyone"),
  evidence: change("add evidence", "anyone"),
  update: change("post status updates", "anyone"),
  "notify-stakeholders": change("record the stakeholder notification", "anyone"),
  snooze: change("snooze or dismiss reminders", "anyone"),
  // The review's write-up and follow-up actions: the whole team writes them, after close too.
  writeup: change("write the post-incident review", "anyone"),
  action: change("add or close follow-up actions", "anyone"),
  // Read-only views of one incident.
  status: view("see the status"),
  roles: view("see the roles"),
  timeline: view("see the timeline"),
  checklist: view("see the checklist"),
  reminders: view("see the reminders"),
  report: view("see the report"),
  actions: view("see the action items"),
  channel: view("find the incident's channel"),
  // Outside any one incident.
  declare: open("declare an incident"),
  drill: open("run a drill"),
  list: open("list incidents"),
  help: open("get help"),
  stats: open("see statistics"),
  verify: open("verify the log"),
  readiness: open("check readiness"),
} satisfies Record<string, Rule>;

export type Action = keyof typeof RULES;
export const ACTIONS = Object.keys(RULES) as Action[];
export const CONFIGURABLE_ACTIONS = ACTIONS.filter((a) => RULES[a].configurable);

/** A user as FIREBREAK_ADMINS names them: `slack:U0123ABC`, `teams:<Entra object id>`, `shell:alice`. */
export interface PlatformUser {
  platform: Platform;
  id: string;
}

/** One FIREBREAK_ALLOW item, e.g. `close:P4=anyone`. */
export interface AllowOverride {
  action: Action;
  severity?: Severity;
  who: Audience;
}

export interface AccessSettings {
  admins: PlatformUser[];
  allow: AllowOverride[];
}

/** What the rules need to know about an incident. */
export interface IncidentFacts {
  humanId: string;
  isPrivate: boolean;
  severity: Severity;
  /** Current and past role holders (`current: false` once they were replaced or stepped down). */
  roles: { role: Role; slot: Slot; person: Person; current: boolean }[];
  /** People invited into the response without a role. */
  invited: Person[];
}

export interface AccessRequest {
  actor: Actor;
  /** From the signed platform payload (Slack `is_bot`, a Teams bot account). */
  actorIsBot?: boolean;
  action: Action;
  /** Absent only for global actions. */
  incident?: IncidentFacts;
  /** For role actions: the slot, and who would get it. */
  target?: { role: Role; slot: Slot; person?: Person; personIsBot?: boolean };
  /** The platform's answer to "is the actor in the incident's channel/chat?"; undefined = not asked. */
  isMemberOfSpace?: boolean;
  settings: AccessSettings;
}

export type Decision =
  | { allowed: true }
  | {
      allowed: false;
      /** For the log: the real reason, with ids. */
      reason: string;
      /** For the person: what they cannot do and who can. */
      message: string;
      /** The incident must look non-existent to this person (answer as for an unknown id). */
      hide: boolean;
    };

const ALLOWED: Decision = { allowed: true };

export function decide(request: AccessRequest): Decision {
  const { actor, action, incident, target, settings } = request;
  const rule: Rule = RULES[action];
  const bot = request.actorIsBot || actor.kind === "system";
  const holdsRole = action === "claim-role" || ((action === "assign-other" || action === "assign-commander") && target?.person && sameAsActor(actor, target.person));
  if (bot && holdsRole) return refuse(`${who(actor)} is a bot; bots cannot hold roles`, "Bots cannot hold incident roles; assign a person.");
  if (target?.personIsBot && (action === "assign-other" || action === "assign-commander" || action === "claim-role")) {
    return refuse(`target ${target.person ? personKey(target.person) : "?"} is a bot`, `${target.person ? `@${target.person.name} is a bot; b` : "B"}ots cannot hold incident roles.`);
  }
  if (rule.scope === "global") return ALLOWED;
  if (!incident) throw new Error(`access: "${action}" concerns an incident, but none was given`);

  if (!canSee(request)) {
    return { allowed: false, hide: true, reason: `${who(actor)} may not see private ${incident.humanId} (not a member or admin)`, message: `There is no incident ${incident.humanId}.` };
  }
  if (actor.kind === "system") return ALLOWED;

  const holder = target ? incident.roles.find((r) => r.current && r.role === target.role && r.slot === target.slot) : undefined;
  const slotName = target ? `${ROLE_INFO[target.role].label.toLowerCase()}${target.slot === "backup" ? " backup" : ""}` : "role";
  if (rule.slot === "empty" && holder) {
    const message = `The ${slotName} role on ${incident.humanId} is held by @${holder.person.name}. ${onlyLeads(incident, "reassign it")}`;
    return refuse(`${slotName} on ${incident.humanId} is held by ${personKey(holder.person)}`, message);
  }
  if (rule.slot === "own" && !(holder && sameAsActor(actor, holder.person))) {
    return refuse(`${who(actor)} does not hold ${slotName} on ${incident.humanId}`, `You do not hold the ${slotName} role on ${incident.humanId}. ${onlyLeads(incident, "change someone else's role")}`);
  }

  const audience = audienceFor(action, incident.severity, settings);
  if (inAudience(audience, request)) return ALLOWED;
  const message = audience === "leads" ? onlyLeads(incident, rule.what) : audience === "admins" ? `Only a Firebreak admin can ${rule.what} on ${incident.humanId}.` : `Only members of ${incident.humanId} — its responders, the people invited and the people in its channel — can ${rule.what}.`;
  return refuse(`${who(actor)} is not among ${audience} of ${incident.humanId} for ${action}${describeLeads(incident)}`, message);

  function refuse(reason: string, message: string): Decision {
    return { allowed: false, hide: false, reason, message };
  }
}

/** Whether the actor may see the incident at all (for `list`, App Home, hints and lookups). */
export function canSee(request: Pick<AccessRequest, "actor" | "incident" | "isMemberOfSpace" | "settings">): boolean {
  const { incident } = request;
  if (!incident || !incident.isPrivate || request.actor.kind === "system") return true;
  return isAdmin(request.actor, request.settings.admins) || isMember(request);
}

/**
 * Whether the decision depends on the platform's membership answer, so the caller asks the
 * platform (Slack `conversations.members`, the Teams roster) only when it matters.
 */
export function needsSpaceMembership(request: Omit<AccessRequest, "isMemberOfSpace">): boolean {
  const a = decide({ ...request, isMemberOfSpace: true });
  const b = decide({ ...request, isMemberOfSpace: false });
  return a.allowed !== b.allowed || (!a.allowed && !b.allowed && a.hide !== b.hide);
}

/**
 * Which action an assign/unassign is: taking an empty slot yourself is a claim, stepping down
 * from your own slot is leaving, the commander's slot is "change the commander", anything
 * else on someone else is assign-/unassign-other.
 */
export function roleAction(actor: Actor, op: "assign" | "unassign", target: { role: Role; slot: Slot; person?: Person }, incident: Pick<IncidentFacts, "roles">): Action {
  const holder = incident.roles.find((r) => r.current && r.role === target.role && r.slot === target.slot);
  if (op === "assign" && target.person && sameAsActor(actor, target.person) && !holder) return "claim-role";
  if (op === "unassign" && holder && sameAsActor(actor, holder.person)) return "leave-role";
  if (target.role === "commander" && target.slot === "primary") return "assign-commander";
  return op === "assign" ? "assign-other" : "unassign-other";
}

/** The commander, the commander's backup or an admin: who may change consequential things by default. */
export function isLead(actor: Actor, incident: Pick<IncidentFacts, "roles">, settings: Pick<AccessSettings, "admins">): boolean {
  return isAdmin(actor, settings.admins) || leads(incident).some((r) => sameAsActor(actor, r.person));
}

export function isAdmin(actor: Actor, admins: PlatformUser[]): boolean {
  if (actor.kind === "system") return false;
  return admins.some((a) => a.platform === actor.kind && a.id === normalizeUserId(actor.kind, actor.userId));
}

/** Ids as FIREBREAK_ADMINS stores them: Teams object ids and shell names are case-insensitive. */
export function normalizeUserId(platform: Platform, id: string): string {
  return platform === "slack" ? id : id.toLowerCase();
}

function audienceFor(action: Action, severity: Severity, settings: AccessSettings): Audience {
  const overrides = settings.allow.filter((o) => o.action === action);
  return (overrides.find((o) => o.severity === severity) ?? overrides.find((o) => !o.severity))?.who ?? RULES[action].who;
}

function inAudience(audience: Audience, request: AccessRequest): boolean {
  const { actor, settings, incident } = request;
  if (isAdmin(actor, settings.admins)) return true;
  if (audience === "anyone") return true;
  if (audience === "members") return isMember(request);
  if (audience === "leads") return !!incident && leads(incident).some((r) => sameAsActor(actor, r.person));
  return false;
}

function isMember({ actor, incident, isMemberOfSpace }: Pick<AccessRequest, "actor" | "incident" | "isMemberOfSpace">): boolean {
  if (!incident) return false;
  if (isMemberOfSpace === true) return true;
  return incident.roles.some((r) => sameAsActor(actor, r.person)) || incident.invited.some((p) => sameAsActor(actor, p));
}

function leads(incident: Pick<IncidentFacts, "roles">) {
  return incident.roles.filter((r) => r.current && r.role === "commander");
}

/** "Only the incident commander (@alice), their backup (@bob) or a Firebreak admin can …" */
function onlyLeads(incident: IncidentFacts, what: string): string {
  const commander = leads(incident).find((r) => r.slot === "primary")?.person;
  const backup = leads(incident).find((r) => r.slot === "backup")?.person;
  const text = `Only the incident commander${commander ? ` (@${commander.name})` : ""}, their backup${backup ? ` (@${backup.name})` : ""} or a Firebreak admin can ${what}.`;
  return commander ? text : `${text} ${incident.humanId} has no commander now: \`assign commander me\` takes the role.`;
}

function describeLeads(incident: IncidentFacts): string {
  const keys = leads(incident).map((r) => `${r.slot}=${personKey(r.person)}`);
  return ` (commander: ${keys.length ? keys.join(", ") : "none"})`;
}

function sameAsActor(actor: Actor, person: Person): boolean {
  const me = actorAsPerson(actor);
  return !!me && samePerson(me, person);
}

const personKey = (p: Person) => `${p.platform}:${p.id}`;
const who = (actor: Actor) => (actor.kind === "system" ? "system" : `${actor.kind}:${actor.userId}`);
