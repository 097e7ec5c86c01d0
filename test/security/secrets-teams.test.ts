import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { incidentLog, incidents } from "../../src/store/schema.js";
import { mentionMessage } from "../teams/support/activities.js";
import { fillDialog } from "../teams/support/dialogs.js";
import { ALICE, GENERAL_CHANNEL, startHarness, useTeamsSuite } from "../teams/support/harness.js";
import { FAKE_SECRETS } from "./fake-secrets.js";
import { INCIDENT_PROSE } from "./incident-prose.js";
import { capturedLog, everythingStored, leaked, pasteNote } from "./leaks.js";

/**
 * Real-shaped fake keys of every kind, pasted into an @mention command and into a dialog form,
 * through the real CloudAdapter. None may reach a table, the process log or a posted card.
 */
const suite = useTeamsSuite();

describe("Teams: a pasted credential is never stored, logged or echoed", () => {
  it("every kind, by message and by dialog: the command runs with [REDACTED:<kind>]; the incident's thread is warned", async () => {
    const log = capturedLog();
    const h = await startHarness(suite.db, "thread", {}, { logger: log.logger });
    await h.send(mentionMessage(h.fake.url, "declare P1 prompt-injection Support bot leaks orders"));
    await h.mounted.idle();
    const [incident] = await suite.db.db.select().from(incidents);
    const thread = incident!.space!.id;
    for (const secret of FAKE_SECRETS) {
      await h.send(mentionMessage(h.fake.url, `note ${pasteNote(secret)}`, { conversationId: thread }));
      await h.mounted.idle();
      await fillDialog(h, thread, { verb: "update.open", incidentId: incident!.id }, { text: pasteNote(secret) }, ALICE);
    }

    const stored = await everythingStored(suite.db.db);
    expect(stored.tables).toEqual(expect.arrayContaining(["incident_log", "effects", "deliveries", "incidents"]));
    expect(leaked(stored.text)).toEqual([]);
    expect(leaked(log.lines.join("\n"))).toEqual([]);
    expect(leaked(JSON.stringify(h.fake.requests.filter((r) => r.path.startsWith("/v3/"))))).toEqual([]);

    const rows = await suite.db.db.select().from(incidentLog).orderBy(incidentLog.seq);
    const texts = rows.filter((r) => r.kind === "note" || r.kind === "update").map((r) => (r.payload as { text: string }).text);
    expect(texts).toHaveLength(FAKE_SECRETS.length * 2);
    FAKE_SECRETS.forEach((s, i) => {
      expect(texts[2 * i], s.label).toContain(`[REDACTED:${s.kind}]`);
      expect(texts[2 * i + 1], s.label).toContain(`[REDACTED:${s.kind}]`);
    });
    const warnings = h.fake.messagesIn(thread).filter((m) => /was pasted and was not stored/.test(m.activity.summary ?? ""));
    expect(warnings).toHaveLength(FAKE_SECRETS.length * 2);
    expect((await suite.db.db.select().from(incidents))[0]!.playbooks).toContain("pasted-credential");
  });

  it("ordinary incident prose is stored as written: nothing redacted, no warning", async () => {
    const h = await startHarness(suite.db, "thread");
    await h.send(mentionMessage(h.fake.url, "declare P2 Model drift", { conversationId: `${GENERAL_CHANNEL};messageid=1700000000001` }));
    await h.mounted.idle();
    const [incident] = await suite.db.db.select().from(incidents);
    await fillDialog(h, incident!.space!.id, { verb: "update.open", incidentId: incident!.id }, { text: INCIDENT_PROSE }, ALICE);
    const [update] = await suite.db.db.select().from(incidentLog).where(eq(incidentLog.kind, "update")).orderBy(incidentLog.seq);
    expect((update!.payload as { text: string }).text).toBe(INCIDENT_PROSE);
    expect((await suite.db.db.select().from(incidents))[0]!.playbooks).not.toContain("pasted-credential");
  });
});
