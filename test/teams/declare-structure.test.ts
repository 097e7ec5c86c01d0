import { describe, expect, it } from "vitest";
import { incidents } from "../../src/store/schema.js";
import { mentionMessage } from "./support/activities.js";
import { GENERAL_CHANNEL, INCIDENTS_CHANNEL, startHarness, useTeamsSuite } from "./support/harness.js";
import { until } from "../support/main-process.js";

/**
 * The shape of a Teams declare, with the connector stalled for the new channel: what does not
 * post into it (the announcement, the declarer's answer) does not wait for what does, and what
 * does keeps its order (the invite is a message on Teams, so it keeps its place among them).
 */
const suite = useTeamsSuite();
const ASKED_IN = `${GENERAL_CHANNEL};messageid=1700000000001`;
const INTO_NEW_CHANNEL = /^\/v3\/conversations\/19:[0-9a-f]{32}@thread\.tacv2\/activities/;

/** Waits for something done in the background, checking often (the shared poll, every 5 ms). */
const soon = (what: string, done: () => boolean) => until(what, done, 15_000, 5);

describe("a Teams declare's round trips", () => {
  it("announces and answers the declarer while the channel's first message is still on its way; the channel's messages keep their order", async () => {
    const h = await startHarness(suite.db, "channel");
    const release = h.fake.hold("POST", INTO_NEW_CHANNEL);
    try {
      await h.send(mentionMessage(h.fake.url, "declare P1 prompt-injection Support bot leaks other customers' orders"), {}, { drain: false });
      await soon("the first message into the channel in flight", () => h.fake.waiting() === 1);
      await soon("the announcement and the declarer's answer", () => h.fake.cardsIn(INCIDENTS_CHANNEL).length === 1 && JSON.stringify(h.fake.cardsIn(ASKED_IN)).includes("Declared"));
      // Only one message into the channel has been sent: the next waits for it to be answered.
      expect(h.fake.calls("POST", INTO_NEW_CHANNEL)).toHaveLength(1);
    } finally {
      release();
    }
    await h.mounted.idle();
    const [incident] = await suite.db.db.select().from(incidents);
    const cards = h.fake.cardsIn(incident!.space!.id).map((c) => JSON.stringify(c));
    expect(cards[0]).toContain("Joining the response");
    expect(cards[1]).toContain(incident!.humanId);
    expect(cards).toHaveLength(5);
  });
});
