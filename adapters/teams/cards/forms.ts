import { ATTACK_VECTOR_INFO, ATTACK_VECTORS, type DeclareDraft, DETECTION_SOURCE_INFO, DETECTION_SOURCES, type Phase, PHASE_LABELS, ROLE_INFO, ROLES, SEVERITIES, SEVERITY_LEVELS, TRANSITIONS } from "../../../src/core.js";
import { type AdaptiveCard, card, execute, textBlock } from "./adaptive.js";

/** Verbs of the forms below, and of the buttons that open them (the summary card's actions). */
export const FORM_VERBS = {
  openDeclare: "declare.open",
  declare: "declare.submit",
  openRoles: "roles.open",
  assign: "roles.assign",
  openSeverity: "severity.open",
  severity: "severity.set",
  openPhase: "phase.open",
  phase: "phase.set",
  openUpdate: "update.open",
  update: "update.post",
} as const;

const choices = (pairs: [value: string, title: string][]) => pairs.map(([value, title]) => ({ title, value }));

/**
 * The "Declare incident" form: the same fields as `declare P1 prompt-injection …`, with whatever
 * was typed already (`@Firebreak declare P1 prompt injection`) filled in.
 */
export function declareForm(draft: Partial<DeclareDraft> = {}): AdaptiveCard {
  const value = (v: string | undefined) => (v === undefined ? {} : { value: v });
  return card(
    [
      textBlock("Declare an AI security incident", { size: "Large", weight: "Bolder" }),
      { type: "Input.Text", id: "title", label: "What is happening?", placeholder: "Support bot leaks other customers' orders", isRequired: true, errorMessage: "Give the incident a title.", maxLength: 150 },
      { type: "Input.ChoiceSet", id: "severity", label: "Severity", value: draft.severity ?? "P2", choices: choices(SEVERITIES.map((s) => [s, `${s} — ${SEVERITY_LEVELS[s].name}`])) },
      { type: "Input.ChoiceSet", id: "vector", label: "Attack vector", value: draft.vector ?? "unknown", choices: choices(ATTACK_VECTORS.map((v) => [v, ATTACK_VECTOR_INFO[v].label])) },
      { type: "Input.ChoiceSet", id: "source", label: "Detected by", placeholder: "How did we find out?", ...value(draft.source), choices: choices(DETECTION_SOURCES.map((d) => [d, DETECTION_SOURCE_INFO[d].label])) },
      { type: "Input.Text", id: "started", label: "Started (optional)", placeholder: "e.g. 13:40, 2h ago or 2026-11-25T13:40Z", ...value(draft.started) },
      { type: "Input.Text", id: "description", label: "Description (optional)", isMultiline: true, maxLength: 3000, ...value(draft.description) },
    ],
    [execute("Declare", { verb: FORM_VERBS.declare }, { style: "destructive" })],
  );
}

/** Assign a role: a people picker (Teams searches the organisation) plus role and slot. */
export function rolesForm(incidentId: string, humanId: string): AdaptiveCard {
  return card(
    [
      textBlock(`Assign a role on ${humanId}`, { weight: "Bolder" }),
      { type: "Input.ChoiceSet", id: "role", label: "Role", value: "commander", choices: choices(ROLES.map((r) => [r, ROLE_INFO[r].label])) },
      { type: "Input.ChoiceSet", id: "slot", label: "Slot", value: "primary", choices: choices([["primary", "Primary"], ["backup", "Backup"]]) },
      { type: "Input.ChoiceSet", id: "person", label: "Person", isRequired: true, errorMessage: "Pick a person.", choices: [], "choices.data": { type: "Data.Query", dataset: "graph.microsoft.com/users" } },
    ],
    [execute("Assign", { verb: FORM_VERBS.assign, incidentId })],
  );
}

export function severityForm(incidentId: string, humanId: string, current: string): AdaptiveCard {
  return card(
    [
      textBlock(`Change the severity of ${humanId}`, { weight: "Bolder" }),
      { type: "Input.ChoiceSet", id: "severity", label: "Severity", value: current, choices: choices(SEVERITIES.map((s) => [s, `${s} — ${SEVERITY_LEVELS[s].name}`])) },
    ],
    [execute("Change severity", { verb: FORM_VERBS.severity, incidentId })],
  );
}

export function phaseForm(incidentId: string, humanId: string, current: Phase): AdaptiveCard {
  const next = TRANSITIONS[current];
  return card(
    [
      textBlock(`Move ${humanId} on from ${PHASE_LABELS[current]}`, { weight: "Bolder" }),
      next.length
        ? { type: "Input.ChoiceSet", id: "phase", label: "Move to", value: next[0], choices: choices(next.map((p) => [p, PHASE_LABELS[p]])) }
        : textBlock("This incident is closed; there is no next phase."),
    ],
    next.length ? [execute("Change phase", { verb: FORM_VERBS.phase, incidentId })] : [],
  );
}

export function updateForm(incidentId: string, humanId: string): AdaptiveCard {
  return card(
    [
      textBlock(`Post a status update on ${humanId}`, { weight: "Bolder" }),
      { type: "Input.Text", id: "text", label: "Update", isMultiline: true, isRequired: true, errorMessage: "Write the update.", maxLength: 3000, placeholder: "What we know, what we are doing, when the next update comes" },
    ],
    [execute("Post update", { verb: FORM_VERBS.update, incidentId })],
  );
}

/** A short card that stands in for a form once it was submitted (so nobody submits it twice). */
export function noticeCard(text: string): AdaptiveCard {
  return card([textBlock(text)]);
}
