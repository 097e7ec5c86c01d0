/**
 * A checker for what Slack accepts and renders, applied to everything the renderers produce.
 * Figures are Slack's documented Block Kit limits (docs.slack.dev/reference/block-kit: blocks,
 * block elements, composition objects, views) plus one observed one, marked.
 */
export const SLACK_LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  /** chat.postMessage truncates `text` past this. */
  topLevelText: 40_000,
  /** Observed, not documented: msg_blocks_too_long past ~12-13k characters (bolt-js#2509). */
  messageTextTotal: 12_000,
  blockId: 255,
  actionId: 255,
  headerText: 150,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  contextElements: 10,
  textObject: 3000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  checkboxOptions: 10,
  radioOptions: 10,
  selectOptions: 100,
  optionText: 75,
  optionDescription: 75,
  optionValue: 150,
  placeholder: 150,
  inputLabel: 2000,
  inputHint: 2000,
  viewTitle: 24,
  viewButton: 24,
  privateMetadata: 3000,
  callbackId: 255,
} as const;

type Json = Record<string, any>;
export type Surface = "message" | "modal" | "home";

/** Every problem Slack would refuse, truncate or render wrongly in one payload (empty when none). */
export function checkSlackPayload(payload: { text?: string; blocks?: Json[]; title?: Json; submit?: Json; close?: Json; private_metadata?: string; callback_id?: string }, surface: Surface): string[] {
  const problems: string[] = [];
  const L = SLACK_LIMITS;
  const blocks = payload.blocks ?? [];
  const over = (what: string, value: { length: number } | undefined, max: number) => {
    if (value && value.length > max) problems.push(`${what}: ${value.length} > ${max}`);
  };
  over("blocks", blocks, surface === "message" ? L.messageBlocks : L.viewBlocks);
  if (surface === "message") {
    over("top-level text", payload.text, L.topLevelText);
    const total = totalText(blocks);
    if (total > L.messageTextTotal) problems.push(`text in blocks: ${total} > ${L.messageTextTotal}`);
    if (payload.text !== undefined) problems.push(...checkMrkdwn("top-level text", payload.text));
  } else if (surface === "modal") {
    over("modal title", payload.title?.text, L.viewTitle);
    over("modal submit", payload.submit?.text, L.viewButton);
    over("modal close", payload.close?.text, L.viewButton);
    over("private_metadata", payload.private_metadata, L.privateMetadata);
    over("callback_id", payload.callback_id, L.callbackId);
  }
  const blockIds = new Set<string>();
  blocks.forEach((block, i) => {
    const at = `block ${i} (${block.type})`;
    if (block.block_id !== undefined) {
      over(`${at} block_id`, block.block_id, L.blockId);
      if (blockIds.has(block.block_id)) problems.push(`${at}: duplicate block_id ${block.block_id}`);
      blockIds.add(block.block_id);
    }
    switch (block.type) {
      case "header":
        if (block.text?.type !== "plain_text") problems.push(`${at}: header text must be plain_text`);
        over(`${at} text`, block.text?.text, L.headerText);
        problems.push(...checkText(at, block.text));
        break;
      case "section":
        if (!block.text && !block.fields) problems.push(`${at}: needs text or fields`);
        if (block.text) {
          over(`${at} text`, block.text.text, L.sectionText);
          problems.push(...checkText(at, block.text));
        }
        over(`${at} fields`, block.fields, L.sectionFields);
        for (const f of block.fields ?? []) {
          over(`${at} field`, f.text, L.fieldText);
          problems.push(...checkText(`${at} field`, f));
        }
        break;
      case "context":
        over(`${at} elements`, block.elements, L.contextElements);
        for (const e of block.elements ?? []) {
          over(`${at} element`, e.text, L.textObject);
          problems.push(...checkText(at, e));
        }
        break;
      case "actions":
        over(`${at} elements`, block.elements, L.actionsElements);
        problems.push(...checkElements(at, block.elements ?? []));
        break;
      case "input":
        over(`${at} label`, block.label?.text, L.inputLabel);
        over(`${at} hint`, block.hint?.text, L.inputHint);
        problems.push(...checkText(`${at} label`, block.label), ...(block.hint ? checkText(`${at} hint`, block.hint) : []));
        problems.push(...checkElements(at, [block.element]));
        break;
      case "divider":
        break;
      default:
        problems.push(`${at}: a block type Firebreak does not expect`);
    }
  });
  return problems;
}

function checkElements(at: string, elements: Json[]): string[] {
  const L = SLACK_LIMITS;
  const problems: string[] = [];
  const actionIds = new Set<string>();
  for (const e of elements) {
    const where = `${at} ${e.type}`;
    if (e.action_id !== undefined) {
      if (e.action_id.length > L.actionId) problems.push(`${where} action_id: ${e.action_id.length} > ${L.actionId}`);
      if (actionIds.has(e.action_id) && e.type !== "checkboxes") problems.push(`${where}: duplicate action_id ${e.action_id}`);
      actionIds.add(e.action_id);
    }
    if (e.placeholder && e.placeholder.text.length > L.placeholder) problems.push(`${where} placeholder: ${e.placeholder.text.length} > ${L.placeholder}`);
    if (e.type === "button") {
      if (e.text.text.length > L.buttonText) problems.push(`${where} text: ${e.text.text.length} > ${L.buttonText}`);
      if ((e.value ?? "").length > L.buttonValue) problems.push(`${where} value too long`);
      problems.push(...checkText(where, e.text));
    }
    const maxOptions = e.type === "checkboxes" || e.type === "radio_buttons" ? L.checkboxOptions : e.type === "static_select" ? L.selectOptions : undefined;
    if (maxOptions !== undefined) {
      if (e.options.length > maxOptions) problems.push(`${where}: ${e.options.length} options > ${maxOptions}`);
      const values = new Set<string>();
      for (const o of e.options) {
        if (o.text.text.length > L.optionText) problems.push(`${where} option text: ${o.text.text.length} > ${L.optionText} (${o.text.text})`);
        if (o.description && o.description.text.length > L.optionDescription) problems.push(`${where} option description: ${o.description.text.length} > ${L.optionDescription} (${o.description.text})`);
        if (o.value.length > L.optionValue) problems.push(`${where} option value too long`);
        if (values.has(o.value)) problems.push(`${where}: duplicate option value ${o.value}`);
        values.add(o.value);
        problems.push(...checkText(where, o.text), ...(o.description ? checkText(where, o.description) : []));
      }
      for (const o of e.initial_options ?? (e.initial_option ? [e.initial_option] : [])) {
        if (!e.options.some((x: Json) => JSON.stringify(x) === JSON.stringify(o))) problems.push(`${where}: an initial option is not exactly one of the options`);
      }
    }
  }
  return problems;
}

/** A text object: not empty; as mrkdwn, escaped once and with emphasis that renders. */
function checkText(at: string, text: Json | undefined): string[] {
  if (!text) return [`${at}: missing text object`];
  if (typeof text.text !== "string" || text.text.length === 0) return [`${at}: empty ${text.type} text`];
  return text.type === "mrkdwn" ? checkMrkdwn(at, text.text) : [];
}

/** The mention and link forms Firebreak itself writes; any other `<…>` came from user text. */
const OUR_TOKENS = /<(@[UW][A-Z0-9]+|#C[A-Z0-9]+|!date\^\d+\^[^|<>]+\|[^<>]+|(?:https?|mailto):[^|<>\s]+\|[^<>]+)>/g;

/** `&` `<` `>` escaped exactly once, no broadcast, and `*bold*` runs that render. */
export function checkMrkdwn(at: string, text: string): string[] {
  const problems: string[] = [];
  const outside = text.replace(OUR_TOKENS, "");
  if (/[<>]/.test(outside)) problems.push(`${at}: unescaped < or > in ${JSON.stringify(snippet(outside, /[<>]/))}`);
  if (/&(?!(amp|lt|gt);)/.test(text)) problems.push(`${at}: unescaped & in ${JSON.stringify(snippet(text, /&(?!(amp|lt|gt);)/))}`);
  if (/&amp;(amp|lt|gt);/.test(text)) problems.push(`${at}: escaped twice: ${JSON.stringify(snippet(text, /&amp;(amp|lt|gt);/))}`);
  if (/<!(here|channel|everyone|subteam)/.test(text)) problems.push(`${at}: broadcasts: ${JSON.stringify(text.slice(0, 80))}`);
  problems.push(...emphasisProblems([text]).map((t) => `${at}: emphasis that does not render: ${JSON.stringify(snippet(t, /\*\s|\s\*/))}`));
  return problems;
}

/**
 * Strings with a `*bold*` run Slack would show as asterisks: an opening `*` followed by a space,
 * or a closing one preceded by one. Runs pair up within a line, outside code spans.
 */
export function emphasisProblems(texts: string[]): string[] {
  return texts.filter((text) =>
    text.split("\n").some((line) => {
      const stars = [...line.replace(/`[^`]*`/g, (code) => " ".repeat(code.length)).matchAll(/\*/g)].map((m) => m.index!);
      for (let i = 0; i + 1 < stars.length; i += 2) {
        const open = stars[i]!;
        const close = stars[i + 1]!;
        if (/\s/.test(line[open + 1] ?? "") || /\s/.test(line[close - 1] ?? "")) return true;
      }
      return false;
    }),
  );
}

function totalText(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((n: number, item) => n + totalText(item), 0);
  if (!node || typeof node !== "object") return 0;
  let n = 0;
  for (const [key, value] of Object.entries(node)) n += key === "text" && typeof value === "string" ? value.length : totalText(value);
  return n;
}

function snippet(text: string, near: RegExp): string {
  const i = text.search(near);
  return text.slice(Math.max(0, i - 30), i + 30);
}
