import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderMessage, useColour } from "../../adapters/shell/render.js";
import { runShell } from "../../adapters/shell/run-shell.js";
import { ShellChat } from "../../adapters/shell/shell-chat.js";
import { runCommand } from "../../src/app/run-command.js";
import { startScheduler, type Scheduler } from "../../src/scheduler/scheduler.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { until } from "../support/main-process.js";
import { shellActor, testRuntime, type TestRuntime } from "../support/runtime.js";

const ESC = "\x1b";
const plainText = (s: string) => s.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "");

let t: TestDatabase;
let scheduler: Scheduler;
let rt: TestRuntime;
let chat: ShellChat;
let input: PassThrough;
let output = "";
let done: Promise<void>;

beforeAll(async () => {
  t = await createTestDatabase();
  scheduler = await startScheduler(t, { supervise: false });
  chat = new ShellChat(() => {});
  rt = testRuntime(t.db, { shell: chat });
  rt.reminders = scheduler.queue;
  // Someone declared before this terminal was opened.
  const declared = await runCommand(rt, { actor: shellActor("bob"), text: "declare P1 prompt-injection Support bot leaks its prompt", port: chat, space: chat.ensureChannel("general") });
  expect(declared.ok).toBe(true);
  await rt.deliverer.drain();
  input = new PassThrough();
  const out = new PassThrough();
  out.on("data", (d) => (output += String(d)));
  done = runShell(rt, chat, { input, output: out, user: "alice", interactive: true });
});

afterAll(async () => {
  input?.end("/quit\n");
  await done;
  useColour(false);
  await scheduler?.stop();
  await t?.close();
});

/** Types a line and waits until the prompt comes back `times` more times than before. */
async function type(line: string, prompt: string) {
  const before = plainText(output).split(prompt).length;
  input.write(`${line}\n`);
  await until(`the prompt after ${line}`, () => plainText(output).split(prompt).length > before && plainText(output).endsWith(prompt));
}

describe("the interactive shell", () => {
  it("lists the open incidents when it starts", async () => {
    await until("the first prompt", () => plainText(output).includes("alice@#general> "));
    expect(plainText(output)).toContain("Open incidents (1):\n  INC-2026-0001 · P1 · Support bot leaks its prompt · Detection & triage · /join #inc-20261125-support-bot-leaks-its-prompt");
  });

  it("names the incident in a short prompt once you are in its channel", async () => {
    await type("/join #inc-20261125-support-bot-leaks-its-prompt", "alice@INC-2026-0001> ");
    expect(plainText(output).endsWith("alice@INC-2026-0001> ")).toBe(true);
  });

  it("prints section titles in checklist and readiness, and no buttons nobody can click", async () => {
    const from = output.length;
    await type("checklist", "alice@INC-2026-0001> ");
    await type("readiness", "alice@INC-2026-0001> ");
    await type("status", "alice@INC-2026-0001> ");
    const printed = plainText(output.slice(from));
    for (const title of ["First 60 minutes", "Triage", "Evidence preservation", "Scenario: prompt injection at scale", "Team readiness", "Technical preparation"]) expect(printed).toMatch(new RegExp(`^  ${title}$`, "m"));
    expect(output.slice(from)).toContain(`${ESC}[1mTriage${ESC}[22m`);
    expect(printed).not.toMatch(/\[(Roles|Change severity|Post update|Snooze|Done)[^\]]*\]/);
  });

  it("prints a nudge that arrives on its own in colour, then draws the prompt again", async () => {
    const from = output.length;
    rt.clock.set("2026-11-25T14:10:00Z");
    await scheduler.runDue(rt);
    await rt.deliverer.drain();
    await until("the prompt after the nudge", () => plainText(output.slice(from)).trimEnd().endsWith("alice@INC-2026-0001>"));
    const arrived = output.slice(from);
    expect(plainText(arrived)).toMatch(/┌─ #inc-20261125-support-bot-leaks-its-prompt\n│ ⏰ @bob \(Incident commander\): minute 0–5/);
    // Yellow for a nudge; its typed equivalents instead of buttons.
    expect(arrived).toContain(`${ESC}[33m┌─ #inc-`);
    expect(plainText(arrived)).toMatch(/snooze [0-9a-f]{8} · dismiss [0-9a-f]{8}/);
    expect(plainText(arrived).indexOf("alice@INC-2026-0001>")).toBeGreaterThan(plainText(arrived).indexOf("└─"));
  });

  it("shows refusals in the warning colour", async () => {
    const from = output.length;
    await type("sevrity P1", "alice@INC-2026-0001> ");
    expect(output.slice(from)).toContain(`${ESC}[33m⚠ Unknown command “sevrity”`);
  });
});

describe("shell colours", () => {
  it("escalations in bold red, only when colour is on", () => {
    const escalation = { text: "x", blocks: [{ type: "header" as const, text: "Escalation: first-hour steps overdue" }, { type: "text" as const, text: ["🚨 Escalation: please take over"] }] };
    useColour(true);
    expect(renderMessage(escalation)[0]).toBe(`${ESC}[1;31m${ESC}[1mEscalation: first-hour steps overdue${ESC}[22m${ESC}[22;39m`);
    useColour(false);
    expect(renderMessage(escalation)).toEqual(["Escalation: first-hour steps overdue", "🚨 Escalation: please take over"]);
  });
});
