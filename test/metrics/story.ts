import { expect } from "vitest";
import { executeCommand } from "../../src/app/run-command.js";
import type { ChatPort } from "../../src/chat/port.js";
import type { CommandInput } from "../../src/commands/registry.js";
import type { Phase } from "../../src/domain/lifecycle.js";
import type { Severity } from "../../src/domain/severity.js";
import { shellActor, type TestRuntime } from "../support/runtime.js";
import { NOW } from "./scripted-incidents.js";

/**
 * The story in scripted-incidents.ts, told through the verbs as alice on the shell: six incidents
 * and a drill in November, one incident in September. Leaves the clock at NOW.
 */
export async function tellStory(rt: TestRuntime, port: ChatPort): Promise<void> {
  /** Runs a command as typed by alice, on the incident given. */
  async function run(input: CommandInput, incidentId?: string) {
    const outcome = await executeCommand(rt, { actor: shellActor("alice"), port }, input, { incidentId, logText: `/incident ${input.kind}` });
    expect(outcome.ok, JSON.stringify(outcome.reply)).toBe(true);
    return outcome;
  }
  const d = (day: number, hhmm: string, month = 11) => `2026-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}T${hhmm}:00Z`;
  type Step = [at: string, action: "notify" | Phase | Severity];

  /** Declares at `at`, then runs each step with the clock set to its time. */
  async function script(at: string, declare: CommandInput, steps: Step[] = []) {
    rt.clock.set(at);
    const incident = (await run(declare)).incident!;
    for (const [when, action] of steps) {
      rt.clock.set(when);
      if (action === "notify") await run({ kind: "notify", audience: "stakeholders" }, incident.id);
      else if (/^P[1-4]$/.test(action)) await run({ kind: "severity", severity: action as Severity }, incident.id);
      else if (action === "resolved") await run({ kind: "resolve" }, incident.id);
      // The story has no review steps to tick: close guards are tested in test/timers/close-guards.test.ts.
      else if (action === "closed") await run({ kind: "close", force: "scripted story: review held outside it" }, incident.id);
      else await run({ kind: "status", phase: action as Phase }, incident.id);
    }
    return incident;
  }

  await script(d(20, "09:30"), { kind: "declare", title: "A", severity: "P1", vector: "prompt-injection", source: "monitoring", started: d(20, "09:00") }, [
    [d(20, "10:00"), "notify"], [d(20, "10:30"), "containment"], [d(20, "11:00"), "investigation"], [d(20, "15:00"), "resolved"],
  ]);
  await script(d(20, "10:00"), { kind: "declare", title: "B", severity: "P1", vector: "prompt-injection", source: "user-report" }, [
    [d(20, "12:00"), "notify"], [d(20, "12:30"), "containment"], [d(20, "16:00"), "remediation"], [d(21, "08:00"), "resolved"],
    [d(21, "09:00"), "containment"], [d(21, "09:30"), "remediation"], [d(21, "10:00"), "resolved"],
  ]);
  await script(d(20, "08:00"), { kind: "declare", title: "C", severity: "P2", vector: "data-poisoning", source: "security-team", started: d(20, "00:00") }, [[d(20, "09:00"), "notify"]]);
  await script(d(20, "08:00"), { kind: "declare", title: "D", severity: "P3", vector: "supply-chain", source: "monitoring", started: d(20, "07:00") }, [
    [d(20, "08:10"), "containment"], [d(20, "08:20"), "resolved"],
  ]);
  await script(d(20, "06:00"), { kind: "declare", title: "E", severity: "P4" }, [
    [d(20, "06:30"), "notify"], [d(20, "06:40"), "containment"], [d(20, "07:00"), "investigation"], [d(20, "08:00"), "resolved"], [d(20, "09:00"), "closed"],
  ]);
  await script(d(20, "05:00"), { kind: "declare", title: "F", severity: "P1", vector: "model-theft", source: "external", started: d(20, "01:00") }, [
    [d(20, "05:30"), "notify"], [d(20, "06:00"), "P2"], [d(20, "06:30"), "containment"], [d(20, "10:00"), "investigation"], [d(20, "20:00"), "resolved"],
  ]);
  // A drill (P2, prompt injection, ×60): it never counts.
  await script(d(21, "12:00"), { kind: "drill", scenario: "prompt-injection", speed: 60 });
  // Before the 30-day window and outside Q4: only `all` sees it.
  await script(d(30, "23:00", 9), { kind: "declare", title: "H", severity: "P4", source: "audit" });
  rt.clock.set(NOW);
}
