import { parseISO, isValid, subMinutes } from "date-fns";
import { DEFAULT_TIME_ZONE, formatInZone, instantOfWallClock, shiftDay, wallClockOf } from "./time-zone.js";

/**
 * A stamp in UTC, `2026-11-25 14:05 UTC`: the same format as every other stamp (formatInZone).
 * New code should put `{ time }` in a message instead, so each platform shows it in its readers'
 * zone; this stays for text that is not a message yet.
 */
export function formatUtc(date: Date): string {
  return formatInZone(date, DEFAULT_TIME_ZONE);
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
 * A point in time typed by a person: `now`, `30m ago` / `-30m`, `14:05` (today in `zone`, or
 * yesterday if that is still ahead), `2026-11-25 14:05` (in `zone`), or full ISO 8601 (its own
 * offset if it gives one, else `zone`). `zone` is FIREBREAK_TIMEZONE; UTC when not given.
 */
export function parsePointInTime(text: string, now: Date, zone: string = DEFAULT_TIME_ZONE): Date | undefined {
  const t = text.trim().toLowerCase();
  if (t === "now") return now;
  const ago = /^(?:-\s*)?(.+?)(?:\s+ago)?$/.exec(t);
  if ((t.startsWith("-") || t.endsWith(" ago")) && ago) {
    const minutes = parseDuration(ago[1]!);
    return minutes === undefined ? undefined : subMinutes(now, minutes);
  }
  const hm = /^(\d{1,2}):(\d{2})$/.exec(t);
  if (hm) {
    const hour = Number(hm[1]);
    const minute = Number(hm[2]);
    if (hour > 23 || minute > 59) return undefined;
    const today = { ...wallClockOf(now, zone), hour, minute };
    const at = instantOfWallClock(today, zone);
    if (!at || at.getTime() <= now.getTime()) return at;
    return instantOfWallClock(shiftDay(today, -1), zone);
  }
  const local = /^(\d{4})-(\d{2})-(\d{2})(?:[ t](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/i.exec(text.trim());
  if (local) {
    const [, y, mo, d, h, mi] = local;
    return instantOfWallClock({ year: Number(y), month: Number(mo), day: Number(d), hour: Number(h ?? 0), minute: Number(mi ?? 0) }, zone);
  }
  const iso = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}t.*([zZ]|[+-]\d{2}:?\d{2})$/i.test(iso)) return undefined;
  const d = parseISO(iso);
  return isValid(d) ? d : undefined;
}
