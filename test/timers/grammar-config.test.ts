import { describe, expect, it } from "vitest";
import { parseCommand } from "../../src/commands/parse.js";
import { ConfigError, loadConfig } from "../../src/config.js";
import { UsageError } from "../../src/errors.js";

describe("timer commands", () => {
  it("parses flag, notify regulator, snooze, dismiss, reminders and drill", () => {
    expect(parseCommand("flag personal-data").command).toMatchObject({ kind: "flag", flag: "personal-data" });
    expect(parseCommand("flag PII").command).toMatchObject({ kind: "flag", flag: "personal-data" });
    expect(parseCommand("notify regulator").command).toMatchObject({ kind: "notify", audience: "regulator" });
    expect(parseCommand("snooze 3f2a9c1b 1h").command).toMatchObject({ kind: "snooze", reminder: "3f2a9c1b", minutes: 60 });
    expect(parseCommand("snooze 3f2a9c1b").command).toMatchObject({ kind: "snooze", reminder: "3f2a9c1b" });
    expect(parseCommand("ack 3f2a9c1b").command).toMatchObject({ kind: "dismiss", reminder: "3f2a9c1b" });
    expect(parseCommand("reminders").command).toMatchObject({ kind: "reminders" });
    expect(parseCommand("drill supply chain --speed 60").command).toMatchObject({ kind: "drill", scenario: "supply-chain", speed: 60 });
    expect(parseCommand("tabletop data-poisoning").command).toMatchObject({ kind: "drill", scenario: "data-poisoning" });
  });

  it("refuses bad input with the usage", () => {
    const cases: [string, RegExp][] = [
      ["flag secrets", /the one flag is `personal-data`/],
      ["notify press", /notify regulator/],
      ["snooze 3f2a9c1b soon", /not a duration/],
      ["snooze", /Name the reminder/],
      ["dismiss zz-top", /hex code/],
      ["drill --speed 5", /not a drill scenario/],
      ["drill prompt-injection --speed fast", /whole number/],
    ];
    for (const [text, message] of cases) {
      let error: unknown;
      try {
        parseCommand(text);
      } catch (e) {
        error = e;
      }
      expect(error, text).toBeInstanceOf(UsageError);
      expect((error as UsageError).message, text).toMatch(message);
      expect((error as UsageError).help, text).toContain("Usage:");
    }
  });
});

describe("timers configuration", () => {
  it("has defaults and reads overrides", () => {
    expect(loadConfig({}, "/tmp").timers).toEqual({ reviewWithin: 14 * 24 * 60, recurrenceChecks: [30 * 24 * 60, 90 * 24 * 60], snooze: 30, drillSpeed: 20, pollSeconds: 0.5, jobExpireSeconds: 60, maintenanceSeconds: 5 });
    const config = loadConfig({ FIREBREAK_REVIEW_WITHIN: "10d", FIREBREAK_RECURRENCE_CHECKS: "7d, 30d", FIREBREAK_SNOOZE: "1h", FIREBREAK_DRILL_SPEED: "60" }, "/tmp");
    expect(config.timers).toMatchObject({ reviewWithin: 10 * 24 * 60, recurrenceChecks: [7 * 24 * 60, 30 * 24 * 60], snooze: 60, drillSpeed: 60 });
  });

  it("names the variable and the fix for every bad value, all at once", () => {
    let error: unknown;
    try {
      loadConfig({ FIREBREAK_REVIEW_WITHIN: "two weeks", FIREBREAK_RECURRENCE_CHECKS: "30d,soon", FIREBREAK_DRILL_SPEED: "0", FIREBREAK_TIMER_POLL_SECONDS: "0.1" }, "/tmp");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join("\n");
    expect(problems).toContain("FIREBREAK_REVIEW_WITHIN must be a duration like 14d");
    expect(problems).toContain('FIREBREAK_RECURRENCE_CHECKS: "soon"');
    expect(problems).toContain("FIREBREAK_DRILL_SPEED must be a number from 1 to 3600");
    expect(problems).toContain("FIREBREAK_TIMER_POLL_SECONDS must be a number from 0.5 to 60");
  });
});
