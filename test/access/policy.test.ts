import { describe, expect, it } from "vitest";
import { type AccessRequest, type AccessSettings, type Action, canSee, decide, type IncidentFacts, needsSpaceMembership, roleAction } from "../../src/access/policy.js";
import type { Actor, Person } from "../../src/domain/people.js";

const slackPerson = (id: string, name: string): Person => ({ platform: "slack", id, name });
const slackActor = (p: Person): Actor => ({ kind: "slack", teamId: "T0FIREBRK", userId: p.id, name: p.name });

const alice = slackPerson("U0ALICE01", "alice"); // commander
const bob = slackPerson("U0BOB0001", "bob"); // commander's backup
const carol = slackPerson("U0CAROL01", "carol"); // tech lead
const dave = slackPerson("U0DAVE001", "dave"); // was tech lead before carol
const erin = slackPerson("U0ERIN001", "erin"); // invited, no role
const frank = slackPerson("U0FRANK01", "frank"); // in the workspace, nothing to do with it
const root = slackPerson("U0ROOT001", "root"); // a Firebreak admin

const settings: AccessSettings = { admins: [{ platform: "slack", id: root.id }], allow: [] };

function incident(overrides: Partial<IncidentFacts> = {}): IncidentFacts {
  return {
    humanId: "INC-2026-0042",
    isPrivate: false,
    severity: "P2",
    roles: [
      { role: "commander", slot: "primary", person: alice, current: true },
      { role: "commander", slot: "backup", person: bob, current: true },
      { role: "tech-lead", slot: "primary", person: carol, current: true },
      { role: "tech-lead", slot: "primary", person: dave, current: false },
    ],
    invited: [erin],
    ...overrides,
  };
}

const ask = (actor: Person, action: Action, extra: Partial<AccessRequest> = {}) => decide({ actor: slackActor(actor), action, incident: incident(), settings, ...extra });
const LEADS_REFUSAL = (what: string) => `Only the incident commander (@alice), their backup (@bob) or a Firebreak admin can ${what}.`;

describe("consequential changes: commander, backup, admins", () => {
  const rows: [Action, string][] = [
    ["severity", "change the severity"],
    ["vector", "change the attack vector"],
    ["phase", "move the incident to another phase"],
    ["resolve", "resolve the incident"],
    ["close", "close the incident"],
    ["reopen", "reopen the incident"],
    ["milestone", "correct a milestone time"],
    ["flag", "flag personal data"],
    ["notify-regulator", "record the regulator notification"],
  ];
  it.each(rows)("%s: allowed to the commander, the backup and an admin", (action) => {
    for (const p of [alice, bob, root]) expect(ask(p, action), p.name).toEqual({ allowed: true });
  });
  it.each(rows)("%s: refused to the tech lead, an invitee and a bystander, naming who may", (action, what) => {
    for (const p of [carol, erin, frank]) {
      const d = ask(p, action, { isMemberOfSpace: true });
      expect(d).toMatchObject({ allowed: false, hide: false, message: LEADS_REFUSAL(what) });
      if (!d.allowed) expect(d.reason).toContain(`slack:${p.id}`);
    }
  });
  it("says how to get a commander when there is none", () => {
    const d = decide({ actor: slackActor(carol), action: "close", incident: incident({ roles: [{ role: "tech-lead", slot: "primary", person: carol, current: true }] }), settings });
    expect(d).toMatchObject({ allowed: false, message: "Only the incident commander, their backup or a Firebreak admin can close the incident. INC-2026-0042 has no commander now: `assign commander me` takes the role." });
  });
  it("a replaced commander is no longer one", () => {
    const roles = [...incident().roles.filter((r) => r.role !== "commander"), { role: "commander" as const, slot: "primary" as const, person: alice, current: false }, { role: "commander" as const, slot: "primary" as const, person: carol, current: true }];
    expect(decide({ actor: slackActor(alice), action: "severity", incident: incident({ roles }), settings }).allowed).toBe(false);
    expect(decide({ actor: slackActor(carol), action: "severity", incident: incident({ roles }), settings }).allowed).toBe(true);
  });
});

describe("roles", () => {
  const target = (role: "commander" | "tech-lead" | "comms-lead", person: Person, slot: "primary" | "backup" = "primary") => ({ role, slot, person });

  it("assigning or unassigning someone else: commander, backup, admins", () => {
    for (const p of [alice, bob, root]) {
      expect(ask(p, "assign-other", { target: target("comms-lead", erin) })).toEqual({ allowed: true });
      expect(ask(p, "unassign-other", { target: target("tech-lead", carol) })).toEqual({ allowed: true });
    }
    expect(ask(carol, "assign-other", { target: target("comms-lead", erin) })).toMatchObject({ allowed: false, message: LEADS_REFUSAL("assign someone else to a role") });
    expect(ask(erin, "unassign-other", { target: target("tech-lead", carol) })).toMatchObject({ allowed: false, message: LEADS_REFUSAL("take someone else off a role") });
  });

  it("changing the commander: commander, backup, admins", () => {
    expect(ask(bob, "assign-commander", { target: target("commander", bob) })).toEqual({ allowed: true });
    expect(ask(root, "assign-commander", { target: target("commander", carol) })).toEqual({ allowed: true });
    expect(ask(carol, "assign-commander", { target: target("commander", carol) })).toMatchObject({ allowed: false, message: LEADS_REFUSAL("change the incident commander") });
  });

  it("claiming an empty role: anyone who can see the incident", () => {
    expect(ask(frank, "claim-role", { target: target("comms-lead", frank) })).toEqual({ allowed: true });
    expect(ask(erin, "claim-role", { target: target("tech-lead", erin, "backup") })).toEqual({ allowed: true });
  });

  it("claiming a taken role is refused, naming its holder and who can reassign it", () => {
    expect(ask(frank, "claim-role", { target: target("tech-lead", frank) })).toMatchObject({
      allowed: false,
      hide: false,
      message: "The technical lead role on INC-2026-0042 is held by @carol. Only the incident commander (@alice), their backup (@bob) or a Firebreak admin can reassign it.",
    });
  });

  it("stepping down from your own role is allowed; from someone else's it is not", () => {
    expect(ask(carol, "leave-role", { target: target("tech-lead", carol) })).toEqual({ allowed: true });
    expect(ask(frank, "leave-role", { target: target("tech-lead", carol) })).toMatchObject({ allowed: false, message: expect.stringMatching(/^You do not hold the technical lead role on INC-2026-0042\./) });
  });

  it("roleAction tells a claim, a step-down, a commander change and the rest apart", () => {
    const facts = incident();
    expect(roleAction(slackActor(frank), "assign", target("comms-lead", frank), facts)).toBe("claim-role");
    expect(roleAction(slackActor(frank), "assign", target("tech-lead", frank), facts)).toBe("assign-other");
    expect(roleAction(slackActor(alice), "assign", target("comms-lead", erin), facts)).toBe("assign-other");
    expect(roleAction(slackActor(carol), "assign", target("commander", carol), facts)).toBe("assign-commander");
    expect(roleAction(slackActor(carol), "assign", target("commander", carol), incident({ roles: [] }))).toBe("claim-role");
    expect(roleAction(slackActor(carol), "unassign", target("tech-lead", carol), facts)).toBe("leave-role");
    expect(roleAction(slackActor(alice), "unassign", target("tech-lead", carol), facts)).toBe("unassign-other");
    expect(roleAction(slackActor(bob), "unassign", target("commander", alice), facts)).toBe("assign-commander");
  });

  it("bots cannot hold roles: not by claiming, not by being assigned", () => {
    const botPerson = slackPerson("U0BOTBOT1", "deploy-bot");
    expect(decide({ actor: slackActor(botPerson), actorIsBot: true, action: "claim-role", incident: incident(), target: target("comms-lead", botPerson), settings })).toMatchObject({
      allowed: false,
      message: "Bots cannot hold incident roles; assign a person.",
    });
    expect(ask(alice, "assign-other", { target: { ...target("comms-lead", botPerson), personIsBot: true } })).toMatchObject({ allowed: false, message: "@deploy-bot is a bot; bots cannot hold incident roles." });
    expect(decide({ actor: { kind: "system", name: "Firebreak" }, action: "claim-role", incident: incident(), target: { role: "legal", slot: "primary" }, settings })).toMatchObject({ allowed: false });
  });
});

describe("the response's everyday work: anyone who can see the incident", () => {
  const actions: Action[] = ["check", "note", "evidence", "update", "notify-stakeholders", "snooze"];
  it.each(actions)("%s on a public incident: anyone in the workspace", (action) => {
    for (const p of [alice, carol, erin, frank]) expect(ask(p, action), p.name).toEqual({ allowed: true });
  });
  it.each(actions)("%s on a private incident: members yes, a stranger gets 'no such incident'", (action) => {
    const priv = incident({ isPrivate: true });
    for (const p of [alice, carol, dave, erin, root]) expect(decide({ actor: slackActor(p), action, incident: priv, settings }), p.name).toEqual({ allowed: true });
    expect(decide({ actor: slackActor(frank), action, incident: priv, settings, isMemberOfSpace: true })).toEqual({ allowed: true });
    expect(decide({ actor: slackActor(frank), action, incident: priv, settings, isMemberOfSpace: false })).toMatchObject({ allowed: false, hide: true, message: "There is no incident INC-2026-0042." });
  });
});

describe("declare, drill, list, help: anyone", () => {
  it.each(["declare", "drill", "list", "help", "stats", "verify", "readiness"] as Action[])("%s needs no incident and refuses nobody", (action) => {
    expect(decide({ actor: slackActor(frank), action, settings })).toEqual({ allowed: true });
    expect(decide({ actor: { kind: "shell", userId: "guest", name: "guest" }, action, settings })).toEqual({ allowed: true });
  });
  it("an incident action without its incident is a programming error, not a silent yes", () => {
    expect(() => decide({ actor: slackActor(frank), action: "close", settings })).toThrow(/concerns an incident/);
  });
});

describe("visibility of a private incident", () => {
  const priv = incident({ isPrivate: true });
  const sees = (p: Person, isMemberOfSpace?: boolean) => canSee({ actor: slackActor(p), incident: priv, settings, isMemberOfSpace });

  it.each([
    ["a current role holder", alice],
    ["a past role holder", dave],
    ["an invited person", erin],
    ["an admin", root],
  ])("%s sees it", (_label, person) => {
    expect(sees(person, false)).toBe(true);
  });
  it("someone in its channel sees it", () => expect(sees(frank, true)).toBe(true));
  it("a stranger does not, and every view answers as for an unknown id", () => {
    expect(sees(frank, false)).toBe(false);
    expect(sees(frank)).toBe(false);
    for (const action of ["status", "timeline", "roles", "checklist", "reminders", "report", "channel", "severity"] as Action[]) {
      const d = decide({ actor: slackActor(frank), action, incident: priv, settings });
      expect(d).toMatchObject({ allowed: false, hide: true, message: "There is no incident INC-2026-0042." });
      if (!d.allowed) expect(d.reason).toBe("slack:U0FRANK01 may not see private INC-2026-0042 (not a member or admin)");
    }
  });
  it("the same id on another platform is another person", () => {
    expect(canSee({ actor: { kind: "teams", tenantId: "t", userId: alice.id, name: "alice" }, incident: priv, settings })).toBe(false);
  });
  it("a public incident is visible to everyone", () => {
    expect(canSee({ actor: slackActor(frank), incident: incident(), settings })).toBe(true);
  });
  it("the bot itself (timers) sees everything", () => {
    expect(canSee({ actor: { kind: "system", name: "Firebreak" }, incident: priv, settings })).toBe(true);
  });
  it("asks the platform only when the answer matters", () => {
    expect(needsSpaceMembership({ actor: slackActor(frank), action: "timeline", incident: priv, settings })).toBe(true);
    expect(needsSpaceMembership({ actor: slackActor(alice), action: "timeline", incident: priv, settings })).toBe(false);
    expect(needsSpaceMembership({ actor: slackActor(frank), action: "timeline", incident: incident(), settings })).toBe(false);
    expect(needsSpaceMembership({ actor: slackActor(frank), action: "severity", incident: incident(), settings })).toBe(false);
  });
});

describe("FIREBREAK_ALLOW overrides", () => {
  const allow = (items: AccessSettings["allow"]): AccessSettings => ({ ...settings, allow: items });

  it("close:P4=anyone lets anyone close a P4, and only a P4", () => {
    const s = allow([{ action: "close", severity: "P4", who: "anyone" }]);
    expect(decide({ actor: slackActor(frank), action: "close", incident: incident({ severity: "P4" }), settings: s })).toEqual({ allowed: true });
    expect(decide({ actor: slackActor(frank), action: "close", incident: incident({ severity: "P3" }), settings: s }).allowed).toBe(false);
  });

  it("severity=members lets members change it, not bystanders", () => {
    const s = allow([{ action: "severity", who: "members" }]);
    expect(decide({ actor: slackActor(erin), action: "severity", incident: incident(), settings: s })).toEqual({ allowed: true });
    expect(decide({ actor: slackActor(frank), action: "severity", incident: incident(), settings: s, isMemberOfSpace: true })).toEqual({ allowed: true });
    expect(decide({ actor: slackActor(frank), action: "severity", incident: incident(), settings: s, isMemberOfSpace: false })).toMatchObject({
      allowed: false,
      message: "Only members of INC-2026-0042 — its responders, the people invited and the people in its channel — can change the severity.",
    });
  });

  it("a severity-specific item beats the plain one; admins-only refuses even the commander", () => {
    const s = allow([{ action: "notify-regulator", who: "admins" }, { action: "notify-regulator", severity: "P1", who: "leads" }]);
    expect(decide({ actor: slackActor(alice), action: "notify-regulator", incident: incident({ severity: "P1" }), settings: s })).toEqual({ allowed: true });
    expect(decide({ actor: slackActor(alice), action: "notify-regulator", incident: incident(), settings: s })).toMatchObject({ allowed: false, message: "Only a Firebreak admin can record the regulator notification on INC-2026-0042." });
  });

  it("an override never reveals a private incident", () => {
    const s = allow([{ action: "note", who: "anyone" }]);
    expect(decide({ actor: slackActor(frank), action: "note", incident: incident({ isPrivate: true }), settings: s })).toMatchObject({ allowed: false, hide: true });
  });
});
