import { parseISO, isValid, subMinutes } from "date-fns";

/** Times are shown in UTC: an incident log read across time zones must not be ambiguous. */
export function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export function formatClock(date: Date): string {
  return date.toISOString().slice(11, 16);
}

export function compactUtcDate(date: Date): string {
  return date.toISOString().slice(0, 10).replaceAll("-", "");
}

const UNIT_MINUTES: Record<string, number> = { m: 1, min: 1, h: 60, d: 24 * 60, w: 7 * 24 * 60 };

/** "30m", "4h", "1h30m", "7d", "2w" → minutes. */
export function parseDuration(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  if (!/^(\d+\s*(m|min|h|d|w)\s*)+$/.test(t)) return undefined;
  let total = 0;
  for (const m of t.matchAll(/(\d+)\s*(min|m|h|d|w)/g)) total += Number(m[1]) * UNIT_MINUTES[m[2]!]!;
  return total > 0 ? total : undefined;
}

export function formatDuration(minutes: number): string {
  const m = Math.round(minutes);
  if (m < 60) return `${m}m`;
  if (m < 48 * 60) {
    const h = Math.floor(m / 60);
    const rest = m % 60;
    return rest ? `${h}h ${rest}m` : `${h}h`;
  }
  const d = Math.floor(m / (24 * 60));
  const h = Math.floor((m % (24 * 60)) / 60);
  return h ? `${d}d ${h}h` : `${d}d`;
}

/**
 * A point in time typed by a person: `now`, `30m ago` / `-30m`, `14:05` (UTC today, or
 * yesterday if that is still ahead), `2026-11-25 14:05`, or full ISO 8601.
 */
export function parsePointInTime(text: string, now: Date): Date | undefined {
  const t = text.trim().toLowerCase();
  if (t === "now") return now;
  const ago = /^(?:-\s*)?(.+?)(?:\s+ago)?$/.exec(t);
  if ((t.startsWith("-") || t.endsWith(" ago")) && ago) {
    const minutes = parseDuration(ago[1]!);
    return minutes === undefined ? undefined : subMinutes(now, minutes);
  }
  const hm = /^(\d{1,2}):(\d{2})$/.exec(t);
  if (hm) {
    const h = Number(hm[1]);
    const m = Number(hm[2]);
    if (h > 23 || m > 59) return undefined;
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), h, m));
    return d.getTime() > now.getTime() ? new Date(d.getTime() - 24 * 60 * 60_000) : d;
  }
  const spaced = /^(\d{4}-\d{2}-\d{2})[ t](\d{1,2}:\d{2}(?::\d{2})?)$/i.exec(t);
  const iso = spaced ? `${spaced[1]}T${spaced[2]!.padStart(5, "0")}Z` : text.trim();
  if (!/^\d{4}-\d{2}-\d{2}/.test(iso)) return undefined;
  const withZone = /[zZ]|[+-]\d{2}:?\d{2}$/.test(iso) || !iso.includes("T") ? iso : `${iso}Z`;
  const d = parseISO(withZone.length === 10 ? `${withZone}T00:00:00Z` : withZone);
  return isValid(d) ? d : undefined;
}
