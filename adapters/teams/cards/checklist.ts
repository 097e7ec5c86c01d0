import type { ChecklistItem } from "../../../src/core.js";
import { type CardElement, execute, textBlock } from "./adaptive.js";
import { cardTime, commandMarkdown, escapeMarkdown } from "./text.js";

/** Card verbs the checklist cards send back; `card-actions.ts` routes them. */
export const VERBS = {
  toggleStep: "checklist.toggle",
  saveChecklist: "checklist.save",
} as const;

export function toggleId(stepKey: string): string {
  return `step:${stepKey}`;
}

export interface ChecklistBlock {
  section: string;
  title: string;
  items: ChecklistItem[];
  incidentId?: string;
}

/**
 * One row per step, labelled with its number (what `check 3` takes): the toggle shows (and lets
 * people change) the state, the row's button records
 * it at once; "Save ticks" under the list records every toggle changed since. Every action carries
 * its incident, so the card works wherever it is shown (a personal chat, another channel). A list
 * of no incident (the preparation list) has nothing to tick, and is text.
 */
export function checklistElement(list: ChecklistBlock): CardElement {
  if (!list.incidentId) return compactChecklist(list);
  const incidentId = list.incidentId;
  const rows: CardElement[] = list.items.map((item) => ({
    type: "ColumnSet",
    spacing: "Small",
    columns: [
      {
        type: "Column",
        width: "stretch",
        items: [
          { type: "Input.Toggle", id: toggleId(item.key), title: item.label, value: String(item.checked), valueOn: "true", valueOff: "false", wrap: true, label: `Step ${item.number}` },
          ...(item.checked && item.by ? [textBlock(`✓ ${escapeMarkdown(item.by)}${item.at ? ` · ${cardTime(item.at, "time")}` : ""}`, { isSubtle: true, size: "Small", spacing: "None" })] : []),
        ],
      },
      {
        type: "Column",
        width: "auto",
        verticalContentAlignment: "Bottom",
        items: [{ type: "ActionSet", actions: [execute(item.checked ? "Undo" : "Done", { verb: VERBS.toggleStep, incidentId, stepKey: item.key, checked: !item.checked }, { inputs: "none" })] }],
      },
    ],
  }));
  return {
    type: "Container",
    items: [
      textBlock(escapeMarkdown(list.title), { weight: "Bolder" }),
      ...rows,
      { type: "ActionSet", actions: [execute("Save ticks", { verb: VERBS.saveChecklist, incidentId, section: list.section })] },
    ],
  };
}

/** The same list as text (✅/⬜ lines): for lists too long for one Teams message with a toggle per step, and lists of no incident. */
export function compactChecklist(list: ChecklistBlock): CardElement {
  const lines = list.items.map((item) => {
    const who = item.checked && item.by ? ` — ✓ ${escapeMarkdown(item.by)}${item.at ? ` ${cardTime(item.at, "time")}` : ""}` : "";
    return `${item.checked ? "✅" : "⬜"} ${item.number}. ${escapeMarkdown(item.label)}${who}`;
  });
  return {
    type: "Container",
    items: [
      textBlock(escapeMarkdown(list.title), { weight: "Bolder" }),
      textBlock(lines.join("\n"), { spacing: "Small" }),
    ],
  };
}

/** Said once under checklists shown as text because a toggle per step would not fit. */
export function typedTickHint(): CardElement {
  return textBlock(`Too many steps to tick here: ${commandMarkdown("check <number>")} ticks one, and ${commandMarkdown("checklist <section>")} shows one section with its boxes.`, { isSubtle: true, size: "Small" });
}
