import { describe, expect, it } from "vitest";
import { checkInput } from "../../src/app/check-input.js";
import type { CommandInput } from "../../src/commands/registry.js";
import { commandSizeRefusal, describeSize, sizeRefusal, TEXT_LIMITS, truncateForLog } from "../../src/security/text-limits.js";
import { FAKE_SECRETS } from "./fake-secrets.js";

const kb = (n: number) => "x".repeat(n * 1024);

describe("size limits", () => {
  it("refuses a 100 KB note with its size, the limit and what to do instead", () => {
    expect(sizeRefusal(kb(100), "note")).toBe("That note is 100 KB; the limit is 3,000 characters — attach a file as evidence instead.");
  });

  it("says characters for text just over a limit, and MB for very large text", () => {
    expect(sizeRefusal("t".repeat(151), "title")).toBe("That title is 151 characters; the limit is 150 characters — keep the title short and put the details in the description.");
    expect(describeSize("x".repeat(3 * 1024 * 1024))).toBe("3.0 MB");
    expect(describeSize("é".repeat(6000))).toBe("6,000 characters");
  });

  it("accepts text at the limit", () => {
    for (const [field, max] of Object.entries(TEXT_LIMITS)) expect(sizeRefusal("y".repeat(max), field as keyof typeof TEXT_LIMITS)).toBeUndefined();
  });

  it("refuses an oversized command line before parsing, naming the field when the verb says it", () => {
    expect(commandSizeRefusal(`note ${kb(100)}`)).toBe("That note is 100 KB; the limit is 3,000 characters — attach a file as evidence instead.");
    expect(commandSizeRefusal(`INC-2026-0042 update ${kb(20)}`)).toMatch(/^That update is 20 KB; the limit is 3,000 characters/);
    expect(commandSizeRefusal(`/incident evidence ${kb(12)}`)).toMatch(/^That evidence is 12 KB; the limit is 2,000 characters — describe it briefly and link to the file\.$/);
    expect(commandSizeRefusal(`declare P1 ${kb(50)}`)).toBe("That command is 50 KB; the limit is 6,000 characters — attach long text as evidence (a file or a link) instead.");
    expect(commandSizeRefusal(`note ${"n".repeat(2990)}`)).toBeUndefined();
  });

  it("matches the limits the command grammar enforces", () => {
    const at = (n: number) => "z".repeat(n);
    const cases: [Record<string, unknown>, keyof typeof TEXT_LIMITS, string][] = [
      [{ kind: "note" }, "note", "text"],
      [{ kind: "update" }, "update", "text"],
      [{ kind: "evidence" }, "evidence", "description"],
      [{ kind: "resolve" }, "resolution", "resolution"],
      [{ kind: "declare", title: "t" }, "description", "description"],
      [{ kind: "declare" }, "title", "title"],
      [{ kind: "writeup", field: "impact" }, "writeup", "text"],
      [{ kind: "action", op: "add", owner: { me: true }, due: "tomorrow" }, "action", "text"],
    ];
    for (const [base, field, key] of cases) {
      const max = TEXT_LIMITS[field];
      expect(checkInput({ ...base, [key]: at(max) } as CommandInput).ok, `${field} at ${max}`).toBe(true);
      expect(checkInput({ ...base, [key]: at(max + 1) } as CommandInput).ok, `${field} at ${max + 1}`).toBe(false);
    }
  });
});

describe("truncateForLog", () => {
  it("keeps short text whole", () => {
    expect(truncateForLog("sevrity P9")).toBe("sevrity P9");
  });

  it("cuts long text and says how much there was", () => {
    const out = truncateForLog(`note ${kb(100)}`, 200);
    expect(out).toBe(`note ${"x".repeat(195)}… [100 KB in all; the rest is not logged]`);
  });

  it("redacts before cutting, so no half key is left at the cut", () => {
    const gh = FAKE_SECRETS.find((s) => s.label === "GitHub classic token")!.secret;
    const text = `${"a".repeat(190)} ${gh} ${"b".repeat(5000)}`;
    const out = truncateForLog(text, 200);
    expect(out).not.toContain(gh.slice(0, 9));
    expect(out).toBe(`${"a".repeat(190)} … [5,232 characters in all; the rest is not logged]`);
  });

  it("redacts secrets in the part it keeps", () => {
    const slack = FAKE_SECRETS[0]!.secret;
    const out = truncateForLog(`note ${slack} ${"c".repeat(2000)}`, 100);
    expect(out.startsWith("note [REDACTED:slack-token] ccc")).toBe(true);
    expect(out).not.toContain(slack);
  });

  it("redacts a private key that runs past the cut", () => {
    const key = FAKE_SECRETS.find((s) => s.kind === "private-key")!.secret;
    const out = truncateForLog(`evidence ${key}`, 60);
    expect(out).toMatch(/^evidence \[REDACTED:private-key\]/);
  });
});
