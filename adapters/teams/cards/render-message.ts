import { type Block, type Button, type ChecklistItem, DEFAULT_TIME_ZONE, formatInZone, type Inline, type Message, NUDGE_ACTIONS, plain, type SpaceRef, type TimeShow } from "../../../src/core.js";
import { type AdaptiveCard, type CardElement, type MentionEntity, card, execute, textBlock } from "./adaptive.js";

/** Card verbs the checklist and summary cards send back; `bot.ts` routes them. */
export const VERBS = {
  toggleStep: "checklist.toggle",
  saveChecklist: "checklist.save",
} as const;

/**
 * Renders a neutral message as an Adaptive Card. Mentions of Teams people become real mentions
 * (they notify); people from other platforms stay plain `@name` text.
 */
export function renderCard(message: Message, options: { timeZone?: string } = {}): AdaptiveCard {
  const mentions: MentionEntity[] = [];
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const body: CardElement[] = [];
  const actions: CardElement[] = [];
  for (const block of message.blocks) {
    if (block.type === "actions") actions.push(...block.buttons.map(buttonAction));
    else body.push(...renderBlock(block, mentions, timeZone));
  }
  if (!body.length) body.push(textBlock(escapeMarkdown(message.text)));
  return card(body, actions, mentions);
}

/**
 * A neutral button as `Action.Execute`. Nudge buttons carry a reminder id (`reminderId`); the
 * others carry the incident they act on (`incidentId`), which `card-actions.ts` reads back.
 */
function buttonAction(b: Button): CardElement {
  const style = b.style === "danger" ? "destructive" : b.style === "primary" ? "positive" : undefined;
  const data = (NUDGE_ACTIONS as readonly string[]).includes(b.action) ? { verb: b.action, reminderId: b.value } : { verb: b.action, incidentId: b.value };
  return execute(b.label, data, { inputs: "none", style });
}

function renderBlock(block: Exclude<Block, { type: "actions" }>, mentions: MentionEntity[], timeZone: string): CardElement[] {
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
      return [checklist(block.section, block.title, block.items)];
  }
}

/**
 * One row per step: the toggle shows (and lets people change) the state, the row's button
 * records it at once. "Save ticks" under the list records every toggle changed since.
 */
function checklist(section: string, title: string, items: ChecklistItem[]): CardElement {
  const rows: CardElement[] = items.map((item) => ({
    type: "ColumnSet",
    spacing: "Small",
    columns: [
      {
        type: "Column",
        width: "stretch",
        items: [
          { type: "Input.Toggle", id: toggleId(item.key), title: `${item.number}. ${item.label}`, value: String(item.checked), valueOn: "true", valueOff: "false", wrap: true },
          ...(item.checked && item.by ? [textBlock(`✓ ${escapeMarkdown(item.by)}${item.at ? ` · ${cardTime(item.at, "time")}` : ""}`, { isSubtle: true, size: "Small", spacing: "None" })] : []),
        ],
      },
      {
        type: "Column",
        width: "auto",
        items: [{ type: "ActionSet", actions: [execute(item.checked ? "Undo" : "Done", { verb: VERBS.toggleStep, stepKey: item.key, checked: !item.checked }, { inputs: "none" })] }],
      },
    ],
  }));
  return {
    type: "Container",
    id: `checklist:${section}`,
    items: [
      textBlock(escapeMarkdown(title), { weight: "Bolder" }),
      ...rows,
      { type: "ActionSet", actions: [execute("Save ticks", { verb: VERBS.saveChecklist, section })] },
    ],
  };
}

export function toggleId(stepKey: string): string {
  return `step:${stepKey}`;
}

/**
 * A moment as the card's DATE()/TIME() functions, which Teams shows in the reader's own zone and
 * locale. They take RFC 3339 without fractions of a second, and work in TextBlocks only: other
 * places (FactSet values) get `fallbackZone` text instead.
 */
export function cardTime(at: Date, show: TimeShow = "datetime", fallbackZone?: string): string {
  if (fallbackZone) return formatInZone(at, fallbackZone, show);
  const stamp = at.toISOString().replace(/\.\d{3}Z$/, "Z");
  if (show === "time") return `{{TIME(${stamp})}}`;
  if (show === "date") return `{{DATE(${stamp}, SHORT)}}`;
  return `{{DATE(${stamp}, SHORT)}} {{TIME(${stamp})}}`;
}

/** A link to an incident space: its channel or thread where Teams has a URL for it, else its name. */
function spaceLink(space: SpaceRef): string {
  const thread = space.url ? undefined : threadUrl(space);
  // A thread is not a channel: no `#` in front of its name.
  const name = thread ? space.name : `#${space.name}`;
  const url = space.url ?? thread;
  return url ? `[${escapeMarkdown(name)}](${url})` : escapeMarkdown(name);
}

/** `19:…@thread.tacv2;messageid=123` (an incident thread) → the deep link that opens it. */
function threadUrl(space: SpaceRef): string | undefined {
  if (space.platform !== "teams") return undefined;
  const m = /^(.*);messageid=(\d+)$/.exec(space.id);
  return m ? `https://teams.microsoft.com/l/message/${encodeURIComponent(m[1]!)}/${m[2]}` : undefined;
}

function inlineMarkdown(inlines: Inline[], mentions: MentionEntity[], fallbackZone?: string): string {
  return inlines
    .map((i) => {
      if (typeof i === "string") return escapeMarkdown(i);
      if ("strong" in i) return i.strong.trim() ? i.strong.replace(/^(\s*)([\s\S]*?)(\s*)$/, (_, a: string, core: string, b: string) => `${a}**${escapeMarkdown(core)}**${b}`) : i.strong;
      if ("link" in i) return `[${escapeMarkdown(i.link.text)}](${i.link.url})`;
      if ("space" in i) return spaceLink(i.space);
      if ("time" in i) return cardTime(i.time, i.show, fallbackZone);
      if ("command" in i) return `**${escapeMarkdown(`${BOT_MENTION} ${i.command}`)}**`;
      if ("code" in i) return `“${escapeMarkdown(i.code)}”`;
      if (i.person.platform !== "teams") return `@${escapeMarkdown(i.person.name)}`;
      // The text must match the mention entity exactly; Teams renders the name from the entity.
      const text = `<at>${i.person.name}</at>`;
      if (!mentions.some((m) => m.text === text && m.mentioned.id === i.person.id)) mentions.push({ type: "mention", text, mentioned: { id: i.person.id, name: i.person.name } });
      return text;
    })
    .join("");
}

/** How a command is typed on Teams: the bot's name, mentioned. */
export const BOT_MENTION = "@Firebreak";

/** Inlines as the plain text of a notice: commands as they are typed on Teams. */
export function plainTeams(inlines: Inline[]): string {
  return plain(inlines.map((i) => (typeof i === "object" && "command" in i ? `${BOT_MENTION} ${i.command}` : i)));
}

/**
 * Card text is markdown, and Teams shows a backslash escape as it is. So characters that would
 * turn people's text into formatting become look-alikes instead: `*` always, `_` where it could
 * start or end emphasis (not inside snake_case), and a `](` that would make a link is broken by
 * an invisible space.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\*/g, "∗")
    .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, "＿")
    .replace(/\]\(/g, "]\u200b(");
}
