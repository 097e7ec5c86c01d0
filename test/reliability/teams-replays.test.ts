import { describe, expect, it } from "vitest";
import { incidentLog, incidents } from "../../src/store/schema.js";
import { dialogForm, mentionMessage, taskFetch, taskSubmit } from "../teams/support/activities.js";
import { fillDialog } from "../teams/support/dialogs.js";
import { BOB, startHarness, useTeamsSuite } from "../teams/support/harness.js";

/** Teams resends an activity with the same id; a dialog is sent twice, or by someone else: one effect. */
const suite = useTeamsSuite();

describe("Teams deliveries replayed", () => {
  it("a message activity delivered twice with the same id declares once", async () => {
    const h = await startHarness(suite.db);
    const activity = mentionMessage(h.fake.url, "declare P1 prompt-injection Resent by Teams");
    await h.send(activity);
    await h.send(activity);
    await h.mounted.idle();
    expect(await suite.db.db.$count(incidents)).toBe(1);
    expect((await suite.db.db.select().from(incidentLog).orderBy(incidentLog.seq)).filter((r) => r.kind === "declare")).toHaveLength(1);
  });

  it("one update dialog sent twice, and then by someone else, posts one update", async () => {
    const h = await startHarness(suite.db);
    await h.send(mentionMessage(h.fake.url, "declare P2 Two people, one form"));
    await h.mounted.idle();
    const [incident] = await suite.db.db.select().from(incidents);
    const opened = await h.send(taskFetch(h.fake.url, incident!.space!.id, { verb: "update.open", incidentId: incident!.id }));
    const { data } = dialogForm(opened.body);
    const submit = (from?: typeof BOB, text = "Model offline") => taskSubmit(h.fake.url, incident!.space!.id, { ...data, text }, from);
    const first = await h.send(submit());
    const again = await h.send(submit());
    const second = await h.send(submit(BOB, "A different update"));
    await h.mounted.idle();
    expect(again.body).toEqual(first.body);
    expect((await suite.db.db.select().from(incidentLog).orderBy(incidentLog.seq)).filter((r) => r.kind === "update" && r.outcome === "ok")).toHaveLength(1);
    expect(JSON.stringify(h.fake.cardsIn(incident!.space!.id))).not.toContain("A different update");
    expect(second.status).toBe(200);
    expect(second.body.task.value).toMatch(/opened by someone else/);
  });
});

describe("Teams card input cleaned at the edge", () => {
  it("an update form whose text carries a NUL posts the update, cleaned, and logs it", async () => {
    const h = await startHarness(suite.db);
    await h.send(mentionMessage(h.fake.url, "declare P2 Card with a NUL"));
    await h.mounted.idle();
    const [incident] = await suite.db.db.select().from(incidents);
    await fillDialog(h, incident!.space!.id, { verb: "update.open", incidentId: incident!.id }, { text: "Model\u0000 offline" });
    const [row] = (await suite.db.db.select().from(incidentLog).orderBy(incidentLog.seq)).filter((r) => r.kind === "update");
    expect(row).toMatchObject({ outcome: "ok", payload: { text: "Model offline" } });
  });
});
