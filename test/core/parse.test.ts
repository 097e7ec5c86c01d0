import { describe, expect, it } from "vitest";
import { parseCommand } from "../../src/commands/parse.js";
import { UsageError } from "../../src/errors.js";
import { cleanInput, cleanText } from "../../src/commands/clean.js";

const parse = (text: string) => parseCommand(text).command;

function usageErrorOf(text: string): UsageError {
  try {
    parseCommand(text);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error(`expected "${text}" to be refused`);
}

describe("command grammar", () => {
  it("parses the one-line declare from the issue", () => {
    expect(parse("/incident declare P1 prompt-injection Support bot leaks its system prompt")).toEqual({
      kind: "declare",
      severity: "P1",
      vector: "prompt-injection",
      title: "Support bot leaks its system prompt",
      private: false,
    });
  });

  it("takes declare options anywhere and severity/vector in either order", () => {
    expect(parse('declare data-poisoning sev2 --source audit --started "2h ago" --private Fraud model drifts')).toEqual({
      kind: "declare",
      severity: "P2",
      vector: "data-poisoning",
      source: "audit",
      started: "2h ago",
      private: true,
      title: "Fraud model drifts",
    });
    // A title that merely starts with a vector-ish word keeps it.
    expect(parse("declare Injection seen in logs")).toMatchObject({ title: "Injection seen in logs" });
    expect(parse("declare P3 Model's refusal rate spiked")).toMatchObject({ title: "Model's refusal rate spiked" });
  });

  it("parses roles with backups, Slack mentions and me, in any order", () => {
    expect(parse("assign commander @alice")).toEqual({ kind: "assign", role: "commander", slot: "primary", person: { handle: "alice" } });
    expect(parse("assign tech backup <@U123|bob>")).toEqual({ kind: "assign", role: "tech-lead", slot: "backup", person: { id: "U123", handle: "bob" } });
    expect(parse("assign me as legal")).toEqual({ kind: "assign", role: "legal", slot: "primary", person: { me: true } });
    expect(parse("unassign comms backup")).toEqual({ kind: "unassign", role: "comms-lead", slot: "backup" });
  });

  it("parses the rest of the grammar", () => {
    expect(parse("severity sev1")).toEqual({ kind: "severity", severity: "P1" });
    expect(parse("status contain")).toEqual({ kind: "status", phase: "containment" });
    expect(parse("status")).toEqual({ kind: "status" });
    expect(parse("check 3 4,5 evidence.logs")).toEqual({ kind: "check", steps: ["3", "4", "5", "evidence.logs"], viaButton: false });
    expect(parse("uncheck #7")).toEqual({ kind: "uncheck", steps: ["#7"], viaButton: false });
    expect(parse("checklist containment")).toEqual({ kind: "checklist", section: "containment" });
    expect(parse("note  Payload in   ticket #4411 ")).toEqual({ kind: "note", text: "Payload in   ticket #4411" });
    expect(parse("evidence weights at s3://forensics/w.tar")).toEqual({ kind: "evidence", description: "weights at s3://forensics/w.tar", url: "s3://forensics/w.tar" });
    expect(parse("notify")).toEqual({ kind: "notify", audience: "stakeholders" });
    expect(parse("update Model offline")).toEqual({ kind: "update", text: "Model offline" });
    expect(parse('milestone started "3h ago"')).toEqual({ kind: "milestone", milestone: "started", at: "3h ago" });
    expect(parse("resolve false positive")).toEqual({ kind: "resolve", resolution: "false positive" });
    expect(parse("resolve")).toEqual({ kind: "resolve" });
    for (const kind of ["timeline", "close", "list", "roles", "verify", "readiness", "retry"]) expect(parse(kind)).toEqual({ kind });
    // `channel` is the old name of `retry`, kept as an alias.
    expect(parse("channel")).toEqual({ kind: "retry" });
    expect(parse("help assign")).toEqual({ kind: "help", topic: "assign" });
  });

  it("accepts a leading incident id", () => {
    expect(parseCommand("INC-2026-0042 timeline")).toMatchObject({ command: { kind: "timeline" }, incidentRef: "INC-2026-0042" });
    expect(parseCommand("/incident inc-2026-0007 channel").incidentRef).toBe("INC-2026-0007");
  });

  it("suggests the closest subcommand for a typo, with its usage and the valid forms", () => {
    const error = usageErrorOf("sevrity P1");
    expect(error.message).toBe("Unknown command “sevrity”. Did you mean `severity`?");
    expect(error.help).toContain("`severity <P1|P2|P3|P4>`");
    expect(error.help).toContain("Commands: declare, assign");
    expect(error.attempted).toBe("severity");
    expect(usageErrorOf("asign commander @a").message).toContain("Did you mean `assign`?");
    expect(usageErrorOf("xyzzy").message).toBe("Unknown command “xyzzy”.");
  });

  it("refuses bad arguments with a specific message and the command's usage", () => {
    const cases: [string, RegExp][] = [
      ["", /Tell me what to do/],
      ["declare P1", /Give the incident a title/],
      ["declare P5 Title", /“P5” is not a severity: did you mean P1–P4/],
      ["declare --source pigeons Title", /“pigeons” is not a detection source/],
      ["declare --wat Title", /Unknown option “--wat”/],
      ["assign @alice", /Which role\?/],
      ["assign commander", /Who\?/],
      ["assign wizard @alice", /I can't read “wizard”/],
      ["severity P5", /“P5” is not a severity: did you mean P1–P4/],
      ["status sideways", /`sideways` is not a phase/],
      ["check", /Name the step/],
      ["note", /The note is empty/],
      ["milestone declared now", /declared is set by Firebreak itself/],
      ["milestone started", /When\?/],
      ["roles extra", /takes nothing after it/],
      [`declare ${"x".repeat(151)}`, /too long \(at most 150/],
    ];
    for (const [text, pattern] of cases) {
      const error = usageErrorOf(text);
      expect(error.message, text).toMatch(pattern);
      if (text) expect(error.help, text).toMatch(/Usage:|Commands:/);
    }
  });

  it("cleans text at the edge: NUL and other control characters, bidi overrides, runaway length", () => {
    expect(parse(cleanText("note a\u0000b\u0007c"))).toEqual({ kind: "note", text: "abc" });
    // U+202E would make "exe.txt" read as "txt.exe".
    expect(cleanText("invoice\u202Etxt.exe")).toBe("invoicetxt.exe");
    expect(cleanText("line one\nline two\ttab")).toBe("line one\nline two\ttab");
    expect(cleanText("x".repeat(50_000))).toHaveLength(20_000);
    expect(cleanInput({ title: "a\u0000", nested: [{ text: "\u2066b" }], n: 3 })).toEqual({ title: "a", nested: [{ text: "b" }], n: 3 });
  });
});
