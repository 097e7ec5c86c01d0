/**
 * Wall-clock time in a named IANA zone (FIREBREAK_TIMEZONE), on the platform's own Intl data: no
 * zone database of our own to keep current.
 */

export const DEFAULT_TIME_ZONE = "UTC";

/** How a time is shown: a full stamp, the clock only, or the day only. */
export type TimeShow = "datetime" | "time" | "date";

export interface WallClock {
  year: number;
  /** 1–12. */
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
    formatters.set(zone, f);
  }
  return f;
}

/** True when the platform knows `name` as a time zone (IANA names, case-insensitive). */
export function isTimeZone(name: string): boolean {
  // Offsets ("+01:00") are zones to newer engines but not names: they ignore daylight saving.
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The wall clock in `zone` at `date` (seconds dropped). */
export function wallClockOf(date: Date, zone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const p of partsFormatter(zone).formatToParts(date)) if (p.type !== "literal") parts[p.type] = Number(p.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute! };
}

/** Minutes `zone` is ahead of UTC at `date` (Berlin in winter: 60). */
export function offsetMinutes(date: Date, zone: string): number {
  const w = wallClockOf(date, zone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  return Math.round((asUtc - Math.floor(date.getTime() / 60_000) * 60_000) / 60_000);
}

/**
 * The instant a wall-clock time in `zone` names. Across a daylight-saving change it behaves as
 * people expect: a time skipped when clocks go forward (02:30 on the spring night in Berlin)
 * moves forward by the gap (03:30), and a time that happens twice when they go back is the
 * first of the two. Returns undefined for a date that does not exist (30 February).
 */
export function instantOfWallClock(wall: WallClock, zone: string): Date | undefined {
  const naive = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  const check = new Date(naive);
  if (check.getUTCFullYear() !== wall.year || check.getUTCMonth() !== wall.month - 1 || check.getUTCDate() !== wall.day || check.getUTCHours() !== wall.hour || check.getUTCMinutes() !== wall.minute) {
    return undefined;
  }
  // Real zones change offset at most once within a day either side, so the two offsets seen a
  // day apart are the only candidates.
  const DAY = 24 * 60 * 60_000;
  const before = offsetMinutes(new Date(naive - DAY), zone);
  const after = offsetMinutes(new Date(naive + DAY), zone);
  const fits = [before, after].map((o) => naive - o * 60_000).filter((t) => offsetMinutes(new Date(t), zone) * 60_000 === naive - t);
  if (fits.length) return new Date(Math.min(...fits));
  return new Date(naive - before * 60_000);
}

/** The calendar day after (or before, with -1) a wall-clock day. */
export function shiftDay(wall: WallClock, days: number): WallClock {
  const d = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + days));
  return { ...wall, year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/**
 * The zone's abbreviation at `date` where one is in common use (UTC, CET, EST, BST), else its
 * offset (UTC+9, UTC+5:30): a stamp must always say which clock it was read from.
 */
export function zoneLabel(date: Date, zone: string): string {
  if (/^(etc\/)?(utc|uct|zulu|universal|gmt0?)$/i.test(zone)) return "UTC";
  for (const locale of ["en-US", "en-GB"]) {
    const name = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: "short" }).formatToParts(date).find((p) => p.type === "timeZoneName")?.value;
    if (name && !/^(GMT|UTC)[+-]/.test(name)) return name;
  }
  const offset = offsetMinutes(date, zone);
  const sign = offset < 0 ? "-" : "+";
  const h = Math.floor(Math.abs(offset) / 60);
  const m = Math.abs(offset) % 60;
  return `UTC${sign}${h}${m ? `:${String(m).padStart(2, "0")}` : ""}`;
}

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * The one way Firebreak writes a time as text: `2026-11-26 14:05 CET`, `14:05 CET` or
 * `2026-11-26`, always in the configured zone and naming it.
 */
export function formatInZone(date: Date, zone: string = DEFAULT_TIME_ZONE, show: TimeShow = "datetime"): string {
  const w = wallClockOf(date, zone);
  const day = `${w.year}-${pad(w.month)}-${pad(w.day)}`;
  if (show === "date") return day;
  const clock = `${pad(w.hour)}:${pad(w.minute)} ${zoneLabel(date, zone)}`;
  return show === "time" ? clock : `${day} ${clock}`;
}
