import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from "@slack/types";
import { ATTACK_VECTOR_INFO, ATTACK_VECTORS, type DeclareDraft, DETECTION_SOURCE_INFO, DETECTION_SOURCES, holder, type IncidentView, type Phase, PHASE_LABELS, type Role, ROLE_INFO, ROLES, SEVERITIES, type Severity, SEVERITY_LEVELS, type Slot, SLOTS, TITLE_MAX, TRANSITIONS } from "../../../src/core.js";
import { MODALS } from "./ids.js";
import { LIMITS } from "./limits.js";
import { clipMrkdwn, emphasis, escapeMrkdwn, clipPlain } from "./text.js";

/** Where a modal's answer goes: the incident it changes and the channel it was opened from. */
export interface ModalContext {
  incidentId?: string;
  /** The conversation the modal was opened from, for the private reply. */
  channelId?: string;
  channelName?: string;
}

export const DECLARE_FIELDS = {
  title: "title",
  severity: "severity",
  vector: "vector",
  source: "source",
  started: "started",
  description: "description",
  private: "private",
  commander: "commander",
} as const;

/** Every input's action id: one input per block, so the block id names the field. */
export const VALUE = "value";

const plain = (text: string, max: number = LIMITS.sectionText) => ({ type: "plain_text" as const, text: clipPlain(text, max), emoji: true });

function option(value: string, text: string, description?: string): PlainTextOption {
  return { value, text: plain(text, LIMITS.optionText), ...(description ? { description: plain(description, LIMITS.optionDescription) } : {}) };
}

function modal(kind: keyof typeof MODALS, title: string, blocks: KnownBlock[], context: ModalContext, submit?: string): ModalView {
  return {
    type: "modal",
    callback_id: MODALS[kind],
    title: plain(title, LIMITS.modalTitle),
    ...(submit ? { submit: plain(submit, LIMITS.modalButton) } : {}),
    close: plain(submit ? "Cancel" : "Close", LIMITS.modalButton),
    private_metadata: JSON.stringify(context).slice(0, LIMITS.privateMetadata),
    blocks: blocks.slice(0, LIMITS.modalBlocks),
  };
}

export const severityOptions = () => SEVERITIES.map((s) => option(s, `${s} — ${SEVERITY_LEVELS[s].name}`, SEVERITY_LEVELS[s].summary));
const vectorOptions = () => ATTACK_VECTORS.map((v) => option(v, ATTACK_VECTOR_INFO[v].label, `Investigate: ${ATTACK_VECTOR_INFO[v].focus.join(", ")}`));
const sourceOptions = () => DETECTION_SOURCES.map((d) => option(d, DETECTION_SOURCE_INFO[d].label, DETECTION_SOURCE_INFO[d].signals));

/** `/incident declare` with no title: every declare option as a form, with what was typed filled in. */
export function declareModal(declarerId: string, context: ModalContext, draft: Partial<DeclareDraft> = {}): ModalView {
  const initial = <T extends { value?: string }>(options: T[], value: string | undefined) => {
    const found = value === undefined ? undefined : options.find((o) => o.value === value);
    return found ? { initial_option: found } : {};
  };
  const privateOption = option("private", "Sensitive: private channel", "Only invited people see it (insider, legal or personal-data cases)");
  const blocks: KnownBlock[] = [
    {
      type: "input",
      block_id: DECLARE_FIELDS.title,
      label: plain("Title"),
      hint: plain("What users or systems are seeing, in a few words. It names the channel."),
      element: { type: "plain_text_input", action_id: VALUE, max_length: TITLE_MAX, placeholder: plain("Support bot leaks its system prompt", 150) },
    },
    {
      type: "input",
      block_id: DECLARE_FIELDS.severity,
      optional: true,
      label: plain("Severity"),
      hint: plain("Not sure? Leave it: the incident starts at P3 and triage keeps the step open. “/incident help severity” lists every criterion."),
      element: { type: "radio_buttons", action_id: VALUE, options: severityOptions(), ...initial(severityOptions(), draft.severity) },
    },
    {
      type: "input",
      block_id: DECLARE_FIELDS.vector,
      optional: true,
      label: plain("Attack vector"),
      element: {
        type: "static_select",
        action_id: VALUE,
        placeholder: plain("Unknown until triage says otherwise", 150),
        options: vectorOptions(),
        ...initial(vectorOptions(), draft.vector),
      },
    },
    {
      type: "input",
      block_id: DECLARE_FIELDS.source,
      optional: true,
      label: plain("Detected by"),
      element: {
        type: "static_select",
        action_id: VALUE,
        placeholder: plain("How did we find out?", 150),
        options: sourceOptions(),
        ...initial(sourceOptions(), draft.source),
      },
    },
    {
      type: "input",
      block_id: DECLARE_FIELDS.started,
      optional: true,
      label: plain("When did it start?"),
      hint: plain("When the attack began, if known (in your time zone). Detection time is now."),
      element: { type: "datetimepicker", action_id: VALUE },
    },
    {
      type: "input",
      block_id: DECLARE_FIELDS.description,
      optional: true,
      label: plain("Description"),
      element: { type: "plain_text_input", action_id: VALUE, multiline: true, max_length: 3000, ...(draft.description ? { initial_value: draft.description.slice(0, 3000) } : {}) },
    },
    {
      type: "input",
      block_id: DECLARE_FIELDS.private,
      optional: true,
      label: plain("Sensitive?"),
      element: {
        type: "checkboxes",
        action_id: VALUE,
        options: [privateOption],
        ...(draft.private ? { initial_options: [privateOption] } : {}),
      },
    },
    {
      type: "input",
      block_id: DECLARE_FIELDS.commander,
      label: plain("Incident commander"),
      hint: plain("Owns the response. Defaults to you."),
      element: { type: "users_select", action_id: VALUE, initial_user: declarerId },
    },
  ];
  return modal("declare", "Declare an incident", blocks, context, "Declare");
}

export const roleBlockId = (role: Role, slot: Slot) => `role|${role}|${slot}`;

export function parseRoleBlockId(blockId: string): { role: Role; slot: Slot } | undefined {
  const [prefix, role, slot] = blockId.split("|");
  if (prefix !== "role" || !(ROLES as readonly string[]).includes(role!) || !(SLOTS as readonly string[]).includes(slot!)) return undefined;
  return { role: role as Role, slot: slot as Slot };
}

/** The summary's "Roles" button: a person picker per role and backup, filled with who holds it. */
export function rolesModal(view: IncidentView, context: ModalContext): ModalView {
  const blocks: KnownBlock[] = [{ type: "context", elements: [{ type: "mrkdwn", text: escapeMrkdwn(`${view.incident.humanId} · clear a picker to leave the role unfilled.`) }] }];
  for (const role of ROLES) {
    for (const slot of SLOTS) {
      const current = holder(view.roles, role, slot);
      const input: InputBlock = {
        type: "input",
        block_id: roleBlockId(role, slot),
        optional: true,
        label: plain(`${ROLE_INFO[role].label}${slot === "backup" ? " (backup)" : ""}`),
        ...(slot === "primary" ? { hint: plain(ROLE_INFO[role].duty) } : {}),
        element: { type: "users_select", action_id: VALUE, ...(current?.platform === "slack" ? { initial_user: current.id } : {}) },
      };
      blocks.push(input);
    }
  }
  return modal("roles", "Roles", blocks, context, "Save");
}

export function severityModal(view: IncidentView, context: ModalContext): ModalView {
  const current = severityOptions().find((o) => o.value === view.incident.severity);
  return modal(
    "severity",
    "Change severity",
    [
      {
        type: "input",
        block_id: "severity",
        label: plain(`Severity of ${view.incident.humanId}`),
        element: { type: "radio_buttons", action_id: VALUE, options: severityOptions(), ...(current ? { initial_option: current } : {}) },
      },
    ],
    context,
    "Change",
  );
}

export function phaseModal(view: IncidentView, context: ModalContext): ModalView {
  const phase = view.incident.phase as Phase;
  const moves = TRANSITIONS[phase];
  if (!moves.length) {
    return modal("phase", "Change phase", [{ type: "section", text: { type: "mrkdwn", text: escapeMrkdwn(`${view.incident.humanId} is ${PHASE_LABELS[phase].toLowerCase()}: there is no phase to move to.`) } }], context);
  }
  return modal(
    "phase",
    "Change phase",
    [
      { type: "context", elements: [{ type: "mrkdwn", text: `${escapeMrkdwn(view.incident.humanId)} is in ${emphasis(PHASE_LABELS[phase])}.` }] },
      {
        type: "input",
        block_id: "phase",
        label: plain("Move to"),
        element: { type: "static_select", action_id: VALUE, options: moves.map((p) => option(p, PHASE_LABELS[p])) },
      },
      {
        type: "input",
        block_id: "resolution",
        optional: true,
        label: plain("Resolution (when resolving)"),
        element: { type: "plain_text_input", action_id: VALUE, multiline: true, max_length: 1000 },
      },
    ],
    context,
    "Move",
  );
}

export function updateModal(view: IncidentView, context: ModalContext): ModalView {
  return modal(
    "update",
    "Post update",
    [
      {
        type: "input",
        block_id: "text",
        label: plain(`Status update for ${view.incident.humanId}`),
        hint: plain("Posted in the incident channel and recorded in the timeline."),
        element: { type: "plain_text_input", action_id: VALUE, multiline: true, max_length: 3000 },
      },
    ],
    context,
    "Post",
  );
}

/** A modal that only says something (the incident vanished, a click that cannot work). */
export function noticeModal(title: string, text: string): ModalView {
  return { type: "modal", title: plain(title, LIMITS.modalTitle), close: plain("Close", LIMITS.modalButton), blocks: [{ type: "section", text: { type: "mrkdwn", text: clipMrkdwn(escapeMrkdwn(text), LIMITS.sectionText) } }] };
}

export type { Severity };
