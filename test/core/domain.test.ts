import { describe, expect, it } from "vitest";
import { channelBaseName, channelNameCandidate, isValidChannelName, slugify } from "../../src/domain/channel-name.js";
import { canTransition, parsePhase, PHASES, TRANSITIONS } from "../../src/domain/lifecycle.js";
import { parseDuration, parsePointInTime } from "../../src/domain/time.js";
import { ConfigError, loadConfig } from "../../src/config.js";

describe("lifecycle", () => {
  it("allows the forward path of the reference and refuses leaving closed", () => {
    const path = ["triage", "containment", "investigation", "remediation", "resolved", "review", "closed"] as const;
    for (let i = 0; i < path.length - 1; i++) expect(canTransition(path[i]!, path[i + 1]!)).toBe(true);
    for (const p of PHASES) expect(canTransition("closed", p)).toBe(false);
    expect(canTransition("triage", "resolved")).toBe(true); // false positive
    expect(canTransition("triage", "review")).toBe(false);
    expect(canTransition("triage", "closed")).toBe(false);
    expect(canTransition("review", "triage")).toBe(false);
    for (const p of PHASES) expect(TRANSITIONS[p]).not.toContain(p);
  });

  it("reads phase words people use, but `contained` is a milestone, not a phase", () => {
    expect(parsePhase("contain")).toBe("containment");
    expect(parsePhase("post incident review")).toBe("review");
    expect(parsePhase("contained")).toBeUndefined();
  });
});

describe("channel names", () => {
  const day = new Date("2026-11-25T23:59:00Z");
  it("builds lowercase a-z0-9- names from the date and title", () => {
    expect(channelBaseName(day, "Support bot leaks its SYSTEM prompt!")).toBe("inc-20261125-support-bot-leaks-its-system-prompt");
    expect(slugify("Données — fuite / modèle")).toBe("donnees-fuite-modele");
    expect(channelBaseName(day, "!!!")).toBe("inc-20261125-incident");
  });

  it("never exceeds the platform limit, suffix included", () => {
    const long = "word ".repeat(40);
    for (const max of [80, 50]) {
      const base = channelBaseName(day, long, max);
      expect(base.length).toBeLessThanOrEqual(max);
      expect(isValidChannelName(base, max)).toBe(true);
      for (const n of [2, 9, 10, 123]) {
        const name = channelNameCandidate(base, n, max);
        expect(name.length).toBeLessThanOrEqual(max);
        expect(name.endsWith(`-${n}`)).toBe(true);
        expect(isValidChannelName(name, max)).toBe(true);
      }
    }
    expect(channelNameCandidate("inc-x", 1)).toBe("inc-x");
  });
});

describe("time input", () => {
  const now = new Date("2026-11-25T14:00:00Z");
  it("reads the forms people type", () => {
    expect(parsePointInTime("now", now)).toEqual(now);
    expect(parsePointInTime("30m ago", now)).toEqual(new Date("2026-11-25T13:30:00Z"));
    expect(parsePointInTime("-1h30m", now)).toEqual(new Date("2026-11-25T12:30:00Z"));
    expect(parsePointInTime("13:05", now)).toEqual(new Date("2026-11-25T13:05:00Z"));
    expect(parsePointInTime("15:00", now)).toEqual(new Date("2026-11-24T15:00:00Z"));
    expect(parsePointInTime("2026-11-24 09:15", now)).toEqual(new Date("2026-11-24T09:15:00Z"));
    expect(parsePointInTime("2026-11-24T09:15:00+01:00", now)).toEqual(new Date("2026-11-24T08:15:00Z"));
    for (const bad of ["soon", "25:00", "2026-13-45", "ago", ""]) expect(parsePointInTime(bad, now), bad).toBeUndefined();
  });

  it("reads durations", () => {
    expect(parseDuration("90m")).toBe(90);
    expect(parseDuration("1h30m")).toBe(90);
    expect(parseDuration("2w")).toBe(20160);
    expect(parseDuration("fast")).toBeUndefined();
  });
});

describe("config", () => {
  it("defaults to the embedded database in ./data", () => {
    const config = loadConfig({}, "/srv/fb");
    expect(config.database).toEqual({ url: undefined, dataDir: "/srv/fb/data" });
    expect(config.targets.P1).toMatchObject({ notify: 60, contain: 240, remediate: 4320, update: 30 });
  });

  it("reports core and platform problems together", () => {
    const error = (() => {
      try {
        loadConfig({ SLACK_BOT_TOKEN: "xapp-1-abc", LOG_LEVEL: "loud" });
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems.map((p) => p.split(" ")[0])).toEqual(["LOG_LEVEL", "SLACK_BOT_TOKEN", "Set"]);
  });

  it("overrides targets and reports every problem with a fix", () => {
    expect(loadConfig({ FIREBREAK_TARGETS: "P2.contain=12h, p3.update=2h" }).targets.P2.contain).toBe(720);
    try {
      loadConfig({ DATABASE_URL: "mysql://x", FIREBREAK_TARGETS: "P2.contian=1h,P9.x=1", LOG_LEVEL: "loud" });
      throw new Error("expected a ConfigError");
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const { problems } = error as ConfigError;
      expect(problems).toHaveLength(4);
      expect(problems[0]).toMatch(/^DATABASE_URL must be a postgres:\/\/ URL/);
      expect(problems.join("\n")).toMatch(/unknown target "contian"/);
      expect(problems.join("\n")).toMatch(/"P9.x=1" is not <severity>.<target>=<duration>/);
      expect(problems.join("\n")).toMatch(/LOG_LEVEL must be one of/);
    }
  });
});
