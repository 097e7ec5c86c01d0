import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { executeCommand, type Outcome } from "../../src/app/run-command.js";
import type { CommandInput } from "../../src/commands/registry.js";
import { plain } from "../../src/chat/message.js";
import type { Actor } from "../../src/domain/people.js";
import { currentRoles, findIncident } from "../../src/incidents/queries.js";
import { verifyLog } from "../../src/store/log.js";
import { checklistSteps, effects, evidence, incidentLog, roleAssignments } from "../../src/store/schema.js";
import { RecordingChat } from "../timers/harness.js";
import { type TestDatabase, useTestDatabase } from "../support/database.js";
import { shellActor, testRuntime, type TestRuntime } from "../support/runtime.js";

let t: TestDatabase;
let rt: TestRuntime;
const alice = shellActor("alice");
const bob = shellActor("bob");
const port = new RecordingChat();

const database = useTestDatabase();
beforeEach(() => {
  t = database.current;
  rt = testRuntime(t.db, { shell: port });
});

/** What commands logged (the deliverer's own rows, e.g. `space.created`, left out). */
const logRows = async () => (await t.db.select().from(incidentLog).orderBy(incidentLog.seq)).filter((r) => r.kind !== "space.created");
/** Runs a command as a form or button would build it, through the one runner. */
const run = (input: CommandInput, options: { incidentId?: string; actor?: Actor; logText?: string } = {}): Promise<Outcome> =>
  executeCommand(rt, { actor: options.actor ?? alice, port }, input, { incidentId: options.incidentId, logText: options.logText ?? `/incident ${input.kind}` });
const declare = async (title = "Support bot leaks its system prompt") => {
  const outcome = await run({ kind: "declare", title, severity: "P1", vector: "prompt-injection" }, { logText: `/incident declare P1 ${title}` });
  expect(outcome.ok).toBe(true);
  return outcome.incident!;
};
const refusal = (outcome: Outcome) => (outcome.ok ? undefined : outcome.reply?.text);

describe("declare", () => {
  it("creates the incident, makes the declarer commander, logs one row and queues its space", async () => {
    const incident = await declare();
    expect(incident).toMatchObject({ humanId: "INC-2026-0001", severity: "P1", vector: "prompt-injection", phase: "triage", declaredAt: rt.clock.now(), detectedAt: rt.clock.now(), spacePlatform: "shell" });
    expect(incident.playbooks).toContain("scenario-prompt-injection");
    expect((await currentRoles(t.db, incident.id)).map((r) => [r.role, r.slot, r.person.id])).toEqual([["commander", "primary", "alice"]]);
    const [row] = await logRows();
    expect(row).toMatchObject({ kind: "declare", outcome: "ok", incidentId: incident.id, text: "/incident declare P1 Support bot leaks its system prompt", actorKind: "shell", actorId: "alice" });
    expect(row!.payload.autoChecked).toEqual(["triage.severity", "triage.vector"]);
    // The space, its people and at most four messages, in order, in the same commit.
    const queued = await t.db.select({ kind: effects.kind, payload: effects.payload }).from(effects).orderBy(effects.id);
    expect(queued.map((e) => (e.kind === "post" ? `post ${e.payload.purpose}` : e.kind))).toEqual(["space.open", "invite", "post summary", "post prompt:fh-0", "post phase:triage", "post checklist:scenario-prompt-injection", "post announcement"]);
  });

  it("hands out human ids once each, even when declared concurrently; drills count on their own", async () => {
    const all = await Promise.all(Array.from({ length: 12 }, (_, i) => declare(`Incident ${i}`)));
    expect(new Set(all.map((i) => i.humanId)).size).toBe(12);
    expect(all.map((i) => i.humanId).sort().at(-1)).toBe("INC-2026-0012");
    const drill = await run({ kind: "drill", scenario: "supply-chain" });
    expect(drill.incident!.humanId).toBe("DRILL-2026-0001");
    expect((await declare("After the drill")).humanId).toBe("INC-2026-0013");
  });

  it("refuses a start time in the future, and writes nothing but the refusal", async () => {
    const outcome = await run({ kind: "declare", title: "x", started: "2026-11-25T15:00:00Z" });
    expect(refusal(outcome)).toMatch(/in the future/);
    expect((await logRows()).map((r) => [r.kind, r.outcome])).toEqual([["declare", "rejected"]]);
    expect(await t.db.$count(effects)).toBe(0);
  });
});

describe("roles", () => {
  it("hands over a role keeping history; one person may hold several roles", async () => {
    const incident = await declare();
    await run({ kind: "assign", role: "tech-lead", slot: "backup", person: { handle: "bob" } }, { incidentId: incident.id });
    await run({ kind: "assign", role: "commander", slot: "primary", person: { handle: "bob" } }, { incidentId: incident.id });
    // Bob leads now; Alice, no longer commander, may not change roles any more.
    expect(refusal(await run({ kind: "assign", role: "legal", slot: "primary", person: { handle: "gina" } }, { incidentId: incident.id }))).toMatch(/Only the incident commander \(@bob\)/);
    const again = await run({ kind: "assign", role: "tech-lead", slot: "backup", person: { handle: "bob" } }, { incidentId: incident.id, actor: bob });
    expect(again.reply?.text).toBe("@bob already is Technical lead (backup).");
    const current = await currentRoles(t.db, incident.id);
    expect(current.map((r) => `${r.role}/${r.slot}=${r.person.id}`).sort()).toEqual(["commander/primary=bob", "tech-lead/backup=bob"]);
    const history = await t.db.select().from(roleAssignments).where(eq(roleAssignments.incidentId, incident.id));
    expect(history.find((r) => r.person.id === "alice")?.endedAt).toEqual(rt.clock.now());
    const kinds = (await logRows()).map((r) => [r.kind, r.outcome, r.payload.changed ?? true]);
    expect(kinds).toEqual([["declare", "ok", true], ["assign", "ok", true], ["assign", "ok", true], ["assign", "rejected", true], ["assign", "ok", false]]);
  });

  it("settles concurrent claims of one empty role under the incident's lock: one holder, the others told who has it", async () => {
    const incident = await declare();
    const names = ["bob", "carol", "dan", "erin", "frank"];
    const outcomes = await Promise.all(names.map((n) => run({ kind: "assign", role: "comms-lead", slot: "primary", person: { me: true } }, { incidentId: incident.id, actor: shellActor(n) })));
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    const holders = (await currentRoles(t.db, incident.id)).filter((r) => r.role === "comms-lead");
    expect(holders).toHaveLength(1);
    for (const refused of outcomes.filter((o) => !o.ok)) expect(refusal(refused)).toContain(`is held by @${holders[0]!.person.name}`);
    const rows = await t.db.select().from(roleAssignments).where(eq(roleAssignments.role, "comms-lead"));
    expect(rows).toHaveLength(1);
    const rejected = (await logRows()).filter((r) => r.outcome === "rejected");
    expect(rejected.map((r) => r.reason)).toEqual(Array(4).fill(`communications lead on ${incident.humanId} is held by shell:${holders[0]!.person.id}`));
  });

  it("unassign ends the holder; unassigning an empty role is refused", async () => {
    const incident = await declare();
    await run({ kind: "assign", role: "legal", slot: "backup", person: { handle: "gina" } }, { incidentId: incident.id });
    expect((await run({ kind: "unassign", role: "legal", slot: "backup" }, { incidentId: incident.id })).ok).toBe(true);
    expect(refusal(await run({ kind: "unassign", role: "legal", slot: "backup" }, { incidentId: incident.id }))).toMatch(/Nobody holds Legal advisor \(backup\)/);
  });
});

describe("checklist", () => {
  it("checks by number or key; a repeat is a no-op; concurrent clicks change the state once", async () => {
    const incident = await declare();
    const first = await run({ kind: "check", steps: ["1", "evidence.logs"] }, { incidentId: incident.id });
    expect(first.reply?.text).toMatch(/^Checked:\n1\. .*\n14\. Make sure logs are written to immutable storage$/);
    const repeat = await run({ kind: "check", steps: ["1"] }, { incidentId: incident.id });
    expect(repeat.reply?.text).toMatch(/^Already done:\n1\. /);

    const before = (await logRows()).length;
    const clicks = await Promise.all(
      ["bob", "carol", "bob", "dan"].map((n) => run({ kind: "check", steps: ["triage.scope"], viaButton: true }, { incidentId: incident.id, actor: shellActor(n), logText: "[checkbox]" })),
    );
    expect(clicks.every((c) => c.ok)).toBe(true);
    expect((await logRows()).length - before).toBe(1);
    const [state] = await t.db.select().from(checklistSteps).where(sql`${checklistSteps.stepKey} = 'triage.scope'`);
    expect(state!.checked).toBe(true);
  });

  it("unchecks only what is checked, and names the closest key for a typo", async () => {
    const incident = await declare();
    expect((await run({ kind: "uncheck", steps: ["triage.scope"] }, { incidentId: incident.id })).reply?.text).toMatch(/^Already open:/);
    expect((await run({ kind: "uncheck", steps: ["triage.severity"] }, { incidentId: incident.id })).reply?.text).toMatch(/^Unchecked:\n\d+\. Set severity/);
    expect(refusal(await run({ kind: "check", steps: ["triage.scop"] }, { incidentId: incident.id }))).toMatch("Did you mean “triage.scope”?");
    expect(refusal(await run({ kind: "check", steps: ["999"] }, { incidentId: incident.id }))).toMatch(/numbered 1 to 69/);
  });
});

describe("phase, severity, milestones", () => {
  it("moves through the lifecycle stamping each milestone once", async () => {
    const incident = await declare();
    const id = { incidentId: incident.id };
    rt.clock.advance(30);
    await run({ kind: "status", phase: "containment" }, id);
    rt.clock.advance(60);
    await run({ kind: "status", phase: "investigation" }, id);
    const contained = rt.clock.now();
    rt.clock.advance(60);
    await run({ kind: "status", phase: "containment" }, id);
    await run({ kind: "status", phase: "remediation" }, id);
    await run({ kind: "resolve", resolution: "Filter + prompt hardening" }, id);
    // Review steps open: close needs --force (the guards: test/timers/close-guards.test.ts).
    expect(refusal(await run({ kind: "close" }, id))).toMatch(/cannot close yet/);
    await run({ kind: "close", force: "Review held offline" }, id);
    const row = await findIncident(t.db, { id: incident.id });
    expect(row).toMatchObject({ phase: "closed", containedAt: contained, resolution: "Filter + prompt hardening" });
    expect(row!.closedAt).toEqual(rt.clock.now());
    expect(refusal(await run({ kind: "severity", severity: "P2" }, id))).toMatch(/is closed/);
    expect((await run({ kind: "note", text: "late finding" }, id)).ok).toBe(true);
  });

  it("refuses an illegal move, naming the legal ones", async () => {
    const incident = await declare();
    const outcome = await run({ kind: "status", phase: "review" }, { incidentId: incident.id });
    expect(refusal(outcome)).toBe("INC-2026-0001 cannot move from Detection & triage to Post-incident review.");
    expect(plain(outcome.reply!.blocks.flatMap((b) => (b.type === "context" ? b.text : [])))).toContain("From triage it can move to: “containment”, “investigation”, “resolved”.");
  });

  it("severity and vector changes log before/after and attach a matching scenario at the end", async () => {
    const incident = (await run({ kind: "declare", title: "Drift", severity: "P3" })).incident!;
    await run({ kind: "severity", severity: "P2" }, { incidentId: incident.id });
    await run({ kind: "vector", vector: "data-poisoning" }, { incidentId: incident.id });
    const rows = await logRows();
    expect(rows.find((r) => r.kind === "severity")!.payload).toMatchObject({ from: "P3", to: "P2", changed: true, autoChecked: [] });
    expect(rows.find((r) => r.kind === "vector")!.payload.attached).toEqual(["scenario-data-poisoning"]);
    expect((await findIncident(t.db, { id: incident.id }))!.playbooks.at(-1)).toBe("scenario-data-poisoning");
  });

  it("the same severity again changes nothing and posts nothing", async () => {
    const incident = await declare();
    const before = await t.db.$count(effects);
    const outcome = await run({ kind: "severity", severity: "P1" }, { incidentId: incident.id });
    expect(outcome.reply?.text).toBe("Severity stays P1.");
    expect(await t.db.$count(effects)).toBe(before);
    expect((await findIncident(t.db, { id: incident.id }))!.version).toBe(incident.version);
  });

  it("notify keeps the first time; milestones can be corrected but not into the future", async () => {
    const incident = await declare();
    const id = { incidentId: incident.id };
    rt.clock.advance(20);
    await run({ kind: "notify", audience: "stakeholders" }, id);
    const first = rt.clock.now();
    rt.clock.advance(20);
    const second = await run({ kind: "notify", audience: "stakeholders" }, id);
    expect(second.reply?.text).toMatch(/already marked notified/);
    expect((await findIncident(t.db, { id: incident.id }))!.notifiedAt).toEqual(first);
    await run({ kind: "milestone", milestone: "started", at: "2026-11-25T12:00:00Z" }, id);
    expect(refusal(await run({ kind: "milestone", milestone: "detected", at: "2026-11-25T11:00:00Z" }, id))).toMatch(/cannot come before the attack started/);
    expect(refusal(await run({ kind: "milestone", milestone: "contained", at: "2027-01-01T00:00:00Z" }, id))).toMatch(/in the future/);
  });
});

describe("notes, evidence, updates", () => {
  it("stores evidence with the SHA-256 of what was given and who collected it", async () => {
    const incident = await declare();
    expect((await run({ kind: "evidence", description: "abc" }, { incidentId: incident.id, actor: bob })).ok).toBe(true);
    const [row] = await t.db.select().from(evidence);
    expect(row!.sha256).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(row!.collectedBy).toEqual(bob);
    expect(refusal(await run({ kind: "evidence", description: "x", url: "not a url" }, { incidentId: incident.id }))).toBeDefined();
    expect(await t.db.$count(evidence)).toBe(1);
  });

  it("an update stamps the cadence clock; every command left exactly one log row and the chain verifies", async () => {
    const incident = await declare();
    await run({ kind: "note", text: "n" }, { incidentId: incident.id });
    rt.clock.advance(5);
    await run({ kind: "update", text: "u" }, { incidentId: incident.id });
    expect((await findIncident(t.db, { id: incident.id }))!.lastUpdateAt).toEqual(rt.clock.now());
    expect((await logRows()).map((r) => r.kind)).toEqual(["declare", "note", "update"]);
    expect(await verifyLog(t.db)).toMatchObject({ ok: true, rows: 4 });
  });
});
