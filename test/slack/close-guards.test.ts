import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { incidentLog, incidents, postedMessages } from "../../src/store/schema.js";
import { alice, blockActions, type SlackHarness, useSlackHarness, viewSubmission } from "./harness.js";

/** The close guards through Slack's own entry points: a signed slash command and the Change-phase modal. */
const suite = useSlackHarness();
let h: SlackHarness;
beforeEach(() => {
  h = suite.h;
});

async function flaggedAndResolved() {
  await h.slash("declare P1 data-poisoning Fraud model drift");
  const [incident] = await h.db.db.select().from(incidents);
  const here = { id: incident!.space!.id, name: incident!.spaceName! };
  await h.slash("flag personal-data", { channel: here });
  h.rt.clock.set("2026-11-25T15:00:00Z");
  await h.slash("resolve Retrained on clean data", { channel: here });
  return { incident: incident!, here };
}
const phase = async () => (await h.db.db.select().from(incidents))[0]!.phase;

describe("Slack: close guards", () => {
  it("a signed `/incident close` is refused with what is missing; `close --force <reason>` closes and logs the reason", async () => {
    const { incident, here } = await flaggedAndResolved();
    await h.slash("close", { channel: here });
    const refusal = JSON.stringify(h.lastResponse());
    expect(refusal).toContain("INC-2026-0001 cannot close yet");
    expect(refusal).toContain("the regulator has not been notified");
    expect(refusal).toContain("55. Hold a blameless review within two weeks of incident closure");
    // Slack's mrkdwn escapes the angle brackets.
    expect(refusal).toContain("`/incident close --force &lt;reason&gt;`");
    expect(await phase()).toBe("resolved");

    await h.slash("close --force Regulator informed by phone; review booked", { channel: here });
    expect(await phase()).toBe("closed");
    const [closed] = await h.db.db.select().from(incidentLog).where(and(eq(incidentLog.incidentId, incident.id), eq(incidentLog.kind, "close"), eq(incidentLog.outcome, "ok"))).orderBy(incidentLog.seq);
    expect(closed!.payload.forceReason).toBe("Regulator informed by phone; review booked");
  });

  it("choosing Closed in the Change-phase modal is refused privately, pointing at `close --force`", async () => {
    const { incident, here } = await flaggedAndResolved();
    const [summaryRow] = await h.db.db.select().from(postedMessages).where(and(eq(postedMessages.incidentId, incident.id), eq(postedMessages.purpose, "summary")));
    const summary = h.fake.message(summaryRow!.spaceId, summaryRow!.messageId)!;
    const button = summary.blocks.find((b: any) => b.type === "actions").elements.find((e: any) => e.action_id === "phase.open");
    await h.interact(blockActions({ channel: here.id, message: summary, actions: [{ type: "button", action_id: "phase.open", block_id: "b", value: button.value, text: button.text }] }));
    const view = h.fake.callsTo("views.open").at(-1)!.args.view;
    const options = view.blocks.find((b: any) => b.block_id === "phase").element.options.map((o: any) => o.value);
    expect(options).toContain("closed");
    await h.interact(viewSubmission({ view, values: { phase: { value: { type: "static_select", selected_option: { value: "closed" } } } } }));
    const ephemeral = h.fake.callsTo("chat.postEphemeral").at(-1)!;
    expect(ephemeral.args.user).toBe(alice.id);
    expect(JSON.stringify(ephemeral.args)).toContain("cannot close yet");
    expect(JSON.stringify(ephemeral.args)).toContain("`/incident close --force &lt;reason&gt;`");
    expect(await phase()).toBe("resolved");
    const [rejected] = await h.db.db.select().from(incidentLog).where(and(eq(incidentLog.incidentId, incident.id), eq(incidentLog.outcome, "rejected"))).orderBy(incidentLog.seq);
    expect(rejected).toMatchObject({ kind: "close", text: "[modal] phase closed" });
  });
});
