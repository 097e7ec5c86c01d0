import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { incidentLog, incidents } from "../../src/store/schema.js";
import { mentionMessage } from "./support/activities.js";
import { fillDialog } from "./support/dialogs.js";
import { startHarness, type TeamsHarness, useTeamsSuite } from "./support/harness.js";

/** The close guards through Teams' entry points: an @mention in the incident's thread and the phase form. */
const suite = useTeamsSuite();

async function flaggedAndResolved(h: TeamsHarness) {
  await h.send(mentionMessage(h.fake.url, "declare P1 data-poisoning Fraud model drift"));
  await h.mounted.idle();
  const [incident] = await suite.db.db.select().from(incidents);
  const say = async (text: string) => {
    await h.send(mentionMessage(h.fake.url, text, { conversationId: incident!.space!.id }));
    await h.mounted.idle();
  };
  await say("flag personal-data");
  await say("resolve Retrained on clean data");
  return { incident: incident!, say };
}
const phase = async () => (await suite.db.db.select().from(incidents))[0]!.phase;

describe("Teams: close guards", () => {
  it("an @mention `close` is refused with what is missing; `close --force <reason>` closes and logs the reason", async () => {
    const h = await startHarness(suite.db);
    const { incident, say } = await flaggedAndResolved(h);
    await say("close");
    const answer = JSON.stringify(h.fake.messagesIn(incident.space!.id).at(-1)!.activity);
    expect(answer).toContain("INC-2026-0001 cannot close yet");
    expect(answer).toContain("the regulator has not been notified");
    expect(answer).toContain("close --force <reason>");
    expect(await phase()).toBe("resolved");

    await say("close --force Regulator informed by phone");
    expect(await phase()).toBe("closed");
    const [closed] = await suite.db.db.select().from(incidentLog).where(and(eq(incidentLog.incidentId, incident.id), eq(incidentLog.kind, "close"), eq(incidentLog.outcome, "ok"))).orderBy(incidentLog.seq);
    expect(closed!.payload.forceReason).toBe("Regulator informed by phone");
  });

  it("the phase dialog's Closed is refused in the dialog's answer, pointing at `close --force`", async () => {
    const h = await startHarness(suite.db);
    const { incident } = await flaggedAndResolved(h);
    const { submitted } = await fillDialog(h, incident.space!.id, { verb: "phase.open", incidentId: incident.id }, { phase: "closed" });
    expect(submitted.task.type).toBe("message");
    expect(submitted.task.value).toContain("cannot close yet");
    expect(submitted.task.value).toContain("close --force <reason>");
    expect(await phase()).toBe("resolved");
    const rejected = await suite.db.db.select().from(incidentLog).where(and(eq(incidentLog.incidentId, incident.id), eq(incidentLog.outcome, "rejected"))).orderBy(incidentLog.seq);
    expect(rejected.map((r) => r.text)).toEqual(["[dialog] phase.set"]);
  });
});
