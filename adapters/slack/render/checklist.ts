import type { ActionsBlock, Checkboxes, KnownBlock, PlainTextOption } from "@slack/types";
import { type ChecklistItem, formatClock } from "../../../src/core.js";
import { CHECKLIST_ACTION, checklistBlockId } from "./ids.js";
import { LIMITS } from "./limits.js";
import { clipMrkdwn, escapeMrkdwn } from "./text.js";

type Checklist = { section: string; title: string; items: ChecklistItem[]; incidentId?: string };

/** What the option under a step says: who checked it and when, or the step's hint. */
export function checkedBy(item: ChecklistItem): string | undefined {
  if (!item.checked) return undefined;
  return `✓ ${item.by ? `@${item.by}` : "done"}${item.at ? ` ${formatClock(item.at)}` : ""}`;
}

function option(item: ChecklistItem) {
  const description = checkedBy(item) ?? item.hint;
  return {
    text: { type: "mrkdwn" as const, text: clipMrkdwn(`${item.number}. ${escapeMrkdwn(item.label)}`, LIMITS.optionText) },
    value: item.key.slice(0, LIMITS.optionValue),
    ...(description ? { description: { type: "mrkdwn" as const, text: clipMrkdwn(escapeMrkdwn(description), LIMITS.optionDescription) } } : {}),
  };
}

/**
 * A checklist as Block Kit checkboxes: one element per 10 steps (Slack's limit), the checked ones
 * in `initial_options`. `index` numbers checklist elements across the whole message so block ids
 * stay unique when one message holds several checklists.
 */
export function checklistBlocks(list: Checklist, index: { next: number }): KnownBlock[] {
  if (!list.incidentId) return readOnlyChecklist(list);
  const blocks: KnownBlock[] = [];
  for (let start = 0; start < list.items.length; start += LIMITS.checkboxOptions) {
    const chunk = list.items.slice(start, start + LIMITS.checkboxOptions);
    const options = chunk.map(option);
    const checked = chunk.filter((i) => i.checked);
    const state = chunk.map((i) => `${i.key}:${i.checked ? `1:${i.by ?? ""}:${i.at?.getTime() ?? ""}` : "0"}`).join(",");
    const element: Checkboxes = {
      type: "checkboxes",
      action_id: CHECKLIST_ACTION,
      options: options as Checkboxes["options"],
      ...(checked.length ? { initial_options: checked.map(option) as unknown as PlainTextOption[] } : {}),
    };
    const block: ActionsBlock = { type: "actions", block_id: checklistBlockId({ incidentId: list.incidentId, section: list.section, index: index.next++ }, state), elements: [element] };
    blocks.push(block);
  }
  return blocks;
}

/** Where a click could not be routed (the preparation list, private replies): ✅/⬜ lines. */
export function readOnlyChecklist(list: Checklist): KnownBlock[] {
  const lines = list.items.map((item) => {
    const who = checkedBy(item);
    return `${item.checked ? "✅" : "⬜"} ${item.number}. ${escapeMrkdwn(item.label)}${who ? `  _${escapeMrkdwn(who)}_` : ""}`;
  });
  const text = `*${escapeMrkdwn(list.title)}*\n${lines.join("\n")}`;
  return [{ type: "section", text: { type: "mrkdwn", text: clipMrkdwn(text, LIMITS.sectionText) } }];
}
