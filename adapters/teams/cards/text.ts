import { formatInZone, type Inline, plain, type SpaceRef, type TimeShow } from "../../../src/core.js";
import type { MentionEntity } from "./adaptive.js";

/** How a command is typed on Teams: the bot's name, mentioned. */
export const BOT_MENTION = "@Firebreak";

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

/** Inlines as the plain text of a notice: commands as they are typed on Teams. */
export function plainTeams(inlines: Inline[]): string {
  return plain(inlines.map((i) => (typeof i === "object" && "command" in i ? `${BOT_MENTION} ${i.command}` : i)));
}

/** A command as card markdown: bold, as it is typed on Teams. */
export function commandMarkdown(command: string): string {
  return `**${escapeMarkdown(`${BOT_MENTION} ${command}`)}**`;
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

/** Inlines as card markdown; Teams people become mentions, collected into `mentions`. */
export function inlineMarkdown(inlines: Inline[], mentions: MentionEntity[], fallbackZone?: string): string {
  return inlines
    .map((i) => {
      if (typeof i === "string") return escapeMarkdown(i);
      if ("strong" in i) return i.strong.trim() ? i.strong.replace(/^(\s*)([\s\S]*?)(\s*)$/, (_, a: string, core: string, b: string) => `${a}**${escapeMarkdown(core)}**${b}`) : i.strong;
      if ("link" in i) return `[${escapeMarkdown(i.link.text)}](${i.link.url})`;
      if ("space" in i) return spaceLink(i.space);
      if ("time" in i) return cardTime(i.time, i.show, fallbackZone);
      if ("command" in i) return commandMarkdown(i.command);
      if ("code" in i) return `“${escapeMarkdown(i.code)}”`;
      if (i.person.platform !== "teams") return `@${escapeMarkdown(i.person.name)}`;
      // The text must match the mention entity exactly; Teams renders the name from the entity.
      const text = `<at>${i.person.name}</at>`;
      if (!mentions.some((m) => m.text === text && m.mentioned.id === i.person.id)) mentions.push({ type: "mention", text, mentioned: { id: i.person.id, name: i.person.name } });
      return text;
    })
    .join("");
}
