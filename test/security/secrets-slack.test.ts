import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { checklistSteps, incidentLog, incidents, postedMessages } from "../../src/store/schema.js";
import { alice, blockActions, type SlackHarness, useSlackHarness, viewSubmission } from "../slack/harness.js";
import { FAKE_SECRETS } from "./fake-secrets.js";
import { INCIDENT_PROSE } from "./incident-prose.js";
import { capturedLog, everythingStored, leaked, pasteNote } from "./leaks.js";

/**
 * Real-shaped fake keys of every kind, pasted into a slash command and into a modal, through the
 * real Bolt receiver. None of them may reach a table (every table, every column: the log's text,
 * payload and reasons, the outbox, the deliveries' outcomes …), the process log, or a message.
 */
const log = capturedLog();
const suite = useSlackHarness({ logger: log.logger });
let h: SlackHarness;
beforeEach(() => {
  h = suite.h;
  log.lines.length = 0;
});

async function declare() {
  await h.slash("declare P1 prompt-injection Support bot leaks its system prompt");
  const [incident] = await h.db.db.select().from(incidents);
  return { incident: incident!, channel: { id: incident!.space!.id, name: incident!.space!.name } };
}

/** The Post update modal, opened from the summary and submitted with `text`. */
async function updateByModal(incidentId: string, channelId: string, text: string) {
  const [summary] = await h.db.db.select().from(postedMessages).where(and(eq(postedMessages.incidentId, incidentId), eq(postedMessages.purpose, "summary")));
  const message = h.fake.message(summary!.spaceId, summary!.messageId)!;
  await h.interact(blockActions({ channel: channelId, message, actions: [{ type: "button", action_id: "update.open", block_id: "b", value: incidentId }] }));
  const view = h.fake.callsTo("views.open").at(-1)!.args.view;
  await h.interact(viewSubmission({ user: alice, view, values: { text: { value: { type: "plain_text_input", value: text } } } }));
}

describe("Slack: a pasted credential is never stored, logged or echoed", () => {
  it("every kind, by slash command and by modal: the command runs with [REDACTED:<kind>]; a warning and a containment step follow", async () => {
    const { incident, channel } = await declare();
    for (const secret of FAKE_SECRETS) await h.slash(`note ${pasteNote(secret)}`, { channel });
    for (const secret of FAKE_SECRETS) await updateByModal(incident.id, channel.id, pasteNote(secret));

    const stored = await everythingStored(h.db.db);
    expect(stored.tables).toEqual(expect.arrayContaining(["incident_log", "effects", "deliveries", "incidents", "incident_members", "posted_messages"]));
    expect(leaked(stored.text)).toEqual([]);
    expect(leaked(log.lines.join("\n"))).toEqual([]);
    expect(log.lines.length).toBeGreaterThan(0);
    expect(leaked(JSON.stringify([h.fake.calls, h.fake.responses]))).toEqual([]);

    // The commands ran, each with its key's kind in place of the key.
    const rows = await h.db.db.select().from(incidentLog).orderBy(incidentLog.seq);
    const notes = rows.filter((r) => r.kind === "note").map((r) => (r.payload as { text: string }).text);
    const updates = rows.filter((r) => r.kind === "update").map((r) => (r.payload as { text: string }).text);
    expect(notes).toHaveLength(FAKE_SECRETS.length);
    expect(updates).toHaveLength(FAKE_SECRETS.length);
    FAKE_SECRETS.forEach((s, i) => {
      expect(notes[i], s.label).toContain(`[REDACTED:${s.kind}]`);
      expect(updates[i], s.label).toContain(`[REDACTED:${s.kind}]`);
    });
    expect(rows.filter((r) => r.kind === "note")[0]!.payload).toMatchObject({ redacted: [{ kind: FAKE_SECRETS[0]!.kind, path: "text" }] });

    // The incident's channel is told, without the key; its containment checklist gets the step.
    const warnings = h.fake.callsTo("chat.postMessage").filter((c) => c.args.channel === channel.id && /was pasted and was not stored/.test(c.args.text));
    expect(warnings).toHaveLength(FAKE_SECRETS.length * 2);
    expect(warnings[0]!.args.text).toBe(`A credential (${FAKE_SECRETS[0]!.kind}) was pasted and was not stored — revoke it.`);
    const [after] = await h.db.db.select().from(incidents);
    expect(after!.playbooks.filter((p) => p === "pasted-credential")).toHaveLength(1);
    await h.slash("check contain.revoke-pasted", { channel });
    const [step] = await h.db.db.select().from(checklistSteps).where(eq(checklistSteps.stepKey, "contain.revoke-pasted"));
    expect(step!.checked).toBe(true);
    // Two commands per kind of key (a slash command and a modal): generous on a loaded machine.
  }, 120_000);

  it("ordinary incident prose is stored as written: nothing redacted, no warning, no extra step", async () => {
    const { channel } = await declare();
    await h.slash(`note ${INCIDENT_PROSE}`, { channel });
    const [note] = await h.db.db.select().from(incidentLog).where(eq(incidentLog.kind, "note")).orderBy(incidentLog.seq);
    expect((note!.payload as { text: string }).text).toBe(INCIDENT_PROSE);
    expect(note!.payload).not.toHaveProperty("redacted");
    expect(h.fake.callsTo("chat.postMessage").some((c) => /was pasted and was not stored/.test(c.args.text))).toBe(false);
    expect((await h.db.db.select().from(incidents))[0]!.playbooks).not.toContain("pasted-credential");
  });
});
