import { describe, expect, it } from "vitest";
import { busyMessage } from "../../src/app/work-queue.js";
import { deliveries, incidentLog, incidents } from "../../src/store/schema.js";
import { dialogForm, mentionMessage, taskFetch, taskSubmit } from "./support/activities.js";
import { GENERAL_CHANNEL, startHarness, useTeamsSuite } from "./support/harness.js";
import { until } from "../support/main-process.js";

/**
 * Work after the ack is bounded on Teams too: one command at a time and none waiting, with the
 * connector stalled while the first declare opens its thread.
 */
const suite = useTeamsSuite();
const LIMITED = { FIREBREAK_WORK_CONCURRENCY: "1", FIREBREAK_WORK_BACKLOG: "0" };
const ASKED_IN = `${GENERAL_CHANNEL};messageid=1700000000001`;
const BUSY = busyMessage().text;

/** Waits for something done in the background, checking often (the shared poll, every 5 ms). */
const soon = (what: string, done: () => boolean) => until(what, done, 15_000, 5);

describe("Teams with a full backlog", () => {
  it("replies busy to a command over the limit and does none of it; the one in flight finishes, and the next one runs", async () => {
    const h = await startHarness(suite.db, "thread", LIMITED);
    const release = h.fake.hold("POST", /^\/v3\/conversations$/);
    try {
      await h.send(mentionMessage(h.fake.url, "declare P1 prompt-injection Support bot leaks other customers' orders"), {}, { drain: false });
      await soon("the first declare opening its thread", () => h.fake.waiting() === 1);
      const second = mentionMessage(h.fake.url, "declare P2 data-poisoning Poisoned fine-tuning batch");
      const res = await h.send(second, {}, { drain: false });
      expect(res.status).toBe(200);
      await soon("the busy reply", () => JSON.stringify(h.fake.cardsIn(ASKED_IN)).includes(BUSY));
      // Nothing of the second declare happened: one incident, its delivery never recorded.
      expect(await suite.db.db.$count(incidents)).toBe(1);
      expect((await suite.db.db.select().from(deliveries)).map((d) => d.key)).not.toContain(`teams:activity:${second.id}`);
    } finally {
      release();
    }
    await h.mounted.idle();
    const [incident] = await suite.db.db.select().from(incidents);
    expect(incident!.title).toBe("Support bot leaks other customers' orders");
    expect((await suite.db.db.select().from(incidentLog).orderBy(incidentLog.seq)).map((r) => r.kind)).toEqual(["declare", "space.created"]);
    expect(JSON.stringify(h.fake.cardsIn(ASKED_IN))).toContain(`Declared ${incident!.humanId}`);

    // With the queue free again, the next command runs.
    await h.send(mentionMessage(h.fake.url, "help"));
    await h.mounted.idle();
    const replies = h.fake.cardsIn(ASKED_IN).map((c) => JSON.stringify(c));
    expect(replies.filter((r) => r.includes(BUSY))).toHaveLength(1);
    expect(replies.at(-1)).toContain("declare");
  });

  it("answers a declare dialog sent while full with a busy notice, and declares nothing", async () => {
    const h = await startHarness(suite.db, "thread", LIMITED);
    const opened = await h.send(taskFetch(h.fake.url, ASKED_IN, { verb: "declare.open" }));
    const { data } = dialogForm(opened.body);
    const release = h.fake.hold("POST", /^\/v3\/conversations$/);
    try {
      await h.send(mentionMessage(h.fake.url, "declare P1 prompt-injection Support bot leaks other customers' orders"), {}, { drain: false });
      await soon("the first declare opening its thread", () => h.fake.waiting() === 1);
      const submitted = await h.send(taskSubmit(h.fake.url, ASKED_IN, { ...data, title: "Poisoned fine-tuning batch", severity: "P2" }), {}, { drain: false });
      expect(submitted.body).toEqual({ task: { type: "message", value: BUSY } });
    } finally {
      release();
    }
    await h.mounted.idle();
    expect((await suite.db.db.select().from(incidents)).map((i) => i.title)).toEqual(["Support bot leaks other customers' orders"]);
  });
});
