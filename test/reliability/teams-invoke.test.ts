import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { checklistSteps, incidents, postedMessages } from "../../src/store/schema.js";
import { until } from "../support/main-process.js";
import { cardAction, mentionMessage } from "../teams/support/activities.js";
import { startHarness, useTeamsSuite } from "../teams/support/harness.js";

/**
 * Teams waits about 5 s for an invoke's answer. "Save ticks" answers as soon as its change is
 * committed, carrying the redrawn card; the other messages showing those steps (the summary, the
 * first-hour prompts) are updated from the outbox afterwards. Proven by stalling every update
 * call at the connector: the answer still comes back, and the updates follow once released.
 */
const suite = useTeamsSuite();

describe("Teams invokes answer before the other card updates", () => {
  it("Save ticks on 7 steps answers with the card while every connector update is stalled", async () => {
    const h = await startHarness(suite.db);
    await h.send(mentionMessage(h.fake.url, "declare P1 prompt-injection Seven ticks"));
    await h.mounted.idle();
    const [incident] = await suite.db.db.select().from(incidents);
    const [phase] = await suite.db.db.select().from(postedMessages).where(and(eq(postedMessages.incidentId, incident!.id), eq(postedMessages.purpose, "phase:triage")));
    const card = JSON.stringify(h.fake.activities.get(phase!.messageId)!.activity);
    const open = [...card.matchAll(/"id":"step:([^"]+)","title":"[^"]*","value":"false"/g)].map((m) => m[1]!).slice(0, 7);
    expect(open).toHaveLength(7);

    const release = h.fake.hold("PUT", /\/activities\//);
    const inputs = Object.fromEntries(open.map((k) => [`step:${k}`, "true"]));
    const res = await h.send(cardAction(h.fake.url, incident!.space!.id, phase!.messageId, "checklist.save", inputs), {}, { drain: false });
    // Answered, with the card redrawn, while no update has reached the connector.
    expect(res.status).toBe(200);
    expect(res.body.type).toBe("application/vnd.microsoft.card.adaptive");
    for (const key of open) expect(JSON.stringify(res.body.value)).toMatch(new RegExp(`"id":"step:${key.replace(/\./g, "\\.")}","title":"[^"]*","value":"true"`));
    const ticked = await suite.db.db.select().from(checklistSteps).where(and(eq(checklistSteps.incidentId, incident!.id), eq(checklistSteps.checked, true)));
    expect(ticked.map((s) => s.stepKey)).toEqual(expect.arrayContaining(open));
    // The outbox is updating the other messages now, stalled at the connector.
    await until("an update to reach the stalled connector", () => h.fake.waiting() > 0);
    release();
    await h.rt.deliverer.drain();
    const summaryRow = (await suite.db.db.select().from(postedMessages).where(and(eq(postedMessages.incidentId, incident!.id), eq(postedMessages.purpose, "summary"))))[0]!;
    expect(h.fake.activities.get(summaryRow.messageId)!.updates).toBeGreaterThanOrEqual(1);
  });
});
