import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env, "/tmp");
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error("expected the configuration to be refused");
}

const GUID = "5f2b9c1e-8d7a-4e3b-9a6f-1c2d3e4f5a6b";

describe("FIREBREAK_ADMINS", () => {
  it("reads platform-qualified ids; Teams and shell ids compare case-insensitively", () => {
    const { access } = loadConfig({ FIREBREAK_ADMINS: ` slack:U0123ABCD, teams:${GUID.toUpperCase()} ,shell:Alice,slack:U0123ABCD` }, "/tmp");
    expect(access.admins).toEqual([
      { platform: "slack", id: "U0123ABCD" },
      { platform: "teams", id: GUID },
      { platform: "shell", id: "alice" },
    ]);
  });

  it("has no admins and no overrides by default", () => {
    expect(loadConfig({}, "/tmp").access).toEqual({ admins: [], allow: [] });
  });

  it.each([
    ["U0123ABCD", 'FIREBREAK_ADMINS: "U0123ABCD" — prefix each id with its platform (e.g. FIREBREAK_ADMINS=slack:U0123ABCD,teams:5f2b9c1e-8d7a-4e3b-9a6f-1c2d3e4f5a6b,shell:alice).'],
    ["discord:123", 'FIREBREAK_ADMINS: "discord:123" — "discord" is not a platform; use slack, teams, shell'],
    ["slack:@alice", 'FIREBREAK_ADMINS: "slack:@alice" — Slack admins are listed by member id, not by name: in Slack open their profile → ⋯ → Copy member ID (it looks like U0123ABCD).'],
    ["slack:u0123abcd", 'FIREBREAK_ADMINS: "slack:u0123abcd" — Slack member ids are upper-case: write slack:U0123ABCD.'],
    ["slack:T0123ABCD", 'FIREBREAK_ADMINS: "slack:T0123ABCD" — "T0123ABCD" is not a Slack member id (U… or W…, letters and digits, like U0123ABCD); that looks like a workspace or channel id.'],
    ["teams:29:1abcDEF", 'FIREBREAK_ADMINS: "teams:29:1abcDEF" — that is the Teams chat id; list the person\'s Entra object id instead'],
    ["teams:alice@example.com", 'FIREBREAK_ADMINS: "teams:alice@example.com" — Teams admins are listed by their Entra object id, a GUID'],
    ["shell:al ice", 'FIREBREAK_ADMINS: "shell:al ice" — "al ice" is not a shell user name'],
  ])("refuses %j with a fix-it message", (value, expected) => {
    const problems = problemsOf({ FIREBREAK_ADMINS: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(expected);
  });
});

describe("FIREBREAK_ALLOW", () => {
  it("reads <action>[:<severity>]=<who> items", () => {
    expect(loadConfig({ FIREBREAK_ALLOW: "close:P4=anyone, severity=Members,close:p3=leads" }, "/tmp").access.allow).toEqual([
      { action: "close", severity: "P4", who: "anyone" },
      { action: "severity", who: "members" },
      { action: "close", severity: "P3", who: "leads" },
    ]);
  });

  it.each([
    ["close", 'FIREBREAK_ALLOW: "close" is not <action>[:<severity>]=<who> (e.g. FIREBREAK_ALLOW=close:P4=anyone,severity=members).'],
    ["clsoe=anyone", 'FIREBREAK_ALLOW: unknown action "clsoe" in "clsoe=anyone" (did you mean "close"?); actions you can change: severity, vector, phase,'],
    ["list=admins", 'FIREBREAK_ALLOW: "list" cannot be changed (it is open to everyone); remove "list=admins".'],
    ["timeline=members", 'FIREBREAK_ALLOW: "timeline" cannot be changed (it follows who can see the incident); remove "timeline=members".'],
    ["close:P5=anyone", 'FIREBREAK_ALLOW: "P5" in "close:P5=anyone" is not a severity; use one of P1, P2, P3, P4 (one per item: close:P3=anyone,close:P4=anyone).'],
    ["close=everyone", 'FIREBREAK_ALLOW: "everyone" in "close=everyone" is not a group; use anyone (who can see the incident), members, leads (commander, backup, admins) or admins.'],
    ["close=admin", 'FIREBREAK_ALLOW: "admin" in "close=admin" is not a group (did you mean "admins"?);'],
    ["close:P4=anyone,close:P4=members", 'FIREBREAK_ALLOW: "close:P4" is given twice; keep one.'],
  ])("refuses %j with a fix-it message", (value, expected) => {
    const problems = problemsOf({ FIREBREAK_ALLOW: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(expected);
  });

  it("reports every problem at once, with the other variables' problems", () => {
    const problems = problemsOf({ FIREBREAK_ALLOW: "clsoe=anyone,close=everyone", FIREBREAK_ADMINS: "slack:@root", LOG_LEVEL: "loud" });
    expect(problems).toHaveLength(4);
    expect(problems.filter((p) => p.startsWith("FIREBREAK_ALLOW"))).toHaveLength(2);
    expect(problems.some((p) => p.startsWith("FIREBREAK_ADMINS"))).toBe(true);
    expect(problems.some((p) => p.startsWith("LOG_LEVEL"))).toBe(true);
  });
});
