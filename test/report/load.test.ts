import { beforeEach, describe, expect, it } from "vitest";
import { executeCommand } from "../../src/app/run-command.js";
import type { CommandInput } from "../../src/commands/registry.js";
import { buildReport } from "../../src/report/build.js";
import { loadReportBundle } from "../../src/report/bundle.js";
import { reportMarkdown } from "../../src/report/markdown.js";
import { followUpActions, incidentWriteups } from "../../src/store/schema.js";
import { expectDbError } from "../support/errors.js";
import { useTestDatabase } from "../support/database.js";
import { RecordingChat } from "../timers/harness.js";

const port = new RecordingChat();
import { shellActor, testRuntime, type TestRuntime } from "../support/runtime.js";

const database = useTestDatabase();
let rt: TestRuntime;
beforeEach(() => {
  rt = testRuntime(database.current.db);
});

const alice = shellActor("alice");
const bob = { platform: "shell" as const, id: "bob", name: "bob" };
/** One command as alice typed it, through the runner; it must be accepted. */
async function run(input: CommandInput, incidentId?: string) {
  const outcome = await executeCommand(rt, { actor: alice, port }, input, { incidentId, logText: `/incident ${input.kind}` });
  expect(outcome.ok, JSON.stringify(outcome.reply)).toBe(true);
  return outcome;
}
const step = (minutes: number) => rt.clock.advance(minutes);

/** An incident worked through the verbs, with write-ups and actions stored as the future verbs will. */
async function workedIncident() {
  const incident = (await run({ kind: "declare", title: "Support bot leaks its system prompt", severity: "P2", vector: "prompt-injection", source: "monitoring", started: "2026-11-25T13:30:00Z" })).incident!;
  const id = incident.id;
  step(10);
  await run({ kind: "severity", severity: "P1" }, id);
  await run({ kind: "assign", role: "tech-lead", slot: "primary", person: { handle: "bob" } }, id);
  await run({ kind: "evidence", description: "Transcripts exported to s3://forensics/chats.jsonl" }, id);
  await run({ kind: "check", steps: ["evidence.logs"] }, id);
  step(20);
  await run({ kind: "notify", audience: "stakeholders" }, id);
  await run({ kind: "status", phase: "containment" }, id);
  step(30);
  await run({ kind: "note", text: "Payload hides in the order-note field" }, id);
  await run({ kind: "status", phase: "investigation" }, id);
  await run({ kind: "update", text: "Contained; investigating exposure" }, id);
  step(60);
  await run({ kind: "resolve", resolution: "Filter deployed" }, id);
  step(30);
  await run({ kind: "status", phase: "remediation" }, id);
  step(60);
  await run({ kind: "resolve" }, id);
  const now = rt.clock.now();
  await rt.db.insert(incidentWriteups).values({ incidentId: id, field: "root-cause", text: "Order notes reached the model as trusted context.", writtenAt: now, writtenBy: alice });
  await rt.db.insert(followUpActions).values([
    { incidentId: id, number: 1, text: "Quote customer fields", owner: bob, dueOn: "2026-11-20", createdAt: now, createdBy: alice },
    { incidentId: id, number: 2, text: "Add a CI test", owner: bob, dueOn: "2026-12-20", createdAt: now, createdBy: alice, doneAt: now, doneBy: alice },
  ]);
  return id;
}

describe("loadReportBundle", () => {
  it("gathers the incident, its log, roles, steps, evidence, write-ups and actions into a report", async () => {
    const id = await workedIncident();
    const doc = buildReport(await loadReportBundle(rt.db, id, rt.config.targets, rt.clock.now()));
    expect(doc.incident).toMatchObject({ humanId: "INC-2026-0001", severity: { current: "P1", history: [{ severity: "P2" }, { severity: "P1" }] }, detectionSource: { key: "monitoring", automatic: true } });
    expect(doc.resolutions).toEqual([
      { at: "2026-11-25T16:00:00.000Z", reopenedAt: "2026-11-25T16:30:00.000Z" },
      { at: "2026-11-25T17:30:00.000Z", reopenedAt: null },
    ]);
    expect(doc.metrics.map((m) => [m.key, m.state, m.minutes, m.met])).toEqual([
      ["detect", "reached", 30, true],
      ["notify", "reached", 30, true],
      ["contain", "reached", 60, true],
      ["remediate", "reached", 210, true],
    ]);
    expect(doc.timeline.map((e) => e.kind)).toEqual(["milestone", "severity", "role", "evidence", "checklist", "milestone", "phase", "note", "phase", "update", "phase", "phase", "phase"]);
    expect(doc.timeline.map((e) => e.text)).toContain("Reopened: back to Remediation");
    expect(doc.writeup.find((w) => w.field === "root-cause")).toMatchObject({ text: "Order notes reached the model as trusted context.", writtenBy: "@alice" });
    expect(doc.actions.map((a) => [a.number, a.owner, a.done, a.overdue])).toEqual([
      [1, "@bob", false, true],
      [2, "@bob", true, false],
    ]);
    expect(doc.evidence).toHaveLength(1);
    expect(doc.roles.map((r) => [r.role, r.person])).toEqual([["commander", "@alice"], ["tech-lead", "@bob"], ["comms-lead", null], ["legal", null]]);
    expect(reportMarkdown(doc)).toContain("| Resolved | 2026-11-25 16:00 (reopened 2026-11-25 16:30) |");
  });

  it("refuses a second action with the same number and a write-up field that does not exist", async () => {
    const id = await workedIncident();
    const now = rt.clock.now();
    await expectDbError(rt.db.insert(followUpActions).values({ incidentId: id, number: 1, text: "again", owner: bob, dueOn: "2026-12-01", createdAt: now, createdBy: alice }), /follow_up_actions_number_key/);
    await expectDbError(rt.db.insert(incidentWriteups).values({ incidentId: id, field: "blame" as never, text: "x", writtenAt: now, writtenBy: alice }), /incident_writeups_field_check/);
  });

  it("says which incident is missing", async () => {
    await expect(loadReportBundle(rt.db, "5b0f3a40-0000-4000-8000-000000000001", rt.config.targets, rt.clock.now())).rejects.toThrow("No incident with id 5b0f3a40-0000-4000-8000-000000000001.");
  });
});
