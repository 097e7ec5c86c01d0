/**
 * Text from any platform is cleaned once, before any command sees it: control characters (NUL
 * breaks Postgres text; the rest confuse terminals and logs) and bidirectional overrides (which
 * make `evil.exe` read as something else) are removed, and a runaway paste is cut short.
 */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** Longer than any field accepts: the field's own limit then answers with a clear sentence. */
export const MAX_INPUT = 20_000;

export function cleanText(text: string): string {
  const cleaned = text.replace(CONTROL, "").replace(BIDI, "");
  return cleaned.length > MAX_INPUT ? cleaned.slice(0, MAX_INPUT) : cleaned;
}

/** Cleans every string in a form's or card's values, however deep. */
export function cleanInput<T>(value: T): T {
  if (typeof value === "string") return cleanText(value) as T;
  if (Array.isArray(value)) return value.map(cleanInput) as T;
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cleanInput(v)])) as T;
  }
  return value;
}
