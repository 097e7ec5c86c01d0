import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { toggleSteps } from "../../src/checklists/toggle-steps.js";
import { withActor } from "../../src/context.js";
import { addEvidence } from "../../src/incidents/add-evidence.js";
import { addNote } from "../../src/incidents/add-note.js";
import { changePhase } from "../../src/incidents/change-phase.js";
import { changeSeverity } from "../../src/incidents/change-severity.js";
import { changeVector } from "../../src/incidents/change-vector.js";
import { declareIncident } from "../../src/incidents/declare-incident.js";
import { markNotified } from "../../src/incidents/mark-notified.js";
import { postUpdate } from "../../src/incidents/post-update.js";
import { currentRoles, findIncident } from "../../src/incidents/queries.js";
import { setMilestone } from "../../src/incidents/set-milestone.js";
import { assignRole } from "../../src/roles/assign-role.js";
import { unassignRole } from "../../src/roles/unassign-role.js";
import { verifyLog } from "../../src/store/log.js";
import { checklistSteps, evidence, incidentLog, roleAssignments } from "../../src/store/schema.js";
import { CoreError } from "../../src/errors.js";
import { type TestDatabase, useTestDatabase } from "../support/database.js";
import { shellActor, testRuntime, type TestRuntime } from "../support/runtime.js";

let t: TestDatabase;
let rt: TestRuntime;
const alice = shellActor("alice");
const bob = shellActor("bob");
const person = (name: string) => ({ platform: "shell" as const, id: name, name });

const database = useTestDatabase();
beforeEach(() => {
  t = database.current;
  rt = testRuntime(t.db);
});

const ctx = (actor = alice, text = "/incident test") => withActor(rt, actor, text);
const logRows = () => t.db.select().from(incidentLog).orderBy(incidentLog.seq);
const declare = (title = "Support bot leaks its system prompt") => declareIncident(ctx(alice, `/incident declare P1 ${title}`), { title, severity: "P1", vector: "prompt-injection" });

describe("declare", () => {
  it("creates the incident, makes the declarer commander and logs one row", async () => {
    const { incident, roles, autoChecked } = await declare();
    expect(incident).toMatchObject({ humanId: "INC-2026-0001", severity: "P1", vector: "prompt-injection", phase: "triage", declaredAt: rt.clock.now(), detectedAt: rt.clock.now() });
    expect(incident.playbooks).toContain("scenario-prompt-injection");
    expect(roles.map((r) => [r.role, r.slot, r.person.id])).toEqual([["commander", "primary", "alice"]]);
    expect(autoChecked).toEqual(["triage.severity", "triage.vector"]);
    const [row] = await logRows();
    expect(row).toMatchObject({ kind: "declare", outcome: "ok", incidentId: incident.id, text: "/incident declare P1 Support bot leaks its system prompt", actorKind: "shell", actorId: "alice" });
  });

  it("hands out human ids once each, even when declared concurrently", async () => {
    const all = await Promise.all(Array.from({ length: 12 }, (_, i) => declare(`Incident ${i}`)));
    expect(new Set(all.map((d) => d.incident.humanId)).size).toBe(12);
    expect(all.map((d) => d.incident.humanId).sort().at(-1)).toBe("INC-2026-0012");
  });

  it("refuses a start time in the future or after detection, and writes nothing", async () => {
    await expect(declareIncident(ctx(), { title: "x", startedAt: new Date("2026-11-25T15:00:00Z") })).rejects.toThrow(/in the future/);
    await expect(declareIncident(ctx(), { title: "x", startedAt: new Date("2026-11-25T13:00:00Z"), detectedAt: new Date("2026-11-25T12:00:00Z") })).rejects.toThrow(/cannot start/);
    expect(await logRows()).toHaveLength(0);
  });
});

describe("roles", () => {
  it("hands over a role keeping history; one person may hold several roles", async () => {
    const { incident } = await declare();
    await assignRole(ctx(), { incidentId: incident.id, role: "commander", slot: "primary", person: person("bob") });
    await assignRole(ctx(), { incidentId: incident.id, role: "tech-lead", slot: "backup", person: person("bob") });
    const again = await assignRole(ctx(), { incidentId: incident.id, role: "tech-lead", slot: "backup", person: person("bob") });
    expect(again.changed).toBe(false);
    const current = await currentRoles(t.db, incident.id);
    expect(current.map((r) => `${r.role}/${r.slot}=${r.person.id}`).sort()).toEqual(["commander/primary=bob", "tech-lead/backup=bob"]);
    const history = await t.db.select().from(roleAssignments).where(eq(roleAssignments.incidentId, incident.id));
    expect(history.find((r) => r.person.id === "alice")?.endedAt).toEqual(rt.clock.now());
    const kinds = (await logRows()).map((r) => [r.kind, r.payload.changed ?? true]);
    expect(kinds).toEqual([["declare", true], ["assign", true], ["assign", true], ["assign", false]]);
  });

  it("settles concurrent assignments of one role in SQL: one holder, every hand-over recorded", async () => {
    const { incident } = await declare();
    const names = ["bob", "carol", "dan", "erin", "frank"];
    await Promise.all(names.map((n) => assignRole(ctx(shellActor(n)), { incidentId: incident.id, role: "comms-lead", slot: "primary", person: person(n) })));
    const holders = (await currentRoles(t.db, incident.id)).filter((r) => r.role === "comms-lead");
    expect(holders).toHaveLength(1);
    const rows = await t.db.select().from(roleAssignments).where(eq(roleAssignments.role, "comms-lead"));
    expect(rows).toHaveLength(5);
    expect(rows.filter((r) => r.endedAt === null)).toHaveLength(1);
  });

  it("unassign ends the holder; unassigning an empty role is refused", async () => {
    const { incident } = await declare();
    await assignRole(ctx(), { incidentId: incident.id, role: "legal", slot: "backup", person: person("gina") });
    expect((await unassignRole(ctx(), { incidentId: incident.id, role: "legal", slot: "backup" })).previous.id).toBe("gina");
    await expect(unassignRole(ctx(), { incidentId: incident.id, role: "legal", slot: "backup" })).rejects.toThrow(/Nobody holds Legal advisor \(backup\)/);
  });
});

describe("checklist", () => {
  it("checks by number or key; a repeat is a no-op; concurrent clicks change the state once", async () => {
    const { incident } = await declare();
    const first = await toggleSteps(ctx(), { incidentId: incident.id, steps: ["1", "evidence.logs"], checked: true });
    expect(first.changed.map((s) => s.key)).toEqual(["first-hour.confirm", "evidence.logs"]);
    const repeat = await toggleSteps(ctx(), { incidentId: incident.id, steps: ["1"], checked: true });
    expect(repeat.changed).toEqual([]);
    expect(repeat.unchanged.map((s) => s.number)).toEqual([1]);

    const before = (await logRows()).length;
    const clicks = await Promise.all(
      ["bob", "carol", "bob", "dan"].map((n) => toggleSteps(ctx(shellActor(n), "[checkbox]"), { incidentId: incident.id, steps: ["triage.scope"], checked: true, viaButton: true })),
    );
    expect(clicks.filter((c) => c.changed.length === 1)).toHaveLength(1);
    expect((await logRows()).length - before).toBe(1);
    const [state] = await t.db.select().from(checklistSteps).where(sql`${checklistSteps.stepKey} = 'triage.scope'`);
    expect(state!.checked).toBe(true);
  });

  it("unchecks only what is checked, and names the closest key for a typo", async () => {
    const { incident } = await declare();
    expect((await toggleSteps(ctx(), { incidentId: incident.id, steps: ["triage.scope"], checked: false })).changed).toEqual([]);
    expect((await toggleSteps(ctx(), { incidentId: incident.id, steps: ["triage.severity"], checked: false })).changed.map((s) => s.key)).toEqual(["triage.severity"]);
    await expect(toggleSteps(ctx(), { incidentId: incident.id, steps: ["triage.scop"], checked: true })).rejects.toThrow("Did you mean `triage.scope`?");
    await expect(toggleSteps(ctx(), { incidentId: incident.id, steps: ["999"], checked: true })).rejects.toThrow(/numbered 1 to 69/);
  });
});

describe("phase, severity, milestones", () => {
  it("moves through the lifecycle stamping each milestone once", async () => {
    const { incident } = await declare();
    rt.clock.advance(30);
    await changePhase(ctx(), { incidentId: incident.id, phase: "containment" });
    rt.clock.advance(60);
    await changePhase(ctx(), { incidentId: incident.id, phase: "investigation" });
    const contained = rt.clock.now();
    rt.clock.advance(60);
    await changePhase(ctx(), { incidentId: incident.id, phase: "containment" });
    await changePhase(ctx(), { incidentId: incident.id, phase: "remediation" });
    await changePhase(ctx(), { incidentId: incident.id, phase: "resolved", resolution: "Filter + prompt hardening" }, "resolve");
    await changePhase(ctx(), { incidentId: incident.id, phase: "closed" }, "close");
    const row = await findIncident(t.db, { id: incident.id });
    expect(row).toMatchObject({ phase: "closed", containedAt: contained, resolution: "Filter + prompt hardening" });
    expect(row!.closedAt).toEqual(rt.clock.now());
    await expect(changeSeverity(ctx(), { incidentId: incident.id, severity: "P2" })).rejects.toThrow(/is closed/);
    await expect(addNote(ctx(), { incidentId: incident.id, text: "late finding" })).resolves.toMatchObject({ text: "late finding" });
  });

  it("refuses an illegal move, naming the legal ones", async () => {
    const { incident } = await declare();
    const error = await changePhase(ctx(), { incidentId: incident.id, phase: "review" }).catch((e: CoreError) => e);
    expect(error).toBeInstanceOf(CoreError);
    expect((error as CoreError).message).toBe("INC-2026-0001 cannot move from Detection & triage to Post-incident review.");
    expect((error as CoreError).help).toBe("From triage it can move to: `containment`, `investigation`, `resolved`.");
  });

  it("severity and vector changes log before/after and attach a matching scenario at the end", async () => {
    const { incident } = await declareIncident(ctx(), { title: "Drift", severity: "P3" });
    expect(await changeSeverity(ctx(), { incidentId: incident.id, severity: "P2" })).toMatchObject({ from: "P3", to: "P2", changed: true, autoChecked: [] });
    const vector = await changeVector(ctx(), { incidentId: incident.id, vector: "data-poisoning" });
    expect(vector.attached).toEqual(["scenario-data-poisoning"]);
    expect((await findIncident(t.db, { id: incident.id }))!.playbooks.at(-1)).toBe("scenario-data-poisoning");
  });

  it("notify keeps the first time; milestones can be corrected but not into the future", async () => {
    const { incident } = await declare();
    rt.clock.advance(20);
    const first = await markNotified(ctx(), { incidentId: incident.id });
    rt.clock.advance(20);
    const second = await markNotified(ctx(), { incidentId: incident.id });
    expect(first).toMatchObject({ firstTime: true, autoChecked: ["triage.notify"] });
    expect(second).toMatchObject({ firstTime: false, at: first.at, autoChecked: [] });
    await setMilestone(ctx(), { incidentId: incident.id, milestone: "started", at: new Date("2026-11-25T12:00:00Z") });
    await expect(setMilestone(ctx(), { incidentId: incident.id, milestone: "detected", at: new Date("2026-11-25T11:00:00Z") })).rejects.toThrow(/cannot start/);
    await expect(setMilestone(ctx(), { incidentId: incident.id, milestone: "contained", at: new Date("2027-01-01T00:00:00Z") })).rejects.toThrow(/in the future/);
  });
});

describe("notes, evidence, updates", () => {
  it("stores evidence with the SHA-256 of what was given and who collected it", async () => {
    const { incident } = await declare();
    const row = await addEvidence(ctx(bob), { incidentId: incident.id, description: "abc" });
    expect(row.sha256).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(row.collectedBy).toEqual(bob);
    expect(await t.db.$count(evidence)).toBe(1);
    await expect(addEvidence(ctx(), { incidentId: incident.id, description: "x", url: "not a url" })).rejects.toThrow();
  });

  it("an update stamps the cadence clock; every verb left exactly one log row and the chain verifies", async () => {
    const { incident } = await declare();
    await addNote(ctx(), { incidentId: incident.id, text: "n" });
    rt.clock.advance(5);
    await postUpdate(ctx(), { incidentId: incident.id, text: "u" });
    expect((await findIncident(t.db, { id: incident.id }))!.lastUpdateAt).toEqual(rt.clock.now());
    expect((await logRows()).map((r) => r.kind)).toEqual(["declare", "note", "update"]);
    expect(await verifyLog(t.db)).toMatchObject({ ok: true, rows: 3 });
  });
});
