import { z } from "zod";
import { type AccessSettings, ACTIONS, type AllowOverride, AUDIENCES, type Audience, CONFIGURABLE_ACTIONS, normalizeUserId, type PlatformUser, RULES } from "../access/policy.js";
import { PLATFORMS } from "../domain/people.js";
import { SEVERITIES, type Severity } from "../domain/severity.js";

type Get = (name: string) => string | undefined;

export type AccessConfig = AccessSettings;

const SLACK_USER = /^[UW][A-Z0-9]{6,}$/;
const ENTRA_OBJECT_ID = z.guid();
const SHELL_USER = /^[\p{L}\p{N}._-]+$/u;
const ADMINS_EXAMPLE = "e.g. FIREBREAK_ADMINS=slack:U0123ABCD,teams:5f2b9c1e-8d7a-4e3b-9a6f-1c2d3e4f5a6b,shell:alice";

/**
 * FIREBREAK_ADMINS (who may do everything, and see private incidents) and FIREBREAK_ALLOW (the
 * few changes a team may make to the access table). Every problem names the variable and the
 * item, and says how to fix it.
 */
export function parseAccessConfig(get: Get, problems: string[]): AccessConfig {
  return { admins: parseAdmins(get("FIREBREAK_ADMINS"), problems), allow: parseAllow(get("FIREBREAK_ALLOW"), problems) };
}

export function parseAdmins(text: string | undefined, problems: string[]): PlatformUser[] {
  const admins: PlatformUser[] = [];
  for (const item of items(text)) {
    const m = /^([a-z]+):(.+)$/i.exec(item);
    const platform = m?.[1]!.toLowerCase();
    const id = m?.[2]!.trim() ?? "";
    if (!m || !(PLATFORMS as readonly string[]).includes(platform!)) {
      const hint = m ? `"${m[1]}" is not a platform; use ${PLATFORMS.join(", ")}` : "prefix each id with its platform";
      problems.push(`FIREBREAK_ADMINS: "${item}" — ${hint} (${ADMINS_EXAMPLE}).`);
      continue;
    }
    const problem = adminIdProblem(platform as PlatformUser["platform"], id);
    if (problem) {
      problems.push(`FIREBREAK_ADMINS: "${item}" — ${problem}`);
      continue;
    }
    const user = { platform: platform as PlatformUser["platform"], id: normalizeUserId(platform as PlatformUser["platform"], id) };
    if (!admins.some((a) => a.platform === user.platform && a.id === user.id)) admins.push(user);
  }
  return admins;
}

function adminIdProblem(platform: PlatformUser["platform"], id: string): string | undefined {
  if (platform === "slack") {
    if (SLACK_USER.test(id)) return undefined;
    if (id.startsWith("@") || !/^[A-Z0-9]+$/i.test(id)) return "Slack admins are listed by member id, not by name: in Slack open their profile → ⋯ → Copy member ID (it looks like U0123ABCD).";
    if (SLACK_USER.test(id.toUpperCase())) return `Slack member ids are upper-case: write slack:${id.toUpperCase()}.`;
    return `"${id}" is not a Slack member id (U… or W…, letters and digits, like U0123ABCD); ${/^[TC]/i.test(id) ? "that looks like a workspace or channel id. " : ""}Copy it from the person's profile → ⋯ → Copy member ID.`;
  }
  if (platform === "teams") {
    if (ENTRA_OBJECT_ID.safeParse(id).success) return undefined;
    if (id.startsWith("29:")) return "that is the Teams chat id; list the person's Entra object id instead (a GUID: Entra admin center → Users → the person → Object ID).";
    return "Teams admins are listed by their Entra object id, a GUID like 5f2b9c1e-8d7a-4e3b-9a6f-1c2d3e4f5a6b (Entra admin center → Users → the person → Object ID).";
  }
  if (platform === "shell") return SHELL_USER.test(id) ? undefined : `"${id}" is not a shell user name (letters, digits, . _ -), e.g. shell:alice.`;
  return undefined;
}

const ALLOW_EXAMPLE = "e.g. FIREBREAK_ALLOW=close:P4=anyone,severity=members";

/**
 * `FIREBREAK_ALLOW=close:P4=anyone,severity=members`: comma-separated `<action>[:<severity>]=<who>`.
 * A severity-specific item beats the plain one for that action.
 */
export function parseAllow(text: string | undefined, problems: string[]): AllowOverride[] {
  const allow: AllowOverride[] = [];
  for (const item of items(text)) {
    const m = /^([a-z-]+)(?::([^=]*))?=(.*)$/i.exec(item);
    if (!m) {
      problems.push(`FIREBREAK_ALLOW: "${item}" is not <action>[:<severity>]=<who> (${ALLOW_EXAMPLE}).`);
      continue;
    }
    const action = m[1]!.toLowerCase();
    const severityText = m[2]?.trim().toUpperCase();
    const who = m[3]!.trim().toLowerCase();
    const before = problems.length;
    if (!(ACTIONS as string[]).includes(action)) {
      problems.push(`FIREBREAK_ALLOW: unknown action "${m[1]}" in "${item}"${suggest(action, CONFIGURABLE_ACTIONS)}; actions you can change: ${CONFIGURABLE_ACTIONS.join(", ")}.`);
    } else if (!RULES[action as AllowOverride["action"]].configurable) {
      problems.push(`FIREBREAK_ALLOW: "${action}" cannot be changed (${RULES[action as AllowOverride["action"]].scope === "global" ? "it is open to everyone" : "it follows who can see the incident"}); remove "${item}".`);
    }
    if (severityText !== undefined && !(SEVERITIES as readonly string[]).includes(severityText)) {
      problems.push(`FIREBREAK_ALLOW: "${m[2]}" in "${item}" is not a severity; use one of ${SEVERITIES.join(", ")} (one per item: close:P3=anyone,close:P4=anyone).`);
    }
    if (!(AUDIENCES as readonly string[]).includes(who)) {
      problems.push(`FIREBREAK_ALLOW: "${m[3]}" in "${item}" is not a group${suggest(who, [...AUDIENCES])}; use anyone (who can see the incident), members, leads (commander, backup, admins) or admins.`);
    }
    if (problems.length > before) continue;
    const override: AllowOverride = { action: action as AllowOverride["action"], who: who as Audience, ...(severityText ? { severity: severityText as Severity } : {}) };
    if (allow.some((o) => o.action === override.action && o.severity === override.severity)) {
      problems.push(`FIREBREAK_ALLOW: "${action}${override.severity ? `:${override.severity}` : ""}" is given twice; keep one.`);
      continue;
    }
    allow.push(override);
  }
  return allow;
}

function items(text: string | undefined): string[] {
  return (text ?? "").split(",").map((s) => s.trim()).filter(Boolean);
}

/** ` (did you mean "close"?)` for a near miss, else nothing. */
function suggest(word: string, options: readonly string[]): string {
  const near = options.find((o) => distance(o, word) <= 2 || (word.length > 3 && o.startsWith(word)));
  return near ? ` (did you mean "${near}"?)` : "";
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = row[j]!;
      row[j] = next;
    }
  }
  return row[b.length]!;
}
