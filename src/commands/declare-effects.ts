import type { Message } from "../chat/message.js";
import { richText } from "../chat/rich-text.js";
import { ATTACK_VECTOR_INFO, type AttackVector } from "../domain/attack-vector.js";
import { type Severity, SEVERITY_LEVELS } from "../domain/severity.js";
import { phaseSections } from "../chat/views/checklist.js";
import { type Actor, actorAsPerson, type Person, samePerson } from "../domain/people.js";
import type { Effect } from "../effects/effect.js";
import { FIRST_HOUR } from "../playbooks/index.js";
import type { IncidentRow } from "../store/schema.js";

/**
 * What a new incident's space gets, in order: the space itself, its people, then at most four
 * messages — the pinned summary, the first-hour prompt, the current phase's checklist and, where
 * the vector has one, the scenario playbook. Later phases' checklists come when the phase begins.
 * Then, outside the space, the one announcement (unless the incident is private).
 */
export function openingEffects(incident: IncidentRow, declarer: Actor, commander?: Person): Effect[] {
  const id = incident.id;
  const owner = actorAsPerson(declarer);
  const people = [owner, commander].filter((p): p is Person => !!p).filter((p, i, all) => all.findIndex((q) => samePerson(p, q)) === i);
  const scenario = incident.playbooks.find((k) => k.startsWith("scenario-"));
  const triage = phaseSections({ incident, roles: [], steps: new Map(), evidenceCount: 0 }, "triage");
  return [
    { kind: "space.open", incidentId: id, owner },
    ...(people.length ? [{ kind: "invite" as const, incidentId: id, people }] : []),
    { kind: "post", incidentId: id, view: { type: "summary" }, purpose: "summary", pin: true },
    { kind: "post", incidentId: id, view: { type: "prompt", window: FIRST_HOUR[0]!.key }, purpose: `prompt:${FIRST_HOUR[0]!.key}` },
    ...(triage.length ? [{ kind: "post" as const, incidentId: id, view: { type: "phase" as const, phase: "triage" as const }, purpose: "phase:triage" }] : []),
    ...(scenario ? [{ kind: "post" as const, incidentId: id, view: { type: "checklist" as const, section: scenario }, purpose: `checklist:${scenario}` }] : []),
    // Last, so the space it links to exists and is filled; never for a private incident.
    ...(incident.isPrivate ? [] : [{ kind: "post" as const, incidentId: id, view: { type: "announcement" as const }, purpose: "announcement", to: "announcements" as const }]),
  ];
}

/**
 * The declarer's own answer: what was understood (severity, vector, title), saying which were
 * defaults and how to change them, so nothing typed is silently read another way. The runner adds
 * the link once the space exists.
 */
export function declaredReply(incident: IncidentRow, given: { severity: boolean; vector: boolean } = { severity: true, vector: true }): Message {
  const what = incident.isDrill ? "🎭 Drill" : "🚨 Declared";
  const severity = incident.severity as Severity;
  const vector = incident.vector as AttackVector;
  const defaults = [...(given.severity ? [] : ["`severity P1`"]), ...(given.vector || vector !== "unknown" ? [] : ["`vector prompt-injection`"])];
  return {
    text: `${incident.isDrill ? "Drill" : "Declared"} ${incident.humanId} — ${severity} · ${incident.title}`,
    blocks: [
      { type: "text", text: [{ strong: `${what} ${incident.humanId}` }, ` — ${severity} · ${incident.title}`] },
      {
        type: "context",
        text: [
          `Understood: severity ${severity} (${SEVERITY_LEVELS[severity].name})${given.severity ? "" : ", the default"} · vector ${ATTACK_VECTOR_INFO[vector].label}${given.vector ? "" : vector === "unknown" ? ", not given" : ", from the scenario"} · title “${incident.title}”.`,
          ...(defaults.length ? [" Change with ", ...richText(defaults.join(" or ")), "."] : []),
        ],
      },
    ],
  };
}
