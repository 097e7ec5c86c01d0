import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { incidentLog, incidents, postedMessages, roleAssignments } from "../../src/store/schema.js";
import { alice, blockActions, bob, type SlackHarness, useSlackHarness, viewSubmission } from "../slack/harness.js";

/**
 * The permission table of issue 8, row by row, through signed Slack requests into the real Bolt
 * receiver: slash commands, buttons and modals. Alice declares (and so commands); Ada is a
 * Firebreak admin; Dan and Eve hold nothing.
 */
const ada = { id: "UADA0001", name: "ada" };
const dan = { id: "UDAN0001", name: "dan" };
const eve = { id: "UEVE0001", name: "eve" };

const suite = useSlackHarness({ env: { FIREBREAK_ADMINS: "slack:UADA0001" } });
let h: SlackHarness;
beforeEach(() => {
  h = suite.h;
  for (const u of [ada, dan, eve]) if (!h.fake.users.some((x) => x.id === u.id)) h.fake.users.push({ id: u.id, name: u.name, profile: { display_name: u.name } });
});

/** Runs a slash command and returns what its response URL was sent (the private answer). */
async function slash(text: string, user = alice, channel?: { id: string; name: string }): Promise<string> {
  const res = await h.slash(text, { user, channel });
  const answer = h.fake.responses.find((r) => res.responseUrl.endsWith(`/respond/${r.id}`));
  return answer ? `${answer.body.text}\n${JSON.stringify(answer.body.blocks)}` : "";
}

async function declare(text: string, user = alice) {
  await slash(text, user);
  const rows = await h.db.db.select().from(incidents).orderBy(incidents.declaredAt, incidents.humanId);
  const incident = rows.at(-1)!;
  return { incident, channel: { id: incident.space!.id, name: incident.space!.name } };
}

const current = async (id: string) => (await h.db.db.select().from(incidents).where(eq(incidents.id, id)))[0]!;
const lastLog = async () => (await h.db.db.select().from(incidentLog).orderBy(incidentLog.seq)).at(-1)!;
const holders = async (id: string) =>
  (await h.db.db.select().from(roleAssignments).where(eq(roleAssignments.incidentId, id))).filter((r) => !r.endedAt).map((r) => `${r.role}/${r.slot}=${r.person.id}`).sort();

describe("Slack: who may do what, through signed requests", () => {
  it("severity, phase moves, resolve, flag personal-data, notify regulator: the commander, the backup and admins; anyone else is told who may", async () => {
    const { incident, channel } = await declare("declare P1 prompt-injection Support bot leaks its system prompt");
    expect(await slash("severity P2", bob, channel)).toContain("Only the incident commander (@alice), their backup or a Firebreak admin can change the severity.");
    expect(await lastLog()).toMatchObject({ kind: "severity", outcome: "rejected", reason: "slack:UBOB is not among leads of INC-2026-0001 for severity (commander: primary=slack:UALICE)" });
    expect(await slash("status containment", bob, channel)).toContain("can move the incident to another phase.");
    expect(await slash("resolve fixed it", bob, channel)).toContain("can resolve the incident.");
    expect(await slash("flag personal-data", bob, channel)).toContain("can flag personal data.");
    expect(await slash("notify regulator", bob, channel)).toContain("can record the regulator notification.");
    expect(await current(incident.id)).toMatchObject({ severity: "P1", phase: "triage", personalDataAt: null, regulatorNotifiedAt: null });

    await slash("severity P2", alice, channel);
    await slash("status containment", ada, channel);
    expect(await current(incident.id)).toMatchObject({ severity: "P2", phase: "containment" });
    // The commander's backup may too.
    await slash("assign commander backup <@UBOB|bob>", alice, channel);
    await slash("severity P3", bob, channel);
    expect((await current(incident.id)).severity).toBe("P3");
  });

  it("assigning or unassigning someone else, and changing the commander: the commander, the backup and admins", async () => {
    const { incident, channel } = await declare("declare P2 Jailbreak in the HR assistant");
    expect(await slash("assign tech-lead <@UDAN0001|dan>", bob, channel)).toContain("Only the incident commander (@alice), their backup or a Firebreak admin can assign someone else to a role.");
    expect(await slash("assign commander me", bob, channel)).toContain("can change the incident commander.");
    expect(await slash("unassign commander", bob, channel)).toContain("can change the incident commander.");
    await slash("assign tech-lead <@UDAN0001|dan>", alice, channel);
    expect(await holders(incident.id)).toEqual(["commander/primary=UALICE", "tech-lead/primary=UDAN0001"]);
    await slash("unassign tech-lead", alice, channel);
    await slash("assign commander me", ada, channel);
    expect(await holders(incident.id)).toEqual(["commander/primary=UADA0001"]);
    // Alice led it; she no longer does.
    expect(await slash("assign legal <@UDAN0001|dan>", alice, channel)).toContain("Only the incident commander (@ada)");
  });

  it("bots cannot hold roles: Slack's is_bot is refused in plain words", async () => {
    const { incident, channel } = await declare("declare P2 Deploy bot misbehaves");
    expect(await slash("assign tech-lead <@UDEPLOYBOT|deploy-bot>", alice, channel)).toContain("@deploy-bot is a bot; bots cannot hold incident roles.");
    expect(await holders(incident.id)).toEqual(["commander/primary=UALICE"]);
    expect(await lastLog()).toMatchObject({ outcome: "rejected", reason: "target slack:UDEPLOYBOT is a bot" });
  });

  it("an empty role: anyone who can see the incident may take it; a held one is not theirs to take", async () => {
    const { incident, channel } = await declare("declare P3 Odd refusals");
    await slash("assign comms-lead me", dan, channel);
    expect(await holders(incident.id)).toContain("comms-lead/primary=UDAN0001");
    expect(await slash("assign comms-lead me", eve, channel)).toContain(
      "The communications lead role on INC-2026-0001 is held by @dan. Only the incident commander (@alice), their backup or a Firebreak admin can reassign it.",
    );
    // Stepping down from your own role is yours to do.
    await slash("unassign comms-lead", dan, channel);
    expect(await holders(incident.id)).toEqual(["commander/primary=UALICE"]);
  });

  it("ticks, notes, evidence, updates, notify stakeholders: anyone on a public incident; on a private one only its members", async () => {
    const { channel } = await declare("declare P3 Model drift");
    for (const text of ["check 3", "note looked at the drift dashboard", "evidence s3://forensics/drift.csv export of the eval", "update Investigating drift; next update 16:00", "notify"]) {
      await slash(text, dan, channel);
      expect(await lastLog(), text).toMatchObject({ outcome: "ok", actorId: "UDAN0001" });
    }

    const secret = await declare("declare P1 --private Insider copying weights");
    await slash("assign tech-lead <@UBOB|bob>", alice, secret.channel);
    // Eve is added to the channel in Slack (not through Firebreak).
    h.fake.channels.get(secret.channel.id)!.members.add(eve.id);
    // Dan holds nothing and is not in its channel: for him it does not exist.
    expect(await slash("INC-2026-0002 note hello", dan)).toBe(await slash("INC-2026-0099 note hello", dan).then((t) => t.replaceAll("0099", "0002")));
    expect((await h.db.db.select().from(incidentLog).where(eq(incidentLog.outcome, "rejected")).orderBy(incidentLog.seq)).find((r) => r.incidentId === secret.incident.id)).toMatchObject({
      text: "/incident INC-2026-0002 note hello",
      reason: "slack:UDAN0001 may not see private INC-2026-0002 (not a member, not in its space, not an admin)",
    });
    // Bob holds a role; Eve holds none, but Slack says she is in its channel.
    await slash("INC-2026-0002 note from bob", bob);
    expect(await lastLog()).toMatchObject({ kind: "note", outcome: "ok", actorId: "UBOB" });
    await slash("note from eve", eve, secret.channel);
    expect(await lastLog()).toMatchObject({ kind: "note", outcome: "ok", actorId: "UEVE0001" });
    expect(h.fake.callsTo("conversations.members").length).toBeGreaterThan(0);
  });

  it("declare, drill, list, help: anyone", async () => {
    for (const text of ["declare P4 Prompt filter false positives", "drill supply-chain --speed 60", "list", "help assign"]) await slash(text, dan);
    const rows = await h.db.db.select().from(incidentLog).where(eq(incidentLog.actorId, "UDAN0001")).orderBy(incidentLog.seq);
    expect(rows.map((r) => `${r.text}:${r.outcome}`)).toEqual(["/incident declare P4 Prompt filter false positives:ok", "/incident drill supply-chain --speed 60:ok", "/incident list:ok", "/incident help assign:ok"]);
  });

  it("a form is judged like the command it stands for: the severity modal, submitted by someone who may not", async () => {
    const { incident, channel } = await declare("declare P2 Agent wires money");
    const [summary] = await h.db.db.select().from(postedMessages).where(and(eq(postedMessages.incidentId, incident.id), eq(postedMessages.purpose, "summary")));
    const message = h.fake.message(summary!.spaceId, summary!.messageId)!;
    await h.interact(blockActions({ user: bob, channel: channel.id, message, actions: [{ type: "button", action_id: "severity.open", block_id: "b", value: incident.id }] }));
    const view = h.fake.callsTo("views.open").at(-1)!.args.view;
    await h.interact(viewSubmission({ user: bob, view, values: { severity: { value: { type: "radio_buttons", selected_option: { value: "P4" } } } } }));
    expect((await current(incident.id)).severity).toBe("P2");
    expect(JSON.stringify(h.fake.callsTo("chat.postEphemeral").at(-1)!.args)).toContain("Only the incident commander (@alice)");
    expect(await lastLog()).toMatchObject({ text: "[modal] severity", outcome: "rejected" });
  });
});
