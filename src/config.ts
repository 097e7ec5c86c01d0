import path from "node:path";
import { z } from "zod";
import { DEFAULT_TARGETS, SEVERITIES, TARGET_KINDS, type Targets } from "./domain/severity.js";
import { parseDuration } from "./domain/time.js";
import { type AccessConfig, parseAccessConfig } from "./config/access.js";
import { collect, ConfigError, type Env } from "./config/errors.js";
import { loadSlackConfig, type SlackConfig } from "./config/slack.js";
import { parseTeamsConfig, type TeamsConfig } from "./config/teams.js";
import { parseTimersConfig, type TimersConfig } from "./config/timers.js";

/**
 * The only place that reads the environment. Every problem names the variable and says how to
 * fix it; all of them are reported at once.
 */
export interface Config {
  database: { url?: string; dataDir: string };
  targets: Targets;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  shell: { user: string };
  /** Set when Slack variables are present. */
  slack?: SlackConfig;
  /** Present when Teams is configured (see src/config/teams.ts). */
  teams?: TeamsConfig;
  timers: TimersConfig;
  /** FIREBREAK_ADMINS and FIREBREAK_ALLOW (see src/config/access.ts). */
  access: AccessConfig;
}

export { ConfigError };

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
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
  const access = parseAccessConfig(get, problems);
  const user = (get("FIREBREAK_USER") ?? get("USER") ?? "you").replace(/^@/, "");

  const slack = collect(problems, () => loadSlackConfig(env));

  if (problems.length) throw new ConfigError(problems);
  return {
    slack,
    database: { url, dataDir },
    targets,
    logLevel: logLevel as Config["logLevel"],
    shell: { user },
    teams,
    timers,
    access,
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

function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):([^@]+)@/, "//$1:***@");
}
