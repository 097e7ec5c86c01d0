import { PassThrough } from "node:stream";
import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { runShell } from "../../adapters/shell/run-shell.js";
import { ShellChat } from "../../adapters/shell/shell-chat.js";
import { runCommand } from "../../src/app/run-command.js";
import { DRILL_SCENARIOS } from "../../src/drills/scenarios.js";
import { reminders } from "../../src/store/schema.js";
import type { TestDatabase } from "../support/database.js";
import { shellActor } from "../support/runtime.js";
import { type TimerWorld, useTimerWorld } from "./harness.js";

let t: TestDatabase;
let w: TimerWorld;
const alice = shellActor("alice");

const hooks = useTimerWorld();
beforeEach(() => {
  t = hooks.db;
  w = hooks.world;
});

const atSeconds = async (seconds: number) => {
  w.rt.clock.set(new Date(Date.parse("2026-11-25T14:00:00Z") + seconds * 1000));
  return w.scheduler.runDue(w.rt);
};
const fired = (results: Awaited<ReturnType<typeof atSeconds>>) => results.flatMap((r) => (r.outcome === "fired" ? [r.reminder.key] : []));

describe("drills", () => {
  it("declares a marked drill whose first hour plays in 3 minutes at the default speed", async () => {
    const outcome = await runCommand(w.rt, { actor: alice, text: "drill prompt-injection", port: w.chat });
    await w.rt.deliverer.drain();
    expect(outcome.ok).toBe(true);
    expect(outcome.incident).toMatchObject({ isDrill: true, clockSpeed: 20, drillScenario: "prompt-injection", severity: "P2", vector: "prompt-injection" });
    expect(outcome.incident!.humanId).toMatch(/^DRILL-2026-\d{4}$/);
    expect(w.chat.texts().some((x) => x.startsWith("DRILL") && x.includes("support"))).toBe(true);
    // Minute 5 of the drill is 15 real seconds; minute 3's inject is 9 seconds.
    expect(fired(await atSeconds(14))).toEqual(["inject:1"]);
    expect(w.chat.texts().at(-1)).toContain("40 more tickets");
    // alice declared, so she is commander: the no-commander nudge is skipped.
    expect(fired(await atSeconds(15))).toEqual(["prompt:fh-5"]);
    const all = fired(await atSeconds(3 * 60 + 30));
    expect(all).toEqual(expect.arrayContaining(["first-hour-summary", "inject:5", "overdue:fh-45:nudge"]));
    // Alice is commander and stands in for the missing comms lead: nobody else to escalate to.
    expect(all).not.toContain("overdue:fh-45:escalate");
    expect(w.chat.texts().some((x) => x.includes("first hour: 0/6 done"))).toBe(true);
  });

  it("--speed sets the compression; snoozes follow the drill clock", async () => {
    const outcome = await runCommand(w.rt, { actor: alice, text: "drill supply-chain --speed 60", port: w.chat });
    const incident = outcome.incident!;
    const [prompt] = await t.db.select().from(reminders).where(and(eq(reminders.incidentId, incident.id), eq(reminders.key, "prompt:fh-30")));
    expect(prompt!.fireAt.toISOString()).toBe("2026-11-25T14:00:30.000Z");
    await atSeconds(10);
    const [nudge] = await t.db.select().from(reminders).where(and(eq(reminders.incidentId, incident.id), eq(reminders.key, "overdue:fh-0:nudge")));
    expect(nudge!.status).toBe("fired");
    const snoozed = await runCommand(w.rt, { actor: alice, text: `snooze ${nudge!.id.slice(0, 8)}`, port: w.chat, space: incident.space ?? (await spaceOf(incident.id)) });
    expect(snoozed.reply!.text).toContain("14:00 UTC");
    const rows = await t.db.select().from(reminders).where(and(eq(reminders.incidentId, incident.id), eq(reminders.origin, "snooze")));
    // 30 drill minutes at ×60 is 30 real seconds.
    expect(rows.map((r) => r.fireAt.toISOString())).toEqual(["2026-11-25T14:00:40.000Z"]);
  });

  it("rejects an unknown scenario or a bad speed with the usage", async () => {
    const bad = await runCommand(w.rt, { actor: alice, text: "drill phishing", port: w.chat });
    expect(bad.ok).toBe(false);
    expect(bad.reply!.text).toContain("use one of prompt-injection, data-poisoning, supply-chain, training-data-breach, adversarial-manipulation.");
    const speed = await runCommand(w.rt, { actor: alice, text: "drill supply-chain --speed 0", port: w.chat });
    expect(speed.ok).toBe(false);
    expect(speed.reply!.text).toContain("--speed");
  });
});

describe("the reference's tabletop exercises, typed at the shell", () => {
  /** Types lines into the real shell adapter (piped, as `npm start < script` does) and returns what it printed. */
  async function typeIntoShell(lines: string[]) {
    const printed: string[] = [];
    const chat = new ShellChat((line) => printed.push(line));
    w.rt.ports.shell = chat;
    const input = new PassThrough();
    const output = new PassThrough();
    output.on("data", (chunk: Buffer) => printed.push(...chunk.toString().split("\n")));
    const done = runShell(w.rt, chat, { input, output, user: "alice", interactive: false });
    input.end(`${lines.join("\n")}\n`);
    await done;
    return printed;
  }

  for (const [typed, name] of [
    ["drill training data breach", "training-data-breach"],
    ["drill adversarial-manipulation", "adversarial-manipulation"],
  ] as const) {
    it(`\`${typed}\` starts the ${name} drill and its injects arrive on the drill clock`, async () => {
      const printed = await typeIntoShell([`/incident ${typed}`]);
      const scenario = DRILL_SCENARIOS.find((s) => s.name === name)!;
      expect(printed.some((l) => l.includes(`DRILL — ${scenario.title}`))).toBe(true);
      const [incident] = await t.db.select().from((await import("../../src/store/schema.js")).incidents);
      expect(incident).toMatchObject({ isDrill: true, drillScenario: name, clockSpeed: 20, severity: scenario.severity, vector: scenario.vector });
      // At ×20 a drill minute is 3 real seconds: each inject comes due then, and not a second before.
      for (const [index, inject] of scenario.injects.entries()) {
        expect(fired(await atSeconds(inject.minute * 3 - 1))).not.toContain(`inject:${index + 1}`);
        expect(fired(await atSeconds(inject.minute * 3))).toContain(`inject:${index + 1}`);
        await w.rt.deliverer.drain();
        expect(printed.some((l) => l.includes(inject.text)), inject.text).toBe(true);
      }
    });
  }
});

async function spaceOf(incidentId: string) {
  const { incidents } = await import("../../src/store/schema.js");
  const [row] = await t.db.select().from(incidents).where(eq(incidents.id, incidentId));
  return row!.space!;
}
