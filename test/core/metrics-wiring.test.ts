import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { runCommand, type Outcome } from "../../src/app/run-command.js";
import { incidentLog, incidents } from "../../src/store/schema.js";
import { renderMessage } from "../../adapters/shell/render.js";
import { RecordingChat } from "../timers/harness.js";
import { type TestDatabase, useTestDatabase } from "../support/database.js";
import { shellActor, testRuntime, type TestRuntime } from "../support/runtime.js";

/**
 * The bugs the metrics issue found by running it, each through the typed command a person uses:
 * every view and every milestone write goes through the one metrics module.
 */
let t: TestDatabase;
let rt: TestRuntime;
const alice = shellActor("alice");
const port = new RecordingChat();

const database = useTestDatabase();
beforeEach(() => {
  t = database.current;
  rt = testRuntime(t.db, { shell: port });
});

const run = (text: string): Promise<Outcome> => runCommand(rt, { actor: alice, text, port });
const ok = async (text: string) => {
  const outcome = await run(text);
  expect(outcome.ok, `${text}: ${outcome.reply?.text}`).toBe(true);
  return outcome;
};
const refused = async (text: string) => {
  const outcome = await run(text);
  expect(outcome.ok, `${text} should be refused`).toBe(false);
  return outcome.reply!;
};
/** A reply as the shell prints it: text, inlines and times rendered. */
const shown = (message: { text: string; blocks: unknown[] }) => renderMessage(message as never).join("\n");
const row = async (humanId = "INC-2026-0001") => (await t.db.select().from(incidents).where(eq(incidents.humanId, humanId)))[0]!;
const timeline = async (humanId = "INC-2026-0001") => shown((await ok(`${humanId} timeline`)).reply!);

describe("milestones keep their order", () => {
  it("refuses contained, notified and resolved times before detection with the rule's own sentence", async () => {
    await ok("declare P1 prompt-injection Support bot leaks its system prompt");
    rt.clock.advance(30);
    const contained = await refused('INC-2026-0001 milestone contained "2h ago"');
    expect(contained.text).toBe("Containment (2026-11-25 12:30 UTC) cannot come before detection (2026-11-25 14:00 UTC).");
    expect(shown(contained)).toContain("correct detection first: milestone detected <time>");
    expect(JSON.stringify(contained.blocks)).toContain('{"command":"milestone detected <time>"}');
    expect((await refused("INC-2026-0001 milestone notified 13:00")).text).toBe("Stakeholders cannot be notified (2026-11-25 13:00 UTC) before the incident was detected (2026-11-25 14:00 UTC).");
    expect((await refused("INC-2026-0001 milestone resolved now")).text).toBe("The incident has not been resolved, so there is no resolution time to correct.");
    expect((await row()).containedAt).toBeNull();
    // Nothing negative reaches the timeline, and nothing unmeasured is "met".
    const text = await timeline();
    expect(text).not.toMatch(/-\d+m/);
    expect(text).toContain("Time to contain: running for 30m (target 4h, P1; 3h 30m left)");
    const rejected = await t.db.select().from(incidentLog).where(eq(incidentLog.outcome, "rejected")).orderBy(incidentLog.seq);
    expect(rejected.map((r) => r.kind)).toEqual(["milestone", "milestone", "milestone"]);
  });

  it("reads typed times in FIREBREAK_TIMEZONE and never hints (UTC) when the zone is another", async () => {
    rt = testRuntime(t.db, { shell: port }, { FIREBREAK_TIMEZONE: "Europe/Berlin" });
    await ok("declare P1 prompt-injection Support bot leaks its system prompt");
    rt.clock.advance(90);
    // 15:30 in Berlin (UTC+1 in November) is 14:30 UTC.
    await ok("INC-2026-0001 milestone contained 15:30");
    expect((await row()).containedAt!.toISOString()).toBe("2026-11-25T14:30:00.000Z");
    const bad = await refused("INC-2026-0001 milestone contained half past three");
    expect(shown(bad)).toContain("14:05 (Europe/Berlin)");
    expect(shown(bad)).not.toContain("(UTC)");
    const early = await refused("INC-2026-0001 milestone contained 14:30");
    expect(early.text).toBe("Containment (2026-11-25 14:30 CET) cannot come before detection (2026-11-25 15:00 CET).");
  });
});

describe("phase moves stamp what the move means", () => {
  it("contained only when leaving containment forwards: not on triage → investigation, not on a false positive", async () => {
    await ok("declare P2 prompt-injection Straight to investigation");
    await ok("INC-2026-0001 status investigation");
    expect((await row("INC-2026-0001")).containedAt).toBeNull();

    await ok("declare P3 prompt-injection False alarm");
    await ok("INC-2026-0002 resolve false positive");
    const falsePositive = await row("INC-2026-0002");
    expect(falsePositive.containedAt).toBeNull();
    expect(falsePositive.resolvedAt).toEqual(rt.clock.now());
    expect(await timeline("INC-2026-0002")).toContain("Time to contain: unknown — Resolved without a containment time");

    await ok("declare P1 prompt-injection Contained properly");
    await ok("INC-2026-0003 status containment");
    rt.clock.advance(45);
    await ok("INC-2026-0003 status investigation");
    expect((await row("INC-2026-0003")).containedAt).toEqual(rt.clock.now());
    rt.clock.advance(10);
    await ok("INC-2026-0003 status containment");
    await ok("INC-2026-0003 status remediation");
    // Leaving containment a second time keeps the first time.
    expect((await row("INC-2026-0003")).containedAt!.toISOString()).toBe("2026-11-25T14:45:00.000Z");
  });

  it("`status contained` is not a phase: it says which phase and how the time is recorded", async () => {
    await ok("declare P2 prompt-injection Support bot leaks");
    const reply = await refused("INC-2026-0001 status contained");
    expect(JSON.stringify(reply.blocks)).toContain('{"command":"status containment"}');
    expect(JSON.stringify(reply.blocks)).toContain('{"command":"milestone contained <time>"}');
    expect((await row()).phase).toBe("triage");
    expect((await row()).containedAt).toBeNull();
  });

  it("a reopened incident's remediation clock runs again, and the next resolution gets its own time", async () => {
    await ok("declare P1 prompt-injection Support bot leaks its system prompt");
    await ok("INC-2026-0001 status containment");
    rt.clock.advance(30);
    await ok("INC-2026-0001 resolve Filter deployed");
    expect(await timeline()).toContain("Time to remediate: 30m (target 3d, P1) — met");
    rt.clock.advance(60);
    await ok("INC-2026-0001 status containment");
    const reopened = await timeline();
    expect(reopened).toContain("Time to remediate: running for 1h 30m");
    expect(reopened).not.toContain("Time to remediate: 30m");
    rt.clock.advance(60);
    await ok("INC-2026-0001 resolve Filter fixed for the Unicode variant");
    expect((await row()).resolvedAt!.toISOString()).toBe("2026-11-25T16:30:00.000Z");
    const again = await timeline();
    expect(again).toContain("Time to remediate: 2h 30m (target 3d, P1) — met");
    // Both resolutions stay on the record.
    expect(again).toMatch(/Resolved: 2026-11-25 14:30 UTC \(reopened 2026-11-25 15:30 UTC\)/);
    expect(again).toMatch(/Resolved: 2026-11-25 16:30 UTC/);
  });
});

describe("the timeline shows every metric's state", () => {
  it("an unknown start is unknown, not \"not yet\"; an open clock is running against its target", async () => {
    await ok("declare P2 prompt-injection Support bot leaks");
    rt.clock.advance(20);
    const text = await timeline();
    expect(text).not.toContain("not yet");
    expect(text).toContain("Time to detect: unknown — The attack's start time is not recorded; set it with milestone started <time>.");
    expect(text).toContain("Time to notify: running for 20m (target 4h, P2; 3h 40m left)");
    await ok('INC-2026-0001 milestone started "2h ago"');
    expect(await timeline()).toContain("Time to detect: 1h 40m (target 4h, P2) — met");
  });

  it("targets come from the most severe severity held while the clock ran, not the current one", async () => {
    await ok("declare P1 prompt-injection Support bot leaks");
    rt.clock.advance(30);
    await ok("INC-2026-0001 severity P3");
    rt.clock.advance(60);
    await ok("INC-2026-0001 status containment");
    await ok("INC-2026-0001 status investigation");
    // Contained 90 minutes in: P1's 4 h applies although the incident is P3 now.
    expect(await timeline()).toContain("Time to contain: 1h 30m (target 4h, P1) — met");
  });
});
