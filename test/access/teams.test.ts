import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { incidentLog, incidents, roleAssignments } from "../../src/store/schema.js";
import { mentionMessage } from "../teams/support/activities.js";
import { fillDialog } from "../teams/support/dialogs.js";
import { ALICE, BOB, GENERAL_CHANNEL, startHarness, type TeamsHarness, useTeamsSuite } from "../teams/support/harness.js";

/**
 * The permission table of issue 8, row by row, through Activities and invokes into the real
 * CloudAdapter. Alice declares (and so commands); Ada is a Firebreak admin (by Entra object id);
 * Dan and Eve hold nothing.
 */
const ADA = { id: "29:1ada", aadObjectId: "5f2b9c1e-8d7a-4e3b-9a6f-1c2d3e4f5a6b", name: "Ada Admin" };
const DAN = { id: "29:1dan", aadObjectId: "aad-dan", name: "Dan Doe" };
const EVE = { id: "29:1eve", aadObjectId: "aad-eve", name: "Eve Evans" };
const DEPLOY_BOT = { id: "28:deploy-bot", name: "Deploy Bot" };
type Account = { id: string; aadObjectId?: string; name: string };

const suite = useTeamsSuite();

async function harness(): Promise<TeamsHarness> {
  const h = await startHarness(suite.db, "thread", { FIREBREAK_ADMINS: `teams:${ADA.aadObjectId}` });
  for (const person of [ADA, DAN, EVE]) h.fake.members.set(person.id, person);
  return h;
}

/** Says `text` to the bot where `where` is, and returns the bot's last answer there. */
async function say(h: TeamsHarness, text: string, from: Account, where: string, mentions: Account[] = []): Promise<string> {
  await h.send(mentionMessage(h.fake.url, text, { from, conversationId: where, mentions }));
  await h.mounted.idle();
  return JSON.stringify(h.fake.cardsIn(where).at(-1) ?? {});
}

async function declared(h: TeamsHarness, text = "declare P1 prompt-injection Support bot leaks orders") {
  await say(h, text, ALICE, `${GENERAL_CHANNEL};messageid=1700000000001`);
  const rows = await suite.db.db.select().from(incidents).orderBy(incidents.humanId);
  return rows.at(-1)!;
}

const lastLog = async () => (await suite.db.db.select().from(incidentLog).orderBy(incidentLog.seq)).at(-1)!;
const holders = async (id: string) =>
  (await suite.db.db.select().from(roleAssignments).where(eq(roleAssignments.incidentId, id))).filter((r) => !r.endedAt).map((r) => `${r.role}/${r.slot}=${r.person.id}`).sort();

describe("Teams: who may do what, through the CloudAdapter", () => {
  it("severity, phase moves, resolve: the commander, the backup and admins; anyone else is told who may, by message or dialog", async () => {
    const h = await harness();
    const incident = await declared(h);
    const thread = incident.space!.id;
    expect(await say(h, "severity P2", BOB, thread)).toContain("Only the incident commander (@Alice Smith), their backup or a Firebreak admin can change the severity.");
    expect(await lastLog()).toMatchObject({ kind: "severity", outcome: "rejected", reason: "teams:aad-bob is not among leads of INC-2026-0001 for severity (commander: primary=teams:aad-alice)" });
    expect(await say(h, "resolve false alarm", BOB, thread)).toContain("can resolve the incident.");
    const dialog = await fillDialog(h, thread, { verb: "severity.open", incidentId: incident.id }, { severity: "P4" }, BOB);
    expect(dialog.submitted.task.value).toContain("Only the incident commander (@Alice Smith)");
    expect((await suite.db.db.select().from(incidents))[0]).toMatchObject({ severity: "P1", phase: "triage" });

    await say(h, "severity P2", ALICE, thread);
    await say(h, "status containment", ADA, thread);
    expect((await suite.db.db.select().from(incidents))[0]).toMatchObject({ severity: "P2", phase: "containment" });
  });

  it("assigning someone else and changing the commander: the commander, the backup and admins", async () => {
    const h = await harness();
    const incident = await declared(h);
    const thread = incident.space!.id;
    expect(await say(h, `assign tech-lead <at>${DAN.name}</at>`, BOB, thread, [DAN])).toContain("can assign someone else to a role.");
    expect(await say(h, "assign commander me", BOB, thread)).toContain("can change the incident commander.");
    await say(h, `assign commander backup <at>${BOB.name}</at>`, ALICE, thread, [BOB]);
    await say(h, `assign tech-lead <at>${DAN.name}</at>`, BOB, thread, [DAN]);
    expect(await holders(incident.id)).toEqual(["commander/backup=aad-bob", "commander/primary=aad-alice", "tech-lead/primary=aad-dan"]);
  });

  it("bots cannot hold roles: a Teams bot account (28: id) is refused in plain words", async () => {
    const h = await harness();
    const incident = await declared(h);
    expect(await say(h, `assign tech-lead <at>${DEPLOY_BOT.name}</at>`, ALICE, incident.space!.id, [DEPLOY_BOT])).toContain("@Deploy Bot is a bot; bots cannot hold incident roles.");
    expect(await holders(incident.id)).toEqual(["commander/primary=aad-alice"]);
  });

  it("an empty role: anyone who can see the incident may take it; a held one is not theirs to take", async () => {
    const h = await harness();
    const incident = await declared(h);
    const thread = incident.space!.id;
    await say(h, "assign comms-lead me", DAN, thread);
    expect(await say(h, "assign comms-lead me", EVE, thread)).toContain(
      "The communications lead role on INC-2026-0001 is held by @Dan Doe. Only the incident commander (@Alice Smith), their backup or a Firebreak admin can reassign it.",
    );
    expect(await holders(incident.id)).toEqual(["commander/primary=aad-alice", "comms-lead/primary=aad-dan"]);
  });

  it("ticks, notes, evidence, updates, notify stakeholders on a public incident: anyone who can see it", async () => {
    const h = await harness();
    const incident = await declared(h);
    for (const text of ["check 3", "note the bot quoted another order", "evidence s3://forensics/transcript.jsonl the transcript", "update Contained; next update 15:00", "notify"]) {
      await say(h, text, DAN, incident.space!.id);
      expect(await lastLog(), text).toMatchObject({ outcome: "ok", actorId: DAN.aadObjectId });
    }
  });

  it("declare, drill, list, help: anyone", async () => {
    const h = await harness();
    const where = `${GENERAL_CHANNEL};messageid=1700000000002`;
    for (const text of ["declare P4 Prompt filter false positives", "drill supply-chain --speed 60", "list", "help assign"]) await say(h, text, DAN, where);
    const rows = await suite.db.db.select().from(incidentLog).where(eq(incidentLog.actorId, DAN.aadObjectId)).orderBy(incidentLog.seq);
    expect(rows.map((r) => `${r.text}:${r.outcome}`)).toEqual(["/incident declare P4 Prompt filter false positives:ok", "/incident drill supply-chain --speed 60:ok", "/incident list:ok", "/incident help assign:ok"]);
  });
});
