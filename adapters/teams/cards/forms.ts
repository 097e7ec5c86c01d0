import { ATTACK_VECTOR_INFO, ATTACK_VECTORS, type DeclareDraft, DETECTION_SOURCE_INFO, DETECTION_SOURCES, type Phase, PHASE_LABELS, ROLE_INFO, ROLES, SEVERITIES, SEVERITY_LEVELS, TRANSITIONS } from "../../../src/core.js";
import { type AdaptiveCard, card, submit, textBlock } from "./adaptive.js";

/**
 * Verbs of the forms below, and of the buttons that open them (the summary card's actions). The
 * `*.open` buttons open a dialog (`task/fetch`); the form inside it submits (`task/submit`).
 */
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

/** The verbs whose buttons open a form in a dialog. */
export const DIALOG_VERBS: readonly string[] = [FORM_VERBS.openDeclare, FORM_VERBS.openRoles, FORM_VERBS.openSeverity, FORM_VERBS.openPhase, FORM_VERBS.openUpdate];

/**
 * Stamped on each form when its dialog opens: the form is submitted once (the delivery key is
 * `teams:form:<formId>`), and only by the person who opened it.
 */
export interface FormStamp {
  formId: string;
  openedBy: string;
}

const choices = (pairs: [value: string, title: string][]) => pairs.map(([value, title]) => ({ title, value }));

/**
 * The "Declare incident" form: the same fields as `declare P1 prompt-injection …`, with whatever
 * was typed already (`@Firebreak declare P1 prompt injection`) filled in.
 */
export function declareForm(stamp: FormStamp, draft: Partial<DeclareDraft> = {}): AdaptiveCard {
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
      { type: "Input.Toggle", id: "private", label: "Visibility", title: "Private: only the responders see it (a group chat, not a channel)", value: draft.private ? "true" : "false", valueOn: "true", valueOff: "false" },
    ],
    [submit("Declare", { verb: FORM_VERBS.declare, ...stamp }, { style: "destructive" })],
  );
}

/** Assign a role: a people picker (Teams searches the organisation) plus role and slot. */
export function rolesForm(incidentId: string, humanId: string, stamp: FormStamp): AdaptiveCard {
  return card(
    [
      textBlock(`Assign a role on ${humanId}`, { weight: "Bolder" }),
      { type: "Input.ChoiceSet", id: "role", label: "Role", value: "commander", choices: choices(ROLES.map((r) => [r, ROLE_INFO[r].label])) },
      { type: "Input.ChoiceSet", id: "slot", label: "Slot", value: "primary", choices: choices([["primary", "Primary"], ["backup", "Backup"]]) },
      { type: "Input.ChoiceSet", id: "person", label: "Person", isRequired: true, errorMessage: "Pick a person.", choices: [], "choices.data": { type: "Data.Query", dataset: "graph.microsoft.com/users" } },
    ],
    [submit("Assign", { verb: FORM_VERBS.assign, incidentId, ...stamp })],
  );
}

export function severityForm(incidentId: string, humanId: string, current: string, stamp: FormStamp): AdaptiveCard {
  return card(
    [
      textBlock(`Change the severity of ${humanId}`, { weight: "Bolder" }),
      { type: "Input.ChoiceSet", id: "severity", label: "Severity", value: current, choices: choices(SEVERITIES.map((s) => [s, `${s} — ${SEVERITY_LEVELS[s].name}`])) },
    ],
    [submit("Change severity", { verb: FORM_VERBS.severity, incidentId, ...stamp })],
  );
}

export function phaseForm(incidentId: string, humanId: string, current: Phase, stamp: FormStamp): AdaptiveCard {
  const next = TRANSITIONS[current];
  return card(
    [
      textBlock(`Move ${humanId} on from ${PHASE_LABELS[current]}`, { weight: "Bolder" }),
      next.length
        ? { type: "Input.ChoiceSet", id: "phase", label: "Move to", value: next[0], choices: choices(next.map((p) => [p, PHASE_LABELS[p]])) }
        : textBlock("This incident is closed; there is no next phase."),
    ],
    next.length ? [submit("Change phase", { verb: FORM_VERBS.phase, incidentId, ...stamp })] : [],
  );
}

export function updateForm(incidentId: string, humanId: string, stamp: FormStamp): AdaptiveCard {
  return card(
    [
      textBlock(`Post a status update on ${humanId}`, { weight: "Bolder" }),
      { type: "Input.Text", id: "text", label: "Update", isMultiline: true, isRequired: true, errorMessage: "Write the update.", maxLength: 3000, placeholder: "What we know, what we are doing, when the next update comes" },
    ],
    [submit("Post update", { verb: FORM_VERBS.update, incidentId, ...stamp })],
  );
}

/** A short card: what a button answers with when it has nothing else to show. */
export function noticeCard(text: string): AdaptiveCard {
  return card([textBlock(text)]);
}
