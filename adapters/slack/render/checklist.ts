import type { ActionsBlock, Checkboxes, KnownBlock, PlainTextOption } from "@slack/types";
import type { ChecklistItem } from "../../../src/core.js";
import { CHECKLIST_ACTION, checklistBlockId } from "./ids.js";
import { LIMITS } from "./limits.js";
import { clipMrkdwn, clipPlain, emphasis, escapeMrkdwn, inlineToMrkdwn, slackDate } from "./text.js";

type Checklist = { section: string; title: string; items: ChecklistItem[]; incidentId?: string };

/**
 * Who checked a step and when, as mrkdwn within `max` characters: the time is a date token (each
 * reader's own zone), so the name is shortened rather than the token cut.
 */
export function checkedBy(item: ChecklistItem, timeZone?: string, max: number = LIMITS.optionDescription): string | undefined {
  if (!item.checked) return undefined;
  const when = item.at ? ` ${slackDate(item.at, "time", timeZone)}` : "";
  const who = item.by ? `@${escapedWithin(item.by, max - when.length - "✓ @".length)}` : "done";
  return clipMrkdwn(`✓ ${who}${when}`, max);
}

/** `text` escaped and shortened so the escaped form takes at most `room` characters. */
function escapedWithin(text: string, room: number): string {
  for (let n = Math.min(text.length, room); n > 1; n--) {
    const escaped = escapeMrkdwn(clipPlain(text, n));
    if (escaped.length <= room) return escaped;
  }
  return "…";
}

function option(item: ChecklistItem, timeZone?: string) {
  const description = checkedBy(item, timeZone) ?? (item.hint ? clipMrkdwn(inlineToMrkdwn(item.hint, timeZone), LIMITS.optionDescription) : undefined);
  return {
    text: { type: "mrkdwn" as const, text: clipMrkdwn(`${item.number}. ${escapeMrkdwn(item.label)}`, LIMITS.optionText) },
    value: item.key.slice(0, LIMITS.optionValue),
    ...(description ? { description: { type: "mrkdwn" as const, text: description } } : {}),
  };
}

/**
 * A checklist as Block Kit checkboxes: one element per 10 steps (Slack's limit), the checked ones
 * in `initial_options`. `index` numbers checklist elements across the whole message so block ids
 * stay unique when one message holds several checklists.
 */
export function checklistBlocks(list: Checklist, index: { next: number }, timeZone?: string): KnownBlock[] {
  if (!list.incidentId) return readOnlyChecklist(list, timeZone);
  const blocks: KnownBlock[] = [];
  for (let start = 0; start < list.items.length; start += LIMITS.checkboxOptions) {
    const chunk = list.items.slice(start, start + LIMITS.checkboxOptions);
    const options = chunk.map((i) => option(i, timeZone));
    const checked = chunk.filter((i) => i.checked);
    const state = chunk.map((i) => `${i.key}:${i.checked ? `1:${i.by ?? ""}:${i.at?.getTime() ?? ""}` : "0"}`).join(",");
    const element: Checkboxes = {
      type: "checkboxes",
      action_id: CHECKLIST_ACTION,
      options: options as Checkboxes["options"],
      ...(checked.length ? { initial_options: checked.map((i) => option(i, timeZone)) as unknown as PlainTextOption[] } : {}),
    };
    const block: ActionsBlock = { type: "actions", block_id: checklistBlockId({ incidentId: list.incidentId, section: list.section, index: index.next++ }, state), elements: [element] };
    blocks.push(block);
  }
  return blocks;
}

/** Where a click could not be routed (the preparation list, private replies): ✅/⬜ lines. */
export function readOnlyChecklist(list: Checklist, timeZone?: string): KnownBlock[] {
  const lines = list.items.map((item) => {
    const who = checkedBy(item, timeZone, 200);
    return `${item.checked ? "✅" : "⬜"} ${item.number}. ${escapeMrkdwn(item.label)}${who ? `  _${who}_` : ""}`;
  });
  const text = `${emphasis(list.title)}\n${lines.join("\n")}`;
  return [{ type: "section", text: { type: "mrkdwn", text: clipMrkdwn(text, LIMITS.sectionText) } }];
}
