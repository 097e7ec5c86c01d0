import { awsSecretRange, kindOf, OWN_PATTERNS, PASSWORD_IN_URL_RULES, passwordRange } from "./secret-patterns.js";
import { scanWithSecretlint } from "./secretlint-rules.js";

/** A secret that was replaced. Never the secret itself: only what kind it was. */
export interface FoundSecret {
  kind: string;
}

export interface Redacted {
  text: string;
  found: FoundSecret[];
}

interface Span {
  start: number;
  end: number;
  kind: string;
}

/** The marker that replaces a secret; also how other code recognises an already-redacted spot. */
export const redactionMarker = (kind: string) => `[REDACTED:${kind}]`;
export const REDACTION_MARKER = /\[REDACTED:[a-z0-9-]+\]/g;

/**
 * Replaces every secret in `text` with `[REDACTED:<kind>]`: secretlint's recommended rules
 * (with bare AWS access key ids) plus Firebreak's patterns for model-provider keys and JWTs.
 * Synchronous and cheap (well under a millisecond for a note), so it runs on every command.
 */
export function redactSecrets(text: string): Redacted {
  if (text.length < 8) return { text, found: [] };
  const spans = mergeSpans([...secretlintSpans(text), ...ownSpans(text)]);
  if (!spans.length) return { text, found: [] };
  let out = "";
  let at = 0;
  for (const span of spans) {
    out += text.slice(at, span.start) + redactionMarker(span.kind);
    at = span.end;
  }
  return { text: out + text.slice(at), found: spans.map((s) => ({ kind: s.kind })) };
}

export interface RedactedFields<T> {
  value: T;
  /** Each found secret with the path of the field it was in, e.g. `fields.description`. */
  found: (FoundSecret & { path: string })[];
}

/**
 * Redacts every string inside a value (a command, a form's fields, a log payload): object
 * values and array items at any depth. Keys, numbers and other values pass unchanged; the
 * input is not modified.
 */
export function redactFields<T>(value: T): RedactedFields<T> {
  const found: RedactedFields<T>["found"] = [];
  const seen = new WeakSet<object>();
  const walk = (v: unknown, path: string): unknown => {
    if (typeof v === "string") {
      const r = redactSecrets(v);
      for (const f of r.found) found.push({ ...f, path });
      return r.text;
    }
    if (v === null || typeof v !== "object" || v instanceof Date) return v;
    if (seen.has(v)) return v;
    seen.add(v);
    if (Array.isArray(v)) return v.map((item, i) => walk(item, `${path}[${i}]`));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(v)) out[key] = walk(item, path ? `${path}.${key}` : key);
    return out;
  };
  return { value: walk(value, "") as T, found };
}

function secretlintSpans(text: string): Span[] {
  return scanWithSecretlint(text).flatMap((f) => {
    let range: [number, number] | undefined = [f.start, f.end];
    if (PASSWORD_IN_URL_RULES.has(f.ruleId)) range = passwordRange(text, f.start, f.end) ?? range;
    if (f.messageId === "AWSSecretAccessKey") range = awsSecretRange(text, f.start) ?? [f.start, Math.min(text.length, f.start + 200)];
    return [{ start: range[0], end: range[1], kind: kindOf(f.ruleId, f.messageId) }];
  });
}

function ownSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const { kind, pattern, looksReal } of OWN_PATTERNS) {
    for (const m of text.matchAll(pattern)) {
      if (looksReal && !looksReal(m[0])) continue;
      spans.push({ start: m.index, end: m.index + m[0].length, kind });
    }
  }
  return spans;
}

/**
 * Overlapping finds become one span (two rules often see the same key, or one key inside
 * another's match); the kind of the longest wins, so a key is named by its most specific rule.
 */
function mergeSpans(spans: Span[]): Span[] {
  const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: (Span & { length: number })[] = [];
  for (const span of sorted) {
    const last = merged.at(-1);
    if (last && span.start < last.end) {
      if (span.end - span.start > last.length) Object.assign(last, { kind: span.kind, length: span.end - span.start });
      last.end = Math.max(last.end, span.end);
    } else {
      merged.push({ ...span, length: span.end - span.start });
    }
  }
  return merged.map(({ start, end, kind }) => ({ start, end, kind }));
}
