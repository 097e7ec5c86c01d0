import { tzOffset } from "@date-fns/tz";

/**
 * Due dates for follow-up actions (`action <text> @owner due <date>`). A due date is a calendar day
 * in the team's time zone: the action becomes due when that day starts there and overdue when it
 * ends (the next day's start). Accepted forms:
 *
 *   2026-12-01          an ISO calendar date
 *   today, tomorrow
 *   in 3 days, in 2 weeks, in a week
 *   friday, fri         today if it is Friday, else the coming Friday ("this friday" too)
 *   next friday         the first Friday after today: a week away when said on a Friday
 *   dec 5, 5 dec        also "december 5th", "5 dec 2027", "dec 5, 2027"; without a year, the
 *                       next Dec 5 that is today or later
 *
 * Dates in the past, more than two years ahead, or not on the calendar are refused with a sentence
 * that says why and shows these forms.
 *
 * Calendar arithmetic is done on day numbers, free of any zone; only "what day is it now" and "when
 * does this day start" consult the zone, through @date-fns/tz's Intl-based `tzOffset`. (TZDate with
 * date-fns' addDays/startOfDay returned wrong days when the host's own zone changed clocks near the
 * team zone's change, e.g. a host in Auckland computing Santiago in early April.)
 */
export interface DueDate {
  /** The calendar day in the zone, YYYY-MM-DD. */
  date: string;
  /** For replies: "Fri 4 Dec 2026". */
  label: string;
  /** The instant the action becomes due: the start of that day in the zone. */
  dueAt: Date;
  /** The instant it becomes overdue: the end of that day in the zone (the next day's start). */
  overdueAt: Date;
}

export type DueDateResult = { ok: true; due: DueDate } | { ok: false; error: string };

/** Further ahead than this is almost certainly a typo for a follow-up action. */
const MAX_YEARS_AHEAD = 2;

const WEEKDAY_NAMES = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const WEEKDAYS = new Map<string, number>([...WEEKDAY_NAMES.flatMap((name, i) => [[name, i], [name.slice(0, 3), i]] as const), ["tues", 2], ["weds", 3], ["thur", 4], ["thurs", 4]]);
const MONTH_NAMES = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
const MONTHS = new Map<string, number>([...MONTH_NAMES.flatMap((name, i) => [[name, i + 1], [name.slice(0, 3), i + 1]] as const), ["sept", 9]]);
const capital = (word: string) => word[0]!.toUpperCase() + word.slice(1);

const DAY_MS = 86_400_000;

/** A calendar day as a number: days since 1970-01-01. Arithmetic on it needs no zone. */
type DayNumber = number;
const dayNumber = (year: number, month: number, dom: number): DayNumber => Date.UTC(year, month - 1, dom) / DAY_MS;
const fieldsOf = (n: DayNumber) => {
  const d = new Date(n * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, dom: d.getUTCDate(), weekday: d.getUTCDay() };
};
const isoOf = (n: DayNumber) => new Date(n * DAY_MS).toISOString().slice(0, 10);
function labelOf(n: DayNumber): string {
  const f = fieldsOf(n);
  return `${capital(WEEKDAY_NAMES[f.weekday]!.slice(0, 3))} ${f.dom} ${capital(MONTH_NAMES[f.month - 1]!.slice(0, 3))} ${f.year}`;
}

/** "Fri 4 Dec 2026" for a stored `YYYY-MM-DD` due date. */
export function dueDateLabel(date: string): string {
  const [year, month, dom] = date.split("-").map(Number);
  return labelOf(dayNumber(year!, month!, dom!));
}

/** Today's calendar day in a zone, `YYYY-MM-DD`: what an action's due date is compared with. */
export function todayIn(now: Date, timeZone: string): string {
  return isoOf(dayIn(now.getTime(), timeZone));
}

/** The calendar day an instant falls on in a zone. */
function dayIn(instant: number, timeZone: string): DayNumber {
  return Math.floor((instant + tzOffset(timeZone, new Date(instant)) * 60_000) / DAY_MS);
}

/**
 * The first instant of a calendar day in a zone: usually local midnight; where a clock change skips
 * midnight (Santiago in September), the moment the day begins. Tries the offsets in force around
 * the day and keeps the earliest instant that lands on it. A day a zone skipped entirely (Samoa,
 * 30 December 2011) starts when the next one does.
 */
function startOfDayIn(n: DayNumber, timeZone: string): number {
  const midnight = n * DAY_MS;
  const starts = [midnight - DAY_MS, midnight, midnight + DAY_MS]
    .map((probe) => midnight - tzOffset(timeZone, new Date(probe)) * 60_000)
    .filter((t) => dayIn(t, timeZone) === n);
  return starts.length ? Math.min(...starts) : startOfDayIn(n + 1, timeZone);
}

const knownZones = new Set<string>();

/** True for a zone name the runtime knows (what FIREBREAK_TIMEZONE must be). */
export function isTimeZone(zone: string): boolean {
  if (knownZones.has(zone)) return true;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
  } catch {
    return false;
  }
  knownZones.add(zone);
  return true;
}

/** Days in a month (1–12) of the Gregorian calendar. */
function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** What every step of one parse shares: the day it is in the zone and how to say no. */
interface Reading {
  today: DayNumber;
  timeZone: string;
  /** The input as typed, in backticks, for messages. */
  quoted: string;
}

/** A refusal: why, then the forms that work (with an ISO example a week ahead, so it is valid). */
function refuse(r: Reading, why: string): DueDateResult {
  return { ok: false, error: `${why} Give a date like \`${isoOf(r.today + 7)}\`, \`today\`, \`tomorrow\`, \`in 3 days\`, \`in 2 weeks\`, \`friday\`, \`next friday\` or \`dec 5\`.` };
}

/**
 * Reads a due date typed by a person. `now` comes from the injected clock; `timeZone` is an IANA
 * zone name (the team's, from config), in which "today" and every calendar day are reckoned.
 */
export function parseDueDate(input: string, now: Date, timeZone: string): DueDateResult {
  if (!isTimeZone(timeZone)) throw new RangeError(`Unknown time zone ${timeZone}`);
  const r: Reading = { today: dayIn(now.getTime(), timeZone), timeZone, quoted: `\`${input.trim()}\`` };
  const text = input.trim().toLowerCase().replace(/\s+/g, " ").replace(/\.$/, "");
  const { today, quoted } = r;
  if (!text) return refuse(r, "The due date is missing.");

  if (text === "today") return accept(r, today);
  if (text === "tomorrow") return accept(r, today + 1);
  if (text === "yesterday" || / ago$/.test(text) || /^last /.test(text)) return refuse(r, `${quoted} is in the past; a due date is today or later.`);

  const relative = /^in (-?\d+|a|an|one) (day|week|hour|minute|month|year)s?$/.exec(text);
  if (relative) {
    const [, count, unit] = relative;
    const n = /\d/.test(count!) ? Number(count) : 1;
    if (unit === "hour" || unit === "minute") return refuse(r, `Due dates are whole days, so ${quoted} does not work; say \`today\` or \`tomorrow\`.`);
    if (unit === "month" || unit === "year") return refuse(r, `Months and years vary in length, so ${quoted} is ambiguous; give the calendar date.`);
    if (n < 1) return refuse(r, `${quoted} is not ahead of today: count at least 1 ${unit}, or say \`today\`.`);
    if (n > 10_000) return refuse(r, `${quoted} is more than ${MAX_YEARS_AHEAD} years ahead.`);
    return accept(r, today + (unit === "day" ? n : 7 * n));
  }

  const weekday = /^(next |this )?([a-z]+)$/.exec(text);
  const dow = weekday ? WEEKDAYS.get(weekday[2]!) : undefined;
  if (weekday && dow !== undefined) {
    const ahead = (dow - fieldsOf(today).weekday + 7) % 7;
    return accept(r, today + (ahead === 0 && weekday[1] === "next " ? 7 : ahead));
  }

  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (iso) return calendarDay(r, Number(iso[1]), Number(iso[2]), Number(iso[3]));

  const words = text.replace(/[.,]/g, " ").replace(/\s+/g, " ").trim();
  const monthFirst = /^([a-z]+) (\d{1,2})(?:st|nd|rd|th)?(?: (\d{4}))?$/.exec(words);
  const dayFirst = /^(\d{1,2})(?:st|nd|rd|th)? ([a-z]+)(?: (\d{4}))?$/.exec(words);
  const [monthWord, dayText, yearText] = monthFirst ? [monthFirst[1]!, monthFirst[2]!, monthFirst[3]] : dayFirst ? [dayFirst[2]!, dayFirst[1]!, dayFirst[3]] : [];
  const month = monthWord ? MONTHS.get(monthWord) : undefined;
  if (month !== undefined) {
    const dom = Number(dayText);
    if (yearText) return calendarDay(r, Number(yearText), month, dom);
    // Without a year: this year's, unless that day has already gone, then next year's.
    const now = fieldsOf(today);
    const passed = month < now.month || (month === now.month && dom < now.dom);
    return calendarDay(r, now.year + (passed ? 1 : 0), month, dom, true);
  }

  if (/^\d{1,4}[/.]\d{1,2}[/.]\d{1,4}$/.test(text)) return refuse(r, `${quoted} is ambiguous (day or month first?); write it as YYYY-MM-DD.`);
  return refuse(r, `${quoted} is not a date I can read.`);
}

/** A typed year, month and day: on the calendar, then today or later. */
function calendarDay(r: Reading, year: number, month: number, dom: number, yearGuessed = false): DueDateResult {
  if (month < 1 || month > 12) return refuse(r, `${r.quoted} is not a date: there is no month ${month}.`);
  const length = daysInMonth(year, month);
  if (dom < 1 || dom > length) {
    const why = dom < 1 ? `there is no day ${dom}` : `${capital(MONTH_NAMES[month - 1]!)} ${year} has ${length} days`;
    // "feb 29" in a common year: point at the next year that has it.
    const fits = yearGuessed && dom >= 1 ? [1, 2, 3, 4].map((k) => year + k).find((y) => dom <= daysInMonth(y, month)) : undefined;
    return refuse(r, `${r.quoted} is not a date: ${why}.${fits ? ` Add the year you mean, e.g. \`${r.quoted.slice(1, -1)} ${fits}\`.` : ""}`);
  }
  // Checked before counting days, which would read a year below 100 as 19xx.
  if (year < fieldsOf(r.today).year) return refuse(r, `${r.quoted} is in the past; today is ${isoOf(r.today)} in ${r.timeZone}.`);
  return accept(r, dayNumber(year, month, dom));
}

function accept(r: Reading, day: DayNumber): DueDateResult {
  const date = isoOf(day);
  if (day < r.today) return refuse(r, `${r.quoted} (${date}) is in the past; today is ${isoOf(r.today)} in ${r.timeZone}.`);
  const now = fieldsOf(r.today);
  if (day > dayNumber(now.year + MAX_YEARS_AHEAD, now.month, now.dom)) return refuse(r, `${r.quoted} (${date}) is more than ${MAX_YEARS_AHEAD} years ahead.`);
  return {
    ok: true,
    due: { date, label: labelOf(day), dueAt: new Date(startOfDayIn(day, r.timeZone)), overdueAt: new Date(startOfDayIn(day + 1, r.timeZone)) },
  };
}

/**
 * Splits `<text> @owner due <date>` at its last standalone "due", so "review due diligence @bo
 * due friday" keeps "due diligence" in the text. Without a due clause, `due` is undefined.
 */
export function splitDueClause(line: string): { before: string; due?: string } {
  const m = /^(.*)\s+due\s+(\S.*)$/is.exec(line.trim());
  if (!m) return { before: line.trim() };
  return { before: m[1]!.trim(), due: m[2]!.trim() };
}
