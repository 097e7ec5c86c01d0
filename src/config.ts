import fs from "node:fs";
import path from "node:path";
import dotenv from "dotenv";
import { z } from "zod";
import { DEFAULT_TARGETS, SEVERITIES, TARGET_KINDS, type Targets } from "./domain/severity.js";
import { parseDuration } from "./domain/time.js";
import { DEFAULT_TIME_ZONE, isTimeZone } from "./domain/time-zone.js";
import { type AccessConfig, parseAccessConfig } from "./config/access.js";
import { collect, ConfigError, type Env } from "./config/errors.js";
import { loadSlackConfig, SLACK_VARIABLES, type SlackConfig } from "./config/slack.js";
import { parseTeamsConfig, TEAMS_SWITCHES, type TeamsConfig } from "./config/teams.js";
import { parseTimersConfig, type TimersConfig } from "./config/timers.js";
import { type DeliveryConfig, parseDeliveryConfig } from "./config/delivery.js";
import { parseReportsConfig, type ReportsConfig } from "./config/reports.js";
import { parseWorkConfig, type WorkConfig } from "./config/work.js";

/**
 * The only place that reads the environment. Every problem names the variable and says how to
 * fix it; all of them are reported at once.
 */
export interface Config {
  database: { url?: string; dataDir: string };
  targets: Targets;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  shell: { user: string };
  /** IANA zone for typed times (`14:05`) and for stamps written as text (FIREBREAK_TIMEZONE). */
  timeZone: string;
  /** Set when Slack variables are present. */
  slack?: SlackConfig;
  /** Present when Teams is configured (see src/config/teams.ts). */
  teams?: TeamsConfig;
  timers: TimersConfig;
  delivery: DeliveryConfig;
  /** Work after an acknowledgement: how much runs at once and may wait (see src/config/work.ts). */
  work: WorkConfig;
  /** FIREBREAK_ADMINS and FIREBREAK_ALLOW (see src/config/access.ts). */
  access: AccessConfig;
  /** Report files, document links and file evidence (see src/config/reports.ts). */
  reports: ReportsConfig;
}

export { ConfigError };

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/**
 * The environment for `npm run demo`: this process's, with the embedded database in `dataDir`
 * and every chat platform and database server switched off (an empty variable counts as unset,
 * and the real environment wins over `.env`), so the demo cannot reach real data.
 */
export function demoEnvironment(dataDir: string): Env {
  const off = [...SLACK_VARIABLES, ...TEAMS_SWITCHES, "DATABASE_URL"].map((name) => [name, ""]);
  return { ...process.env, ...Object.fromEntries(off), FIREBREAK_DATA_DIR: dataDir };
}

/**
 * `env` defaults to the process's environment over the settings in `.env` in `cwd`; tests pass
 * their own and no file is read.
 */
export function loadConfig(env?: Env, cwd = process.cwd()): Config {
  return parseConfig(env ?? withDotEnv(process.env, cwd), cwd);
}

/**
 * The settings in `cwd`'s `.env` (if there is one) under `env`: a variable set in the real
 * environment wins over the file, as with Node's --env-file and dotenv.
 */
export function withDotEnv(env: Env, cwd: string): Env {
  const file = path.join(cwd, ".env");
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return env;
    throw new ConfigError([`${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}); fix its permissions or remove it.`]);
  }
  return { ...dotenv.parse(text), ...env };
}

function parseConfig(env: Env, cwd: string): Config {
  const problems: string[] = [];
  const get = (name: string) => {
    const v = env[name]?.trim();
    return v === "" ? undefined : v;
  };

  const url = get("DATABASE_URL");
  if (url && !z.url({ protocol: /^postgres(ql)?$/ }).safeParse(url).success) {
    problems.push(
      `DATABASE_URL must be a postgres:// URL (got "${redact(url)}"). Example: postgres://user:pass@localhost:5432/firebreak — or unset it to use the embedded database.`,
    );
  }

  const logLevel = get("LOG_LEVEL") ?? "warn";
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")} (got "${logLevel}").`);
  }

  const targets = parseTargets(get("FIREBREAK_TARGETS"), problems);
  const dataDir = path.resolve(cwd, get("FIREBREAK_DATA_DIR") ?? "data");
  const teams = parseTeamsConfig(get, problems);
  const timers = parseTimersConfig(get, problems);
  const delivery = parseDeliveryConfig(get, problems);
  const work = parseWorkConfig(get, problems);
  const access = parseAccessConfig(get, problems);
  const reports = parseReportsConfig(get, problems, cwd);
  const user = (get("FIREBREAK_USER") ?? get("USER") ?? "you").replace(/^@/, "");
  const timeZone = parseTimeZone(get("FIREBREAK_TIMEZONE"), problems);

  const slack = collect(problems, () => loadSlackConfig(env));

  if (problems.length) throw new ConfigError(problems);
  return {
    slack,
    database: { url, dataDir },
    targets,
    logLevel: logLevel as Config["logLevel"],
    shell: { user },
    timeZone,
    teams,
    timers,
    delivery,
    work,
    access,
    reports,
  };
}

/**
 * `FIREBREAK_TARGETS="P2.contain=12h,P3.update=2h"` overrides the per-severity defaults
 * (kinds: detect, notify, contain, remediate, update).
 */
export function parseTargets(text: string | undefined, problems: string[]): Targets {
  const targets = structuredClone(DEFAULT_TARGETS);
  if (!text) return targets;
  for (const raw of text.split(",")) {
    const item = raw.trim();
    if (!item) continue;
    const m = /^(P[1-4])\.([a-z]+)=(.+)$/i.exec(item);
    const example = "e.g. FIREBREAK_TARGETS=P2.contain=12h,P3.update=2h";
    if (!m) {
      problems.push(`FIREBREAK_TARGETS: "${item}" is not <severity>.<target>=<duration> (${example}).`);
      continue;
    }
    const severity = m[1]!.toUpperCase() as (typeof SEVERITIES)[number];
    const kind = m[2]!.toLowerCase();
    const minutes = parseDuration(m[3]!);
    if (!(TARGET_KINDS as readonly string[]).includes(kind)) {
      problems.push(`FIREBREAK_TARGETS: unknown target "${kind}" in "${item}"; use one of ${TARGET_KINDS.join(", ")} (${example}).`);
    } else if (minutes === undefined) {
      problems.push(`FIREBREAK_TARGETS: "${m[3]}" in "${item}" is not a duration like 30m, 4h, 7d.`);
    } else {
      targets[severity][kind as (typeof TARGET_KINDS)[number]] = minutes;
    }
  }
  return targets;
}

/** Abbreviations people type for a zone, which are not zone names (several are ambiguous). */
const ABBREVIATIONS: Record<string, string> = {
  CEST: "Europe/Berlin or Europe/Paris",
  BST: "Europe/London",
  IST: "Asia/Kolkata or Europe/Dublin",
  PST: "America/Los_Angeles",
  PDT: "America/Los_Angeles",
  EDT: "America/New_York",
  CDT: "America/Chicago",
  MDT: "America/Denver",
  JST: "Asia/Tokyo",
  AEST: "Australia/Sydney",
  AEDT: "Australia/Sydney",
};

/** `FIREBREAK_TIMEZONE=Europe/Berlin`: an IANA name, so daylight saving is followed. */
export function parseTimeZone(text: string | undefined, problems: string[]): string {
  if (text === undefined) return DEFAULT_TIME_ZONE;
  if (isTimeZone(text)) return text;
  const examples = "such as Europe/Berlin, America/New_York or UTC";
  const offset = /^(?:utc|gmt)?\s*([+-])(\d{1,2})(?::?00)?$/i.exec(text);
  const guess = ABBREVIATIONS[text.toUpperCase()] ?? cityMatch(text);
  let hint = "";
  if (guess) hint = ` Did you mean ${guess}?`;
  else if (offset) hint = ` A fixed offset ignores daylight saving; prefer your city's zone, or use Etc/GMT${offset[1] === "+" ? "-" : "+"}${Number(offset[2])} (the sign is inverted in those names).`;
  problems.push(`FIREBREAK_TIMEZONE must be an IANA time zone name ${examples} (got "${text}").${hint} The list: https://en.wikipedia.org/wiki/List_of_tz_database_time_zones`);
  return DEFAULT_TIME_ZONE;
}

/** `berlin` or `new york` → the zone named after that city, when exactly one is. */
function cityMatch(text: string): string | undefined {
  const wanted = text.trim().toLowerCase().replace(/\s+/g, "_");
  if (!wanted) return undefined;
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  const hits = zones.filter((z) => z.toLowerCase().split("/").at(-1) === wanted);
  return hits.length === 1 ? hits[0] : undefined;
}

function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):([^@]+)@/, "//$1:***@");
}
