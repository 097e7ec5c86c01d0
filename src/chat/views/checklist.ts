import type { Phase } from "../../domain/lifecycle.js";
import { PHASE_LABELS } from "../../domain/lifecycle.js";
import type { IncidentView } from "../../incidents/queries.js";
import { FIRST_HOUR, type NumberedStep, numberedSteps, sectionByKey } from "../../playbooks/index.js";
import type { ChecklistItem, Message } from "../message.js";
import { commandText, richText } from "../rich-text.js";

export function checklistItem(view: IncidentView, step: NumberedStep): ChecklistItem {
  const state = view.steps.get(step.key);
  return {
    key: step.key,
    number: step.number,
    label: commandText(step.text),
    hint: step.hint ? richText(step.hint) : undefined,
    checked: !!state?.checked,
    by: state?.checked ? state.changedBy.name : undefined,
    at: state?.checked ? state.changedAt : undefined,
  };
}

/** One message per section; the checklist block carries every item's state. */
export function checklistMessage(view: IncidentView, sectionKey: string): Message {
  const section = sectionByKey(sectionKey);
  if (!section) throw new Error(`Unknown checklist section ${sectionKey}`);
  const steps = numberedSteps(view.incident.playbooks).filter((s) => s.section.key === sectionKey);
  const items = steps.map((s) => checklistItem(view, s));
  const done = items.filter((i) => i.checked).length;
  return {
    text: `${view.incident.humanId} checklist: ${section.title} (${done}/${items.length})`,
    blocks: [
      { type: "header", text: `${section.title} · ${done}/${items.length}` },
      { type: "context", text: [`${view.incident.humanId} · phase: ${PHASE_LABELS[section.phase as Phase]}`] },
      { type: "checklist", section: section.key, title: section.title, items, incidentId: view.incident.id },
    ],
  };
}

/** The phase sections (not the first hour, not scenario playbooks) of a phase, in order. */
export function phaseSections(view: IncidentView, phase: Phase): string[] {
  return view.incident.playbooks.filter((key) => {
    const section = sectionByKey(key);
    return section && section.phase === phase && section.key !== "first-hour" && !key.startsWith("scenario-");
  });
}

/** One message per phase: every section of that phase's work, posted when the phase begins. */
export function phaseChecklistMessage(view: IncidentView, phase: Phase): Message {
  const all = numberedSteps(view.incident.playbooks);
  const blocks = phaseSections(view, phase).map((key) => {
    const steps = all.filter((s) => s.section.key === key);
    return { type: "checklist" as const, section: key, title: steps[0]?.section.title ?? key, items: steps.map((s) => checklistItem(view, s)), incidentId: view.incident.id };
  });
  const items = blocks.flatMap((b) => b.items);
  const done = items.filter((i) => i.checked).length;
  return {
    text: `${view.incident.humanId} ${PHASE_LABELS[phase]} checklist (${done}/${items.length})`,
    blocks: [
      { type: "header", text: `${PHASE_LABELS[phase]} · ${done}/${items.length}` },
      { type: "context", text: richText(`${view.incident.humanId} · the ${PHASE_LABELS[phase].toLowerCase()} checklist; \`checklist\` shows every phase`) },
      ...blocks,
    ],
  };
}

/** The posted messages showing a step of this section: its phase's message, or its own. */
export function purposesShowingSection(sectionKey: string): string[] {
  const section = sectionByKey(sectionKey);
  if (!section || section.key === "first-hour") return [];
  return sectionKey.startsWith("scenario-") ? [`checklist:${sectionKey}`] : [`phase:${section.phase}`, `checklist:${sectionKey}`];
}

/** Steps of first-hour windows that ended before `minute` and are still open. */
export function overdueFirstHourSteps(view: IncidentView, minute: number): NumberedStep[] {
  const all = numberedSteps(view.incident.playbooks);
  const keys = FIRST_HOUR.filter((w) => w.to <= minute).flatMap((w) => [w.step.key, ...w.related]);
  return all.filter((s) => keys.includes(s.key) && !view.steps.get(s.key)?.checked);
}
