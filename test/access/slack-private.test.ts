import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { CHECKLIST_ACTION } from "../../adapters/slack/render/ids.js";
import { incidentLog, incidents, postedMessages } from "../../src/store/schema.js";
import { alice, blockActions, generalChannel, type SlackHarness, useSlackHarness } from "../slack/harness.js";

/**
 * A private Slack incident, seen by Dan, who is in the workspace but holds no role on it, was not
 * invited and is not in its channel: list, App Home, the "not an incident channel" hint, lookups
 * by id, buttons and checkboxes naming it all answer as if it did not exist.
 */
const dan = { id: "UDAN0001", name: "dan" };

const suite = useSlackHarness();
let h: SlackHarness;
beforeEach(() => {
  h = suite.h;
  if (!h.fake.users.some((u) => u.id === dan.id)) h.fake.users.push({ id: dan.id, name: dan.name, profile: { display_name: dan.name } });
});

async function slash(text: string, user = alice, channel?: { id: string; name: string }): Promise<string> {
  const res = await h.slash(text, { user, channel });
  const answer = h.fake.responses.find((r) => res.responseUrl.endsWith(`/respond/${r.id}`));
  return answer ? `${answer.body.text}\n${JSON.stringify(answer.body.blocks)}` : "";
}

/** A public incident (INC-2026-0001) and a private one (INC-2026-0002) that only Alice is in. */
async function twoIncidents() {
  await slash("declare P2 Model drift in the fraud scorer");
  await slash("declare P1 --private Insider copying model weights");
  const rows = await h.db.db.select().from(incidents).orderBy(incidents.humanId);
  return { open: rows[0]!, secret: rows[1]! };
}

const SECRET_WORDS = ["INC-2026-0002", "Insider", "copying", "model-weights"];
const expectNothingOf = (text: string) => {
  for (const word of SECRET_WORDS) expect(text, word).not.toContain(word);
};

describe("Slack: a non-member learns nothing about a private incident", () => {
  it("list shows it to its members only", async () => {
    const { secret } = await twoIncidents();
    const danSees = await slash("list", dan);
    expect(danSees).toContain("INC-2026-0001");
    expectNothingOf(danSees);
    expect(await slash("list", alice)).toContain(`INC-2026-0002 · P1 · ${secret.title}`);
  });

  it("App Home lists it to its members only", async () => {
    await twoIncidents();
    await h.event({ type: "app_home_opened", user: dan.id, channel: "D1", tab: "home", event_ts: "1.1" });
    const danHome = JSON.stringify(h.fake.callsTo("views.publish").at(-1)!.args);
    expect(danHome).toContain("Open incidents (1)");
    expectNothingOf(danHome);
    await h.event({ type: "app_home_opened", user: alice.id, channel: "D2", tab: "home", event_ts: "1.2" });
    const aliceHome = JSON.stringify(h.fake.callsTo("views.publish").at(-1)!.args);
    expect(aliceHome).toContain("Open incidents (2)");
    expect(aliceHome).toContain("Insider copying model weights");
  });

  it("the 'not an incident channel' hint names only incidents the person may see", async () => {
    const { open } = await twoIncidents();
    const hint = await slash("timeline", dan, generalChannel(h));
    expect(hint).toContain(`Open incidents: INC-2026-0001 (#${open.space!.name})`);
    expectNothingOf(hint);
    expect(await slash("timeline", alice, generalChannel(h))).toContain("INC-2026-0002 (#inc-20261125-insider-copying-model-weights)");
  });

  it("a lookup by id answers exactly as for an id that names nothing, and logs the real reason", async () => {
    const { secret } = await twoIncidents();
    const hidden = await slash("INC-2026-0002 timeline", dan);
    const unknown = await slash("INC-2026-0077 timeline", dan);
    expect(hidden).toBe(unknown.replaceAll("INC-2026-0077", "INC-2026-0002"));
    expect(hidden).toContain("There is no incident INC-2026-0002.");
    const [row] = await h.db.db.select().from(incidentLog).where(and(eq(incidentLog.incidentId, secret.id), eq(incidentLog.outcome, "rejected"))).orderBy(incidentLog.seq);
    expect(row).toMatchObject({ actorId: dan.id, kind: "timeline", reason: "slack:UDAN0001 may not see private INC-2026-0002 (not a member, not in its space, not an admin)" });
    // Its members get the timeline.
    expect(await slash("INC-2026-0002 timeline", alice)).toContain("Timeline");
  });

  it("a button or checkbox carrying its id opens nothing and changes nothing", async () => {
    const { secret } = await twoIncidents();
    const general = generalChannel(h).id;
    const ephemeral = () => JSON.stringify(h.fake.callsTo("chat.postEphemeral").at(-1)!.args);
    // A Roles button naming the private incident, and one naming an incident that never existed.
    for (const value of [secret.id, randomUUID()]) {
      const opened = h.fake.callsTo("views.open").length;
      await h.interact(blockActions({ user: dan, channel: general, message: { ts: "1.0", blocks: [] }, actions: [{ type: "button", action_id: "roles.open", block_id: "b", value }] }));
      expect(h.fake.callsTo("views.open")).toHaveLength(opened);
      expect(ephemeral()).toContain("That incident no longer exists.");
      expectNothingOf(ephemeral());
    }
    // A checkbox from the private incident's triage checklist, clicked by Dan.
    const [triage] = await h.db.db.select().from(postedMessages).where(and(eq(postedMessages.incidentId, secret.id), eq(postedMessages.purpose, "phase:triage")));
    const message = h.fake.message(triage!.spaceId, triage!.messageId)!;
    const element = message.blocks.find((b: any) => b.elements?.[0]?.action_id === CHECKLIST_ACTION);
    const option = element.elements[0].options.find((o: any) => !(element.elements[0].initial_options ?? []).some((i: any) => i.value === o.value));
    await h.interact(blockActions({ user: dan, channel: general, message, actions: [{ type: "checkboxes", action_id: CHECKLIST_ACTION, block_id: element.block_id, selected_options: [...(element.elements[0].initial_options ?? []), option] }] }));
    expect(ephemeral()).toContain("That incident no longer exists.");
    const [log] = await h.db.db.select().from(incidentLog).where(and(eq(incidentLog.incidentId, secret.id), eq(incidentLog.actorId, dan.id), eq(incidentLog.kind, "check"))).orderBy(incidentLog.seq);
    expect(log).toMatchObject({ outcome: "rejected", reason: expect.stringContaining("may not see private INC-2026-0002") });
  });
});
