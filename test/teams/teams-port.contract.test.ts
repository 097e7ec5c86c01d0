import { afterAll, beforeAll } from "vitest";
import { chatPortContract } from "../support/chat-port-contract.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { mentionMessage } from "./support/activities.js";
import { ALICE, startHarness } from "./support/harness.js";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db.close());

for (const mode of ["thread", "channel"] as const) {
  chatPortContract(`teams (${mode} spaces)`, async () => {
    await db.reset();
    const h = await startHarness(db, mode);
    // The port learns people from what Teams sends it: Alice says something first.
    await h.send(mentionMessage(h.fake.url, "help", { from: ALICE }));
    await h.mounted.idle();
    return {
      // Spaces are created while handling someone's request; that person owns private channels.
      port: h.teams.port.forTurn(new Map(), { platform: "teams", id: ALICE.aadObjectId, name: ALICE.name }),
      knownPerson: { handle: "Alice_Smith" },
      rendered: async (ref) => JSON.stringify(h.fake.activities.get(ref.messageId)?.activity ?? null),
      reserveName: mode === "channel" ? async (name) => h.fake.reserveChannelName(name) : undefined,
      close: () => h.close(),
    };
  });
}
