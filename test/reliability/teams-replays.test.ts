import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { incidentLog, incidents, postedMessages } from "../../src/store/schema.js";
import { cardAction, mentionMessage } from "../teams/support/activities.js";
import { BOB, startHarness, useTeamsSuite } from "../teams/support/harness.js";

/** Teams resends an activity with the same id; a form can be submitted by two people: one effect. */
const suite = useTeamsSuite();

describe("Teams deliveries replayed", () => {
  it("a message activity delivered twice with the same id declares once", async () => {
    const h = await startHarness(suite.db);
    const activity = mentionMessage(h.fake.url, "declare P1 prompt-injection Resent by Teams");
    await h.send(activity);
    await h.send(activity);
    await h.mounted.idle();
    expect(await suite.db.db.$count(incidents)).toBe(1);
    expect((await suite.db.db.select().from(incidentLog)).filter((r) => r.kind === "declare")).toHaveLength(1);
  });

  it("one update form submitted by two people posts one update", async () => {
    const h = await startHarness(suite.db);
    await h.send(mentionMessage(h.fake.url, "declare P2 Two people, one form"));
    await h.mounted.idle();
    const [incident] = await suite.db.db.select().from(incidents);
    const [summary] = await suite.db.db.select().from(postedMessages).where(eq(postedMessages.purpose, "summary"));
    await h.send(cardAction(h.fake.url, incident!.space!.id, summary!.messageId, "update.open", { incidentId: incident!.id }));
    const form = h.fake.messagesIn(incident!.space!.id).at(-1)!;
    const submit = (from?: typeof BOB, text = "Model offline") => cardAction(h.fake.url, incident!.space!.id, form.id, "update.post", { incidentId: incident!.id, text }, from);
    await h.send(submit());
    const second = await h.send(submit(BOB, "A different update"));
    await h.mounted.idle();
    expect((await suite.db.db.select().from(incidentLog)).filter((r) => r.kind === "update" && r.outcome === "ok")).toHaveLength(1);
    expect(JSON.stringify(h.fake.cardsIn(incident!.space!.id))).not.toContain("A different update");
    expect(second.status).toBe(200);
  });
});

describe("Teams card input cleaned at the edge", () => {
  it("an update form whose text carries a NUL posts the update, cleaned, and logs it", async () => {
    const h = await startHarness(suite.db);
    await h.send(mentionMessage(h.fake.url, "declare P2 Card with a NUL"));
    await h.mounted.idle();
    const [incident] = await suite.db.db.select().from(incidents);
    const [summary] = await suite.db.db.select().from(postedMessages).where(eq(postedMessages.purpose, "summary"));
    await h.send(cardAction(h.fake.url, incident!.space!.id, summary!.messageId, "update.open", { incidentId: incident!.id }));
    const form = h.fake.messagesIn(incident!.space!.id).at(-1)!;
    await h.send(cardAction(h.fake.url, incident!.space!.id, form.id, "update.post", { incidentId: incident!.id, text: "Model\u0000 offline" }));
    await h.mounted.idle();
    const [row] = (await suite.db.db.select().from(incidentLog)).filter((r) => r.kind === "update");
    expect(row).toMatchObject({ outcome: "ok", payload: { text: "Model offline" } });
  });
});
