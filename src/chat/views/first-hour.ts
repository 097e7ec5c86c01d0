import { ROLE_INFO } from "../../domain/roles.js";
import type { IncidentView } from "../../incidents/queries.js";
import { FIRST_HOUR, type FirstHourWindow, numberedSteps } from "../../playbooks/index.js";
import type { Inline, Message } from "../message.js";
import { richText } from "../rich-text.js";
import { checklistItem, overdueFirstHourSteps } from "./checklist.js";
import { holder } from "./summary.js";

/** The prompt for one first-hour window: what it is for, who owns it, its steps as checkboxes. */
export function firstHourPrompt(view: IncidentView, window: FirstHourWindow): Message {
  const owner = holder(view.roles, window.owner, "primary");
  const steps = numberedSteps(view.incident.playbooks).filter((s) => s.key === window.step.key || window.related.includes(s.key));
  const earlier = overdueFirstHourSteps(view, window.from).filter((s) => !steps.includes(s));
  const ownerLine: Inline[] = owner
    ? ["Owner: ", { person: owner }, ` (${ROLE_INFO[window.owner].label})`]
    : richText(`Owner: ${ROLE_INFO[window.owner].label} — unfilled. Assign one: \`assign ${window.owner} @name\``);
  const index = FIRST_HOUR.indexOf(window) + 1;
  return {
    text: `${view.incident.humanId} first hour ${index}/6, minute ${window.from}–${window.to}: ${window.title}`,
    blocks: [
      { type: "header", text: `⏱ Minute ${window.from}–${window.to}: ${window.title}` },
      { type: "context", text: [`${view.incident.humanId} · first hour, step ${index} of ${FIRST_HOUR.length}`] },
      { type: "text", text: ownerLine },
      { type: "checklist", section: "first-hour", title: window.title, items: steps.map((s) => checklistItem(view, s)), incidentId: view.incident.id },
      ...(earlier.length
        ? [
            { type: "text" as const, text: [{ strong: "Still open from earlier windows:" }] },
            { type: "checklist" as const, section: "first-hour", title: "Still open", items: earlier.map((s) => checklistItem(view, s)), incidentId: view.incident.id },
          ]
        : []),
    ],
  };
}
