import { REDACTION_MARKER, redactSecrets } from "./redact.js";

/**
 * How much text Firebreak keeps per field, in characters. The command grammar
 * (src/commands/command.ts) enforces the same numbers; test/security/text-limits.test.ts
 * keeps the two in step.
 */
export const TEXT_LIMITS = {
  title: 150,
  description: 3000,
  note: 3000,
  update: 3000,
  evidence: 2000,
  resolution: 1000,
  /** One field of the post-incident write-up (root cause, impact …). */
  writeup: 5000,
  /** A follow-up action's text. */
  action: 300,
  /** A whole typed command or form submission: the longest valid one is a declare with a full description. */
  command: 6000,
} as const;
export type LimitedField = keyof typeof TEXT_LIMITS;

/** What to do instead, said after the refusal. */
const INSTEAD: Record<LimitedField, string> = {
  title: "keep the title short and put the details in the description",
  description: "attach the rest as evidence (a file or a link)",
  note: "attach a file as evidence instead",
  update: "link to the full write-up as evidence instead",
  evidence: "describe it briefly and link to the file",
  resolution: "put the details in a note",
  writeup: "keep the essentials here and link the full analysis as evidence",
  action: "keep it to one task; put the details in a note",
  command: "attach long text as evidence (a file or a link) instead",
};

/**
 * The refusal for text over its field's limit, e.g. "That note is 100 KB; the limit is 3,000
 * characters — attach a file as evidence instead." Undefined when it fits.
 */
export function sizeRefusal(text: string, field: LimitedField): string | undefined {
  const max = TEXT_LIMITS[field];
  if (text.length <= max) return undefined;
  return `That ${field} is ${describeSize(text)}; the limit is ${max.toLocaleString("en-US")} characters — ${INSTEAD[field]}.`;
}

/** The verb a line starts with (after an optional incident id) → the field its text fills. */
const FIELD_OF_VERB: Record<string, LimitedField> = { note: "note", update: "update", evidence: "evidence", resolve: "resolution", writeup: "writeup", action: "action" };

/**
 * Checked on the raw line before parsing, so a pasted megabyte is neither tokenized nor stored.
 * Names the field when the verb says which ("That note is 100 KB; …").
 */
export function commandSizeRefusal(line: string): string | undefined {
  if (line.length <= TEXT_LIMITS.command) return undefined;
  const verb = /^\s*(?:\/?incident\s+)?(?:(?:INC|DRILL)-\d{4}-\d+\s+)?([a-z]+)/i.exec(line.slice(0, 200))?.[1]?.toLowerCase();
  const field = verb ? FIELD_OF_VERB[verb] : undefined;
  return sizeRefusal(line, field ?? "command");
}

/** "3,412 characters" below 10 KB, else "100 KB" / "2.4 MB" (bytes as UTF-8). */
export function describeSize(text: string): string {
  if (text.length < 10_000) return `${text.length.toLocaleString("en-US")} characters`;
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024).toLocaleString("en-US")} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Text after the first secret-free `max` characters; more than any secret is long. */
const REDACTION_MARGIN = 8192;

/**
 * What to log of a rejected command (or any untrusted text): secrets redacted, then cut to
 * `max` characters with a note of how much was left out. Redacting first means a cut never
 * leaves half a key behind; a cut never splits a `[REDACTED:…]` marker either.
 */
export function truncateForLog(text: string, max = 500): string {
  const head = redactSecrets(text.length > max + REDACTION_MARGIN ? text.slice(0, max + REDACTION_MARGIN) : text).text;
  if (head.length <= max && text.length <= max + REDACTION_MARGIN) return head;
  let cut = max;
  for (const m of head.matchAll(REDACTION_MARKER)) {
    if (m.index < cut && m.index + m[0].length > cut) cut = m.index;
  }
  // Do not split a surrogate pair (an emoji) in two.
  if (/[\uD800-\uDBFF]/.test(head.charAt(cut - 1))) cut--;
  return `${head.slice(0, cut)}… [${describeSize(text)} in all; the rest is not logged]`;
}
