import { INCIDENT_REF } from "../commands/command.js";
import { commandNameOf } from "./command-words.js";
import { type Block, type Inline, type Message, plain } from "./message.js";

/**
 * The core's own sentences mark what the person can type with backticks: "`check <number>`
 * marks a step done". This turns each marked run into a `{ command }` when it starts with a
 * command word (after an optional `/incident` and incident id), so every platform shows its own
 * form, and anything else marked (a key, a value) into a `{ code }`. Never for people's text: a
 * note's backticks are theirs.
 */
export function richText(text: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const m of text.matchAll(/`([^`\n]+)`/g)) {
    if (m.index! > last) out.push(text.slice(last, m.index));
    out.push(marked(m[1]!));
    last = m.index! + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** The same sentence as plain text, commands bare: for plain-text places (a fallback, a toggle's title). */
export function commandText(text: string): string {
  return plain(richText(text));
}

/** Quotes something the person typed, so no backtick of theirs can open a marked run. */
export function quoted(text: string): string {
  return `“${text.replace(/`/g, "ʼ")}”`;
}

function marked(inner: string): Inline {
  const command = inner.trim().replace(/^\/incident\s+/i, "");
  const words = command.split(/\s+/);
  const rest = words[0] && INCIDENT_REF.test(words[0]) && words.length > 1 ? words.slice(1) : words;
  const name = rest[0] ? commandNameOf(rest[0]) : undefined;
  // A lone word is a command only by its name: `resolved` alone is a phase, not the alias.
  const isCommand = !!name && (rest.length > 1 || name === rest[0]!.toLowerCase());
  // Written with `/incident` it is a command whatever follows (`/incident <command>`).
  return /^\/incident\b/i.test(inner.trim()) || isCommand ? { command } : { code: inner };
}

/** A message of the core's own words (marked commands and all): `textMessage` for people's text. */
export function richMessage(text: string, ...more: Block[]): Message {
  return { text: commandText(text), blocks: [{ type: "text", text: richText(text) }, ...more] };
}
