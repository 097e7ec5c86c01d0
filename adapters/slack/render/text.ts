import type { Inline } from "../../../src/core.js";

/** Slack's mrkdwn needs exactly these three escaped; everything else is literal. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Inline content as mrkdwn: Slack people become real mentions, links stay clickable. */
export function inlineToMrkdwn(parts: Inline[]): string {
  return parts
    .map((part) => {
      if (typeof part === "string") return escapeMrkdwn(part);
      if ("person" in part) return part.person.platform === "slack" ? `<@${part.person.id}>` : `@${escapeMrkdwn(part.person.name)}`;
      if ("strong" in part) return part.strong.trim() ? `*${escapeMrkdwn(part.strong)}*` : escapeMrkdwn(part.strong);
      const url = part.link.url.replace(/[<>|\s]/g, encodeURIComponent);
      return `<${url}|${escapeMrkdwn(part.link.text).replace(/\|/g, "¦")}>`;
    })
    .join("");
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
