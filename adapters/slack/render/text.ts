import { DEFAULT_TIME_ZONE, formatInZone, type Inline, type SpaceRef, type TimeShow } from "../../../src/core.js";

/** Slack's mrkdwn needs exactly these three escaped; everything else is literal. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * `*bold*` (or `_italic_`) that Slack renders: mrkdwn only closes a run on a marker that touches
 * a non-space character, so `*⚠ *` shows its asterisks. Spaces move outside the markers, each
 * line gets its own run (a run cannot span lines), and a marker inside the text becomes a
 * look-alike so it cannot end the run early. The text is escaped here.
 */
export function emphasis(text: string, marker: "*" | "_" = "*"): string {
  // An underscore inside a word (snake_case) never closes a run; only the others are swapped.
  const inner = marker === "*" ? /\*/g : /(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu;
  const lookAlike = marker === "*" ? "∗" : "＿";
  return text
    .split("\n")
    .map((line) => {
      const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(line)!;
      const [, lead, core, trail] = m;
      if (!core) return line;
      return `${lead}${marker}${escapeMrkdwn(core!.replace(inner, lookAlike))}${marker}${trail}`;
    })
    .join("\n");
}

const DATE_TOKENS: Record<TimeShow, string> = {
  datetime: "{date_short_pretty} {time}",
  time: "{time}",
  date: "{date_short_pretty}",
};

/**
 * A moment as Slack's date token: every reader sees it in their own zone and clock format;
 * clients that cannot render it show the fallback, written in FIREBREAK_TIMEZONE.
 */
export function slackDate(at: Date, show: TimeShow = "datetime", timeZone: string = DEFAULT_TIME_ZONE): string {
  const seconds = Math.floor(at.getTime() / 1000);
  return `<!date^${seconds}^${DATE_TOKENS[show]}|${escapeMrkdwn(formatInZone(at, timeZone, show))}>`;
}

const CHANNEL_REDIRECT = /^https:\/\/slack\.com\/app_redirect\?channel=([A-Z0-9]+)$/i;

/** A link to a Slack channel, in the form every client turns into the channel's live name. */
export function channelMention(channelId: string): string {
  return `<#${channelId}>`;
}

function spaceToMrkdwn(space: SpaceRef): string {
  if (space.platform === "slack") return channelMention(space.id);
  return space.url ? linkToMrkdwn(space.url, `#${space.name}`) : `#${escapeMrkdwn(space.name)}`;
}

function linkToMrkdwn(url: string, text: string): string {
  // A link the core built to one of our channels (SpaceRef.url) is shown as the native channel link.
  const channel = CHANNEL_REDIRECT.exec(url);
  if (channel) return channelMention(channel[1]!);
  const safeUrl = url.replace(/[<>|\s]/g, encodeURIComponent);
  return `<${safeUrl}|${escapeMrkdwn(text).replace(/\|/g, "¦")}>`;
}

/** Inline content as mrkdwn: Slack people become real mentions, links stay clickable. */
export function inlineToMrkdwn(parts: Inline[], timeZone: string = DEFAULT_TIME_ZONE): string {
  return parts
    .map((part) => {
      if (typeof part === "string") return escapeMrkdwn(part);
      if ("person" in part) return part.person.platform === "slack" ? `<@${part.person.id}>` : `@${escapeMrkdwn(part.person.name)}`;
      if ("strong" in part) return emphasis(part.strong);
      if ("space" in part) return spaceToMrkdwn(part.space);
      if ("time" in part) return slackDate(part.time, part.show, timeZone);
      if ("command" in part) return code(`${SLASH_COMMAND} ${part.command}`);
      if ("code" in part) return code(part.code);
      return linkToMrkdwn(part.link.url, part.link.text);
    })
    .join("");
}

/** The slash command every typed command starts with on Slack. */
export const SLASH_COMMAND = "/incident";

/** `text` as inline code; a backtick inside would end it early, so it becomes a look-alike. */
function code(text: string): string {
  return `\`${escapeMrkdwn(text.replace(/`/g, "ˋ"))}\``;
}

const ELLIPSIS = "…";

/**
 * Shortens plain text to `max` characters (code points as Slack counts them, near enough) without
 * splitting a surrogate pair.
 */
export function clipPlain(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - ELLIPSIS.length;
  if (cut > 0 && isHighSurrogate(text.charCodeAt(cut - 1))) cut--;
  return `${text.slice(0, Math.max(0, cut)).trimEnd()}${ELLIPSIS}`;
}

/**
 * Shortens mrkdwn to `max` characters without cutting through a mention or link (`<…>`), an
 * escaped entity (`&amp;`), a surrogate pair, or leaving a `*bold*` or `` `code` `` run open.
 */
export function clipMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - ELLIPSIS.length;
  let head = text.slice(0, cut);
  const open = head.lastIndexOf("<");
  if (open > head.lastIndexOf(">")) head = head.slice(0, open);
  const amp = head.lastIndexOf("&");
  if (amp >= 0 && amp > head.lastIndexOf(";") && head.length - amp < 6) head = head.slice(0, amp);
  cut = head.length;
  if (cut > 0 && isHighSurrogate(head.charCodeAt(cut - 1))) head = head.slice(0, cut - 1);
  // An odd number of markers means a run is left open: drop the last marker rather than bold the rest.
  for (const marker of ["`", "*"]) {
    if (countOf(head, marker) % 2 === 1) {
      const at = head.lastIndexOf(marker);
      head = head.slice(0, at) + head.slice(at + 1);
    }
  }
  return `${head.trimEnd()}${ELLIPSIS}`;
}

/**
 * Splits long mrkdwn into pieces of at most `max` characters, preferring line breaks, so a long
 * timeline becomes several sections instead of one that Slack refuses.
 */
export function splitMrkdwn(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const pieces: string[] = [];
  let current = "";
  for (const line of text.split("\n")) {
    const candidate = current ? `${current}\n${line}` : line;
    if (candidate.length <= max) {
      current = candidate;
      continue;
    }
    if (current) pieces.push(current);
    current = line.length <= max ? line : "";
    if (line.length > max) pieces.push(clipMrkdwn(line, max));
  }
  if (current) pieces.push(current);
  return pieces;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function countOf(text: string, marker: string): number {
  let n = 0;
  for (const ch of text) if (ch === marker) n++;
  return n;
}
