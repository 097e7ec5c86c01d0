import { UsageError } from "../errors.js";

/**
 * Which incidents `stats` counts: those declared in [from, to). `from` null → since the first,
 * `to` null → up to now.
 */
export interface StatsPeriod {
  kind: "days" | "quarter" | "all";
  from: Date | null;
  to: Date | null;
  /** For headings: "the last 30 days", "2026-Q3", "all time". */
  label: string;
}

export const STATS_USAGE = "Usage: `stats [30d|90d|2026-Q3|all]` — the last N days (default 30d), a calendar quarter in UTC, or everything.";
export const DEFAULT_STATS_PERIOD = "30d";
const MAX_DAYS = 3650;
const DAY = 24 * 60 * 60_000;

const usage = (message: string, help = STATS_USAGE) => new UsageError(message, help, "stats");

/** Parses the period argument of `stats`; every refusal says what was wrong and shows the usage. */
export function parseStatsPeriod(token: string | undefined, now: Date): StatsPeriod {
  const text = (token ?? DEFAULT_STATS_PERIOD).trim().toLowerCase();
  if (text === "all") return { kind: "all", from: null, to: null, label: "all time" };

  const days = /^(\d+)\s*d(?:ays?)?$/.exec(text);
  if (days) {
    const n = Number(days[1]);
    if (n === 0) throw usage("A period of 0 days holds no incidents; give at least 1 day, e.g. `stats 30d`.");
    if (n > MAX_DAYS) throw usage(`${n} days is longer than the ${MAX_DAYS}-day limit; use \`stats all\` for everything.`);
    return { kind: "days", from: new Date(now.getTime() - n * DAY), to: null, label: n === 1 ? "the last day" : `the last ${n} days` };
  }

  const quarter = /^(\d{4})\s*-?\s*q(\d+)$/.exec(text);
  if (quarter) return quarterPeriod(Number(quarter[1]), Number(quarter[2]), now);

  if (/^\d+$/.test(text)) throw usage(`\`${token}\` needs a unit: \`${text}d\` for the last ${text} days.`);
  const bareQuarter = /^q([1-4])$/.exec(text);
  if (bareQuarter) throw usage(`Give the year with the quarter, e.g. \`${now.getUTCFullYear()}-Q${bareQuarter[1]}\`.`);
  throw usage(`\`${token}\` is not a period I understand.`);
}

function quarterPeriod(year: number, q: number, now: Date): StatsPeriod {
  if (q < 1 || q > 4) throw usage(`There is no Q${q}: a year has quarters Q1 to Q4 (e.g. \`stats ${year}-Q3\`).`);
  if (year < 1970) throw usage(`${year} is before any incident could have been recorded; give a recent year, e.g. \`stats ${now.getUTCFullYear()}-Q1\`.`);
  const from = new Date(Date.UTC(year, (q - 1) * 3, 1));
  const to = new Date(Date.UTC(year, q * 3, 1));
  const label = `${year}-Q${q}`;
  if (from.getTime() > now.getTime()) {
    throw usage(`${label} has not started yet (it starts ${from.toISOString().slice(0, 10)}).`, `${STATS_USAGE} The current quarter is ${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}.`);
  }
  return { kind: "quarter", from, to, label };
}

/** Whether an incident declared at `declaredAt` falls in the period (the query's filter, in code). */
export function inPeriod(period: StatsPeriod, declaredAt: Date): boolean {
  const t = declaredAt.getTime();
  return (period.from === null || t >= period.from.getTime()) && (period.to === null || t < period.to.getTime());
}
