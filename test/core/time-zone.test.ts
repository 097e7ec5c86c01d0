import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";
import { formatUtc, parsePointInTime } from "../../src/domain/time.js";
import { formatInZone, instantOfWallClock, isTimeZone, offsetMinutes, zoneLabel } from "../../src/domain/time-zone.js";

const at = (iso: string) => new Date(iso);

describe("typed times are read in FIREBREAK_TIMEZONE", () => {
  it("reads a bare clock time as today in the zone, or yesterday when that is still ahead", () => {
    const now = at("2026-11-25T14:00:00Z"); // 15:00 in Berlin
    expect(parsePointInTime("14:05", now, "Europe/Berlin")).toEqual(at("2026-11-25T13:05:00Z"));
    expect(parsePointInTime("15:30", now, "Europe/Berlin")).toEqual(at("2026-11-24T14:30:00Z"));
    // New York is still on the 25th at 14:00Z (09:00 EST); 10:00 there has not come yet today.
    expect(parsePointInTime("10:00", now, "America/New_York")).toEqual(at("2026-11-24T15:00:00Z"));
    expect(parsePointInTime("08:59", now, "America/New_York")).toEqual(at("2026-11-25T13:59:00Z"));
  });

  it("uses the local calendar day, not UTC's, near midnight", () => {
    const now = at("2026-11-25T23:30:00Z"); // already 08:30 on the 26th in Tokyo
    expect(parsePointInTime("08:00", now, "Asia/Tokyo")).toEqual(at("2026-11-25T23:00:00Z"));
    expect(parsePointInTime("2026-11-26 01:15", now, "Asia/Tokyo")).toEqual(at("2026-11-25T16:15:00Z"));
  });

  it("keeps UTC as the default, so callers that pass no zone behave as before", () => {
    const now = at("2026-11-25T14:00:00Z");
    expect(parsePointInTime("13:05", now)).toEqual(at("2026-11-25T13:05:00Z"));
    expect(parsePointInTime("2026-11-24 09:15", now)).toEqual(at("2026-11-24T09:15:00Z"));
    expect(parsePointInTime("2026-11-24", now)).toEqual(at("2026-11-24T00:00:00Z"));
  });

  it("honours an offset written in the text over the zone", () => {
    const now = at("2026-11-25T14:00:00Z");
    expect(parsePointInTime("2026-11-24T09:15:00+01:00", now, "America/New_York")).toEqual(at("2026-11-24T08:15:00Z"));
    expect(parsePointInTime("2026-11-24T09:15:00Z", now, "Asia/Tokyo")).toEqual(at("2026-11-24T09:15:00Z"));
    expect(parsePointInTime("2026-11-24T09:15", now, "Asia/Tokyo")).toEqual(at("2026-11-24T00:15:00Z"));
  });

  it("moves a time skipped by the spring change forward by the gap", () => {
    // Berlin 2026-03-29: 02:00 CET becomes 03:00 CEST; 02:30 never happens on the wall.
    const now = at("2026-03-29T10:00:00Z");
    expect(parsePointInTime("02:30", now, "Europe/Berlin")).toEqual(at("2026-03-29T01:30:00Z"));
    expect(formatInZone(parsePointInTime("02:30", now, "Europe/Berlin")!, "Europe/Berlin")).toBe("2026-03-29 03:30 CEST");
    expect(parsePointInTime("01:59", now, "Europe/Berlin")).toEqual(at("2026-03-29T00:59:00Z"));
    expect(parsePointInTime("03:00", now, "Europe/Berlin")).toEqual(at("2026-03-29T01:00:00Z"));
    // New York 2026-03-08: 02:00 EST becomes 03:00 EDT.
    expect(parsePointInTime("2026-03-08 02:15", now, "America/New_York")).toEqual(at("2026-03-08T07:15:00Z"));
  });

  it("reads a time that happens twice at the autumn change as the first of the two", () => {
    // Berlin 2026-10-25: 03:00 CEST goes back to 02:00 CET; 02:30 happens at 00:30Z and 01:30Z.
    const now = at("2026-10-25T12:00:00Z");
    expect(parsePointInTime("02:30", now, "Europe/Berlin")).toEqual(at("2026-10-25T00:30:00Z"));
    expect(parsePointInTime("03:30", now, "Europe/Berlin")).toEqual(at("2026-10-25T02:30:00Z"));
    expect(parsePointInTime("01:30", now, "Europe/Berlin")).toEqual(at("2026-10-24T23:30:00Z"));
    // Lord Howe moves by half an hour: 02:00 goes back to 01:30 on 2026-04-05.
    expect(instantOfWallClock({ year: 2026, month: 4, day: 5, hour: 1, minute: 45 }, "Australia/Lord_Howe")).toEqual(at("2026-04-04T14:45:00Z"));
  });

  it("refuses dates that do not exist and keeps refusing what it always did", () => {
    const now = at("2026-11-25T14:00:00Z");
    for (const bad of ["soon", "25:00", "2026-13-45", "2026-02-30", "2026-02-30 10:00", "ago", "", "2026-11-24 24:00"]) {
      expect(parsePointInTime(bad, now, "Europe/Berlin"), bad).toBeUndefined();
    }
  });
});

describe("stamps name their zone", () => {
  const t = at("2026-11-26T14:05:00Z");
  const summer = at("2026-07-01T14:05:00Z");

  it("writes one format everywhere, with the zone's abbreviation or offset", () => {
    expect(formatInZone(t, "UTC")).toBe("2026-11-26 14:05 UTC");
    expect(formatUtc(at("2026-11-26T00:35:12.073Z"))).toBe("2026-11-26 00:35 UTC");
    expect(formatInZone(t, "Europe/Berlin")).toBe("2026-11-26 15:05 CET");
    expect(formatInZone(summer, "Europe/Berlin", "time")).toBe("16:05 CEST");
    expect(formatInZone(t, "America/New_York", "time")).toBe("09:05 EST");
    expect(formatInZone(summer, "Europe/London")).toBe("2026-07-01 15:05 BST");
    expect(formatInZone(t, "Asia/Tokyo")).toBe("2026-11-26 23:05 UTC+9");
    expect(formatInZone(t, "Asia/Kolkata", "time")).toBe("19:35 UTC+5:30");
    expect(formatInZone(t, "America/St_Johns", "time")).toBe("10:35 UTC-3:30");
    expect(formatInZone(at("2026-11-26T23:30:00Z"), "Asia/Tokyo", "date")).toBe("2026-11-27");
  });

  it("knows offsets and zone names", () => {
    expect(offsetMinutes(t, "Europe/Berlin")).toBe(60);
    expect(offsetMinutes(summer, "America/Los_Angeles")).toBe(-420);
    expect(zoneLabel(t, "Etc/UTC")).toBe("UTC");
    for (const good of ["UTC", "Europe/Berlin", "europe/berlin", "America/Argentina/Buenos_Aires", "Etc/GMT-1"]) expect(isTimeZone(good), good).toBe(true);
    for (const bad of ["CEST", "Mars/Olympus", "+01:00", "UTC+1", "", "Europe/Berlin "]) expect(isTimeZone(bad), bad).toBe(false);
  });
});

describe("FIREBREAK_TIMEZONE", () => {
  const problemsFor = (value: string) => {
    try {
      loadConfig({ FIREBREAK_TIMEZONE: value }, "/tmp");
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    return [];
  };

  it("defaults to UTC and takes any IANA name", () => {
    expect(loadConfig({}, "/tmp").timeZone).toBe("UTC");
    expect(loadConfig({ FIREBREAK_TIMEZONE: " Europe/Berlin " }, "/tmp").timeZone).toBe("Europe/Berlin");
    expect(loadConfig({ FIREBREAK_TIMEZONE: "America/Argentina/Buenos_Aires" }, "/tmp").timeZone).toBe("America/Argentina/Buenos_Aires");
  });

  it("refuses to start on anything else, saying what to write instead", () => {
    expect(problemsFor("Mars/Olympus")).toEqual([
      'FIREBREAK_TIMEZONE must be an IANA time zone name such as Europe/Berlin, America/New_York or UTC (got "Mars/Olympus"). The list: https://en.wikipedia.org/wiki/List_of_tz_database_time_zones',
    ]);
    expect(problemsFor("CEST")[0]).toContain("Did you mean Europe/Berlin or Europe/Paris?");
    expect(problemsFor("berlin")[0]).toContain("Did you mean Europe/Berlin?");
    expect(problemsFor("new york")[0]).toContain("Did you mean America/New_York?");
    expect(problemsFor("UTC+2")[0]).toContain("use Etc/GMT-2 (the sign is inverted in those names)");
    expect(problemsFor("-05:00")[0]).toContain("use Etc/GMT+5");
  });
});
