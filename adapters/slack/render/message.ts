import type { ActionsBlock, Button as SlackButton, ContextBlock, KnownBlock, MrkdwnElement, SectionBlock } from "@slack/types";
import type { Block, Inline, Message } from "../../../src/core.js";
import { checklistBlocks, readOnlyChecklist } from "./checklist.js";
import { LIMITS } from "./limits.js";
import { clipMrkdwn, clipPlain, emphasis, escapeMrkdwn, inlineToMrkdwn as inlineMrkdwn, splitMrkdwn } from "./text.js";

export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

export interface RenderOptions {
  /**
   * Checklists become clickable checkboxes. Off for private replies: an ephemeral message cannot
   * be updated for everyone, so its boxes would go stale; it shows ✅/⬜ lines instead.
   */
  interactive: boolean;
  /** The most blocks the surface takes (50 in a message). */
  maxBlocks?: number;
  /** FIREBREAK_TIMEZONE: the zone of fallback text for times (readers see their own zone). */
  timeZone?: string;
}

/** A neutral message as Block Kit, within every limit Slack enforces. */
export function renderMessage(message: Message, options: RenderOptions): SlackMessage {
  const index = { next: 0 };
  const blocks = message.blocks.flatMap((block) => renderBlock(block, options, index));
  // The fallback is mrkdwn too (notifications, screen readers): a typed `<!channel>` must not ping.
  return { text: clipMrkdwn(escapeMrkdwn(message.text), LIMITS.fallbackText), blocks: capBlocks(blocks, options.maxBlocks ?? LIMITS.messageBlocks, LIMITS.messageText) };
}

function renderBlock(block: Block, options: RenderOptions, index: { next: number }): KnownBlock[] {
  const inlineToMrkdwn = (parts: Inline[]) => inlineMrkdwn(parts, options.timeZone);
  switch (block.type) {
    case "header":
      return [{ type: "header", text: { type: "plain_text", text: clipPlain(block.text || " ", LIMITS.headerText), emoji: true } }];
    case "text":
      return splitMrkdwn(inlineToMrkdwn(block.text), LIMITS.sectionText)
        .filter((t) => t.trim())
        .map((text): SectionBlock => ({ type: "section", text: { type: "mrkdwn", text } }));
    case "context": {
      const text = inlineToMrkdwn(block.text);
      if (!text.trim()) return [];
      const block_: ContextBlock = { type: "context", elements: [{ type: "mrkdwn", text: clipMrkdwn(text, LIMITS.contextText) }] };
      return [block_];
    }
    case "divider":
      return [{ type: "divider" }];
    case "fields": {
      const fields: MrkdwnElement[] = block.fields.map((f) => ({ type: "mrkdwn", text: clipMrkdwn(`${emphasis(f.label)}\n${inlineToMrkdwn(f.value)}`, LIMITS.fieldText) }));
      const sections: SectionBlock[] = [];
      for (let i = 0; i < fields.length; i += LIMITS.sectionFields) sections.push({ type: "section", fields: fields.slice(i, i + LIMITS.sectionFields) });
      return sections;
    }
    case "checklist":
      return options.interactive ? checklistBlocks(block, index, options.timeZone) : readOnlyChecklist(block, options.timeZone);
    case "actions": {
      const buttons: SlackButton[] = block.buttons.map((b) => ({
        type: "button",
        action_id: b.action.slice(0, LIMITS.actionId),
        text: { type: "plain_text", text: clipPlain(b.label, LIMITS.buttonText), emoji: true },
        ...(b.value !== undefined ? { value: b.value.slice(0, LIMITS.buttonValue) } : {}),
        ...(b.style ? { style: b.style } : {}),
      }));
      const out: ActionsBlock[] = [];
      for (let i = 0; i < buttons.length; i += LIMITS.actionsElements) out.push({ type: "actions", elements: buttons.slice(i, i + LIMITS.actionsElements) });
      return out;
    }
  }
}

/**
 * Keeps as many leading blocks as fit `max` blocks and `textBudget` characters of text, and says
 * how much was left out, rather than failing the post. Views keep themselves well inside both;
 * this is the last line of defence.
 */
export function capBlocks(blocks: KnownBlock[], max: number, textBudget = Number.POSITIVE_INFINITY): KnownBlock[] {
  if (blocks.length <= max && textLength(blocks) <= textBudget) return blocks;
  let keep = Math.min(blocks.length, max - 1);
  while (keep > 1 && textLength(blocks.slice(0, keep)) > textBudget - NOTE_ROOM) keep--;
  const kept = blocks.slice(0, keep);
  const limit = blocks.length > max ? `Slack allows ${max} blocks per message` : `Slack takes about ${textBudget.toLocaleString("en-US")} characters per message`;
  return [...kept, { type: "context", elements: [{ type: "mrkdwn", text: `_${blocks.length - kept.length} more block(s) not shown: ${limit}. Ask for a narrower view, e.g. \`checklist triage\`._` }] }];
}

const NOTE_ROOM = 200;

/** Characters of text in blocks, as Slack counts them towards a message's total. */
export function textLength(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((n: number, item) => n + textLength(item), 0);
  if (!node || typeof node !== "object") return 0;
  let n = 0;
  for (const [key, value] of Object.entries(node)) n += key === "text" && typeof value === "string" ? value.length : textLength(value);
  return n;
}
