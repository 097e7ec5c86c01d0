import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { runCommand } from "../../src/app/run-command.js";
import type { SpaceRef } from "../../src/chat/port.js";
import { effects } from "../../src/store/schema.js";
import { useTestDatabase } from "../support/database.js";
import { until } from "../support/main-process.js";
import { shellActor, testRuntime } from "../support/runtime.js";
import { RecordingChat } from "../timers/harness.js";

const database = useTestDatabase();

/**
 * The outbox deliverer at its concurrency limit. A commit that pokes it while every delivery slot
 * is taken finds no room; once a slot frees, what waited is delivered. (A claim that found no room
 * used to stay "in progress" for ever, and the process never delivered another effect: under a
 * burst of declares, channels stopped being made.)
 */
describe("outbox deliverer: pokes while every slot is taken", () => {
  it("with one slot held by a stalled channel create, the next declare's channel is made once the slot frees", async () => {
    let release!: () => void;
    const stalled = new Promise<void>((resolve) => (release = resolve));
    const chat = new RecordingChat();
    const created: string[] = [];
    const port = Object.assign(Object.create(chat) as RecordingChat, {
      createSpace: async (input: { name: string }): Promise<SpaceRef> => {
        if (!created.length) {
          created.push(input.name);
          await stalled;
        } else created.push(input.name);
        return chat.createSpace(input);
      },
    });
    const rt = testRuntime(database.current.db, { shell: port }, { FIREBREAK_DELIVERY_CONCURRENCY: "1" });
    // Each declare waits a while for its channel before answering: neither is awaited until the end.
    const first = runCommand(rt, { actor: shellActor("alice"), text: "declare P2 First one stalls", port });
    await until("the first channel create to start", () => created.length === 1);
    // The slot is taken: this declare's poke after its commit finds no room.
    const second = runCommand(rt, { actor: shellActor("bob"), text: "declare P2 Second one waits", port });
    await until("the second declare to commit", async () => (await database.current.db.select().from(effects).where(eq(effects.kind, "space.open"))).length === 2);
    rt.deliverer.poke();
    release();
    await until("the second channel to be created", () => created.length === 2, 10_000);
    await until("everything to be delivered", async () => (await database.current.db.select().from(effects).where(eq(effects.status, "pending"))).length === 0, 10_000);
    await Promise.all([first, second]);
    expect(created).toEqual([expect.stringContaining("first-one-stalls"), expect.stringContaining("second-one-waits")]);
    expect(chat.posts.length).toBeGreaterThanOrEqual(4);
  });
});
