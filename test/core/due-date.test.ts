import { describe, expect, it } from "vitest";
import { type DueDate, isTimeZone, parseDueDate, splitDueClause } from "../../src/domain/due-date.js";

// Wednesday 25 November 2026, 14:00 UTC.
const WED = new Date("2026-11-25T14:00:00Z");

function due(text: string, now = WED, zone = "UTC"): DueDate {
  const result = parseDueDate(text, now, zone);
  if (!result.ok) throw new Error(`expected ${text} to parse: ${result.error}`);
  return result.due;
}
const dateOf = (text: string, now = WED, zone = "UTC") => due(text, now, zone).date;

function refusal(text: string, now = WED, zone = "UTC"): string {
  const result = parseDueDate(text, now, zone);
  if (result.ok) throw new Error(`expected ${text} to be refused, got ${result.due.date}`);
  return result.error;
}

/** The calendar day of an instant in a zone, by Intl's own calendar (an independent check). */
const intlFormats = new Map<string, Intl.DateTimeFormat>();
function intlDate(instant: Date, zone: string): string {
  if (!intlFormats.has(zone)) intlFormats.set(zone, new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }));
  return intlFormats.get(zone)!.format(instant);
}

describe("due dates: the accepted forms", () => {
  it("reads an ISO date as that calendar day, due at its start and overdue at its end", () => {
    expect(due("2026-12-01")).toEqual({
      date: "2026-12-01",
      label: "Tue 1 Dec 2026",
      dueAt: new Date("2026-12-01T00:00:00Z"),
      overdueAt: new Date("2026-12-02T00:00:00Z"),
    });
    expect(dateOf("2027-1-5")).toBe("2027-01-05");
  });

  it("reads today and tomorrow, in any case and spacing", () => {
    expect(dateOf("today")).toBe("2026-11-25");
    expect(dateOf("  Tomorrow ")).toBe("2026-11-26");
    expect(due("today").dueAt).toEqual(new Date("2026-11-25T00:00:00Z"));
  });

  it("reads in N days and in N weeks", () => {
    expect(dateOf("in 1 day")).toBe("2026-11-26");
    expect(dateOf("in 3 days")).toBe("2026-11-28");
    expect(dateOf("in  10 days")).toBe("2026-12-05");
    expect(dateOf("in 2 weeks")).toBe("2026-12-09");
    expect(dateOf("in a week")).toBe("2026-12-02");
    expect(dateOf("in one day")).toBe("2026-11-26");
  });

  it("reads a weekday as today or the coming one, and next <weekday> as the first after today", () => {
    expect(dateOf("friday")).toBe("2026-11-27");
    expect(dateOf("Fri")).toBe("2026-11-27");
    expect(dateOf("this friday")).toBe("2026-11-27");
    expect(dateOf("next friday")).toBe("2026-11-27");
    expect(dateOf("monday")).toBe("2026-11-30");
    expect(dateOf("thurs")).toBe("2026-11-26");
    // Said on the day itself: "wednesday" is today, "next wednesday" a week on.
    expect(dateOf("wednesday")).toBe("2026-11-25");
    expect(dateOf("next wed")).toBe("2026-12-02");
    const friday = new Date("2026-11-27T09:00:00Z");
    expect(dateOf("friday", friday)).toBe("2026-11-27");
    expect(dateOf("next friday", friday)).toBe("2026-12-04");
  });

  it("reads month and day either way round, choosing the next such day when no year is given", () => {
    expect(dateOf("dec 5")).toBe("2026-12-05");
    expect(dateOf("5 dec")).toBe("2026-12-05");
    expect(dateOf("December 5th")).toBe("2026-12-05");
    expect(dateOf("dec. 5")).toBe("2026-12-05");
    expect(dateOf("nov 25")).toBe("2026-11-25");
    expect(dateOf("nov 24")).toBe("2027-11-24");
    expect(dateOf("3 jan")).toBe("2027-01-03");
    expect(dateOf("sept 1")).toBe("2027-09-01");
    expect(dateOf("5th December 2027")).toBe("2027-12-05");
    expect(dateOf("dec 5, 2027")).toBe("2027-12-05");
    expect(dateOf("feb 29 2028")).toBe("2028-02-29");
  });

  it("does not depend on the server's own time zone", () => {
    const before = process.env.TZ;
    const cases: [string, string, string][] = [
      ["today", "2026-11-25T10:30:00Z", "Pacific/Auckland"],
      ["friday", "2026-11-25T10:30:00Z", "Pacific/Auckland"],
      ["dec 5", "2026-11-25T10:30:00Z", "Pacific/Auckland"],
      ["2026-12-01", "2026-11-25T10:30:00Z", "Pacific/Auckland"],
      // Santiago's and Auckland's clocks both go back on 5 April 2026.
      ["today", "2026-04-04T05:10:00Z", "America/Santiago"],
      ["tomorrow", "2026-04-04T05:10:00Z", "America/Santiago"],
      ["2026-04-05", "2026-04-04T05:10:00Z", "America/Santiago"],
    ];
    const results = () => cases.map(([text, now, zone]) => due(text, new Date(now), zone));
    try {
      process.env.TZ = "UTC";
      const here = results();
      expect(here.slice(4).map((d) => [d.date, d.dueAt.toISOString(), d.overdueAt.toISOString()])).toEqual([
        ["2026-04-04", "2026-04-04T03:00:00.000Z", "2026-04-05T04:00:00.000Z"],
        ["2026-04-05", "2026-04-05T04:00:00.000Z", "2026-04-06T04:00:00.000Z"],
        ["2026-04-05", "2026-04-05T04:00:00.000Z", "2026-04-06T04:00:00.000Z"],
      ]);
      for (const zone of ["Pacific/Auckland", "America/Los_Angeles", "Asia/Kolkata", "Pacific/Kiritimati"]) {
        process.env.TZ = zone;
        expect(results()).toEqual(here);
      }
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });
});

describe("due dates: time zones", () => {
  it("in Pacific/Auckland, the day turns at local midnight (11:00 UTC in summer)", () => {
    const before = new Date("2026-11-25T10:59:00Z"); // 23:59 on the 25th, NZDT
    const after = new Date("2026-11-25T11:01:00Z"); // 00:01 on the 26th
    expect(due("today", before, "Pacific/Auckland")).toMatchObject({ date: "2026-11-25", dueAt: new Date("2026-11-24T11:00:00Z"), overdueAt: new Date("2026-11-25T11:00:00Z") });
    expect(due("today", after, "Pacific/Auckland")).toMatchObject({ date: "2026-11-26", dueAt: new Date("2026-11-25T11:00:00Z"), overdueAt: new Date("2026-11-26T11:00:00Z") });
    expect(dateOf("tomorrow", after, "Pacific/Auckland")).toBe("2026-11-27");
    // Still the 25th in UTC, already the 26th in Auckland: the 25th is past there.
    expect(dateOf("2026-11-25", after, "UTC")).toBe("2026-11-25");
    expect(refusal("2026-11-25", after, "Pacific/Auckland")).toContain("is in the past; today is 2026-11-26 in Pacific/Auckland");
  });

  it("in America/Los_Angeles, the day turns at 08:00 UTC in winter", () => {
    const before = new Date("2026-11-26T07:59:00Z"); // 23:59 on the 25th, PST
    const after = new Date("2026-11-26T08:01:00Z"); // 00:01 on the 26th
    expect(due("today", before, "America/Los_Angeles")).toMatchObject({ date: "2026-11-25", dueAt: new Date("2026-11-25T08:00:00Z"), overdueAt: new Date("2026-11-26T08:00:00Z") });
    expect(due("today", after, "America/Los_Angeles")).toMatchObject({ date: "2026-11-26", dueAt: new Date("2026-11-26T08:00:00Z") });
    expect(dateOf("in 3 days", before, "America/Los_Angeles")).toBe("2026-11-28");
    expect(dateOf("in 3 days", after, "America/Los_Angeles")).toBe("2026-11-29");
  });

  it("reckons the weekday in the zone: Friday in UTC can be Saturday in Auckland", () => {
    const now = new Date("2026-11-27T11:30:00Z"); // Fri 11:30 UTC, Sat 00:30 NZDT
    expect(dateOf("friday", now, "UTC")).toBe("2026-11-27");
    expect(dateOf("friday", now, "Pacific/Auckland")).toBe("2026-12-04");
    expect(dateOf("friday", new Date("2026-11-28T07:30:00Z"), "America/Los_Angeles")).toBe("2026-11-27"); // Fri 23:30 PST
  });

  it("gives a day its real length across daylight-saving changes", () => {
    // Los Angeles falls back on 1 November 2026: a 25-hour day.
    const fallBack = due("2026-11-01", new Date("2026-10-30T12:00:00Z"), "America/Los_Angeles");
    expect(fallBack.dueAt).toEqual(new Date("2026-11-01T07:00:00Z"));
    expect(fallBack.overdueAt).toEqual(new Date("2026-11-02T08:00:00Z"));
    // Auckland springs forward on 27 September 2026: a 23-hour day.
    const springForward = due("2026-09-27", new Date("2026-09-20T00:00:00Z"), "Pacific/Auckland");
    expect(springForward.dueAt).toEqual(new Date("2026-09-26T12:00:00Z"));
    expect(springForward.overdueAt).toEqual(new Date("2026-09-27T11:00:00Z"));
    // Santiago springs forward at midnight on 6 September 2026: that day starts at 01:00.
    expect(due("2026-09-06", new Date("2026-09-01T12:00:00Z"), "America/Santiago").dueAt).toEqual(new Date("2026-09-06T04:00:00Z"));
    // Samoa skipped 30 December 2011: the 29th ran straight into the 31st.
    const skipped = due("today", new Date("2011-12-29T12:00:00Z"), "Pacific/Apia");
    expect(skipped).toMatchObject({ date: "2011-12-29", overdueAt: new Date("2011-12-30T10:00:00Z") });
  });

  it("always puts now inside today, and tomorrow right after it", () => {
    const problems: string[] = [];
    let checked = 0;
    for (const zone of ["UTC", "Pacific/Auckland", "America/Los_Angeles", "Asia/Kathmandu", "America/Santiago"]) {
      // Every 11h17m through 2026: every hour of the day comes round, and both clock changes.
      for (let t = Date.parse("2026-01-01T00:00:00Z"); t < Date.parse("2027-01-01T00:00:00Z"); t += 677 * 60_000) {
        const now = new Date(t);
        const today = due("today", now, zone);
        const tomorrow = due("tomorrow", now, zone);
        const ok =
          today.date === intlDate(now, zone) &&
          today.dueAt.getTime() <= t &&
          t < today.overdueAt.getTime() &&
          tomorrow.dueAt.getTime() === today.overdueAt.getTime() &&
          intlDate(today.dueAt, zone) === today.date &&
          intlDate(new Date(today.dueAt.getTime() - 1), zone) !== today.date;
        if (!ok) problems.push(`${zone} at ${now.toISOString()}: ${JSON.stringify({ today, tomorrow })}`);
        checked++;
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(5 * 770);
  });
});

describe("due dates: refusals", () => {
  const examples = /Give a date like `(\d{4}-\d{2}-\d{2})`, `today`, `tomorrow`, `in 3 days`, `in 2 weeks`, `friday`, `next friday` or `dec 5`\.$/;

  it.each([
    ["yesterday", "`yesterday` is in the past; a due date is today or later."],
    ["3 days ago", "`3 days ago` is in the past"],
    ["last friday", "`last friday` is in the past"],
    ["2026-11-24", "`2026-11-24` (2026-11-24) is in the past; today is 2026-11-25 in UTC."],
    ["2025-12-01", "`2025-12-01` is in the past; today is 2026-11-25 in UTC."],
    ["0001-01-01", "`0001-01-01` is in the past"],
    ["2026-02-30", "`2026-02-30` is not a date: February 2026 has 28 days."],
    ["2026-04-31", "`2026-04-31` is not a date: April 2026 has 30 days."],
    ["2026-13-01", "`2026-13-01` is not a date: there is no month 13."],
    ["2026-12-00", "`2026-12-00` is not a date: there is no day 0."],
    ["feb 29", "`feb 29` is not a date: February 2027 has 28 days. Add the year you mean, e.g. `feb 29 2028`."],
    ["apr 31", "`apr 31` is not a date: April 2027 has 30 days."],
    ["in 0 days", "`in 0 days` is not ahead of today: count at least 1 day, or say `today`."],
    ["in -2 weeks", "`in -2 weeks` is not ahead of today"],
    ["in 3 hours", "Due dates are whole days, so `in 3 hours` does not work; say `today` or `tomorrow`."],
    ["in 2 months", "Months and years vary in length, so `in 2 months` is ambiguous; give the calendar date."],
    ["2029-01-01", "`2029-01-01` (2029-01-01) is more than 2 years ahead."],
    ["in 200 weeks", "is more than 2 years ahead."],
    ["in 99999999999 days", "is more than 2 years ahead."],
    ["12/01/2026", "`12/01/2026` is ambiguous (day or month first?); write it as YYYY-MM-DD."],
    ["someday", "`someday` is not a date I can read."],
    ["next month", "`next month` is not a date I can read."],
    ["constructor", "`constructor` is not a date I can read."],
    ["", "The due date is missing."],
  ])("refuses %j with a reason and working examples", (text, reason) => {
    const error = refusal(text);
    expect(error).toContain(reason);
    const m = examples.exec(error);
    expect(m, error).not.toBeNull();
    // The examples a refusal offers are themselves accepted.
    for (const example of [m![1]!, "today", "tomorrow", "in 3 days", "in 2 weeks", "friday", "next friday", "dec 5"]) expect(parseDueDate(example, WED, "UTC").ok, example).toBe(true);
  });

  it("does not offer a leap-year fix where no year has the day", () => {
    expect(refusal("apr 31")).not.toContain("Add the year");
  });

  it("insists on a real zone name", () => {
    expect(() => parseDueDate("today", WED, "Mars/Olympus_Mons")).toThrow(RangeError);
    expect(isTimeZone("Pacific/Auckland")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("Mars/Olympus_Mons")).toBe(false);
  });
});

describe("splitDueClause", () => {
  it("splits at the last standalone `due`", () => {
    expect(splitDueClause("rotate the signing keys @dana due friday")).toEqual({ before: "rotate the signing keys @dana", due: "friday" });
    expect(splitDueClause("finish due diligence on the vendor @bo due in 2 weeks")).toEqual({ before: "finish due diligence on the vendor @bo", due: "in 2 weeks" });
    expect(splitDueClause("fix the due-date bug @bo DUE dec 5")).toEqual({ before: "fix the due-date bug @bo", due: "dec 5" });
  });

  it("leaves a line without a due clause whole", () => {
    expect(splitDueClause("  patch the vector database @ana ")).toEqual({ before: "patch the vector database @ana" });
    expect(splitDueClause("fix the due-date bug @bo")).toEqual({ before: "fix the due-date bug @bo" });
    expect(splitDueClause("write it up @bo due")).toEqual({ before: "write it up @bo due" });
  });
});
