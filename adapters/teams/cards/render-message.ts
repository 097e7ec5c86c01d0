import { type Block, type Button, type ChecklistItem, DEFAULT_TIME_ZONE, formatInZone, type Inline, type Message, NUDGE_ACTIONS, type SpaceRef, type TimeShow } from "../../../src/core.js";
import { type AdaptiveCard, type CardElement, type MentionEntity, card, execute, openDialog, textBlock } from "./adaptive.js";
import { checklistElement, compactChecklist, typedTickHint } from "./checklist.js";
import { bytesOf, CARD_BUDGET_BYTES, fitCard } from "./fit.js";
import { DIALOG_VERBS } from "./forms.js";
import { escapeMarkdown, inlineMarkdown } from "./text.js";

export { toggleId, VERBS } from "./checklist.js";
export { BOT_MENTION, cardTime, escapeMarkdown, plainTeams } from "./text.js";

/**
 * Renders a neutral message as an Adaptive Card that fits one Teams message. Mentions of Teams
 * people become real mentions (they notify); people from other platforms stay plain `@name` text.
 * A message too big with a toggle per checklist step shows its checklists as text; one still too
 * big (a long timeline) loses its oldest lines, and says so.
 */
export function renderCard(message: Message, options: { timeZone?: string } = {}): AdaptiveCard {
  const full = build(message, options, false);
  if (bytesOf(full) <= CARD_BUDGET_BYTES || !message.blocks.some((b) => b.type === "checklist")) return fitCard(full);
  return fitCard(build(message, options, true));
}

function build(message: Message, options: { timeZone?: string }, compact: boolean): AdaptiveCard {
  const mentions: MentionEntity[] = [];
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const body: CardElement[] = [];
  const actions: CardElement[] = [];
  for (const block of message.blocks) {
    if (block.type === "actions") actions.push(...block.buttons.map(buttonAction));
    else body.push(...renderBlock(block, mentions, timeZone, compact));
  }
  if (!body.length) body.push(textBlock(escapeMarkdown(message.text)));
  if (compact && message.blocks.some((b) => b.type === "checklist" && b.incidentId)) body.push(typedTickHint());
  return card(body, actions, mentions);
}

/**
 * A neutral button as `Action.Execute`, or — for the summary's form buttons — a button that opens
 * the form in a dialog, for the presser alone. Nudge buttons carry a reminder id (`reminderId`);
 * the others carry the incident they act on (`incidentId`), which the bot reads back.
 */
function buttonAction(b: Button): CardElement {
  const style = b.style === "danger" ? "destructive" : b.style === "primary" ? "positive" : undefined;
  if (DIALOG_VERBS.includes(b.action)) return openDialog(b.label, { verb: b.action, incidentId: b.value }, { style });
  const data = (NUDGE_ACTIONS as readonly string[]).includes(b.action) ? { verb: b.action, reminderId: b.value } : { verb: b.action, incidentId: b.value };
  return execute(b.label, data, { inputs: "none", style });
}

function renderBlock(block: Exclude<Block, { type: "actions" }>, mentions: MentionEntity[], timeZone: string, compact: boolean): CardElement[] {
  const inlineText = (inlines: Inline[], where: "text" | "fact" = "text") => inlineMarkdown(inlines, mentions, where === "text" ? undefined : timeZone);
  switch (block.type) {
    case "header":
      return [textBlock(escapeMarkdown(block.text), { size: "Large", weight: "Bolder" })];
    case "text":
      return [textBlock(inlineText(block.text))];
    case "context":
      return [textBlock(inlineText(block.text), { isSubtle: true, size: "Small", spacing: "Small" })];
    case "fields":
      return [{ type: "FactSet", facts: block.fields.map((f) => ({ title: escapeMarkdown(f.label), value: inlineText(f.value, "fact") })) }];
    case "divider":
      return [{ type: "Container", separator: true, spacing: "Medium", items: [] }];
    case "checklist":
      return [compact ? compactChecklist(block) : checklistElement(block)];
  }
}
