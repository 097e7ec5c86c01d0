import { compactUtcDate } from "./time.js";

export const MAX_CHANNEL_NAME = 80;

/** Lowercase a-z0-9 and single dashes; accents folded, everything else becomes a dash. */
export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/**
 * The incident space's name: `inc-YYYYMMDD-<title>`, at most `max` characters (Slack allows 80,
 * Teams channel display names 50), cut at a word boundary where one is near.
 */
export function channelBaseName(declaredAt: Date, title: string, max = MAX_CHANNEL_NAME): string {
  const prefix = `inc-${compactUtcDate(declaredAt)}`;
  const slug = slugify(title) || "incident";
  return clip(`${prefix}-${slug}`, max);
}

/** The n-th candidate (n = 1 is the base itself; then -2, -3 …), still within `max`. */
export function channelNameCandidate(base: string, n: number, max = MAX_CHANNEL_NAME): string {
  if (n <= 1) return clip(base, max);
  const suffix = `-${n}`;
  return `${clip(base, max - suffix.length)}${suffix}`;
}

function clip(name: string, max: number): string {
  if (name.length <= max) return name;
  const cut = name.slice(0, max);
  const lastDash = cut.lastIndexOf("-");
  // Prefer a word boundary when it does not throw away more than a fifth of the room.
  const trimmed = lastDash > max * 0.8 ? cut.slice(0, lastDash) : cut;
  return trimmed.replace(/-+$/g, "");
}

export function isValidChannelName(name: string, max = MAX_CHANNEL_NAME): boolean {
  return name.length > 0 && name.length <= max && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(name);
}
