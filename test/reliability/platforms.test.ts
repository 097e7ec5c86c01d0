import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { runCommand } from "../../src/app/run-command.js";
import type { SpaceRef } from "../../src/chat/port.js";
import { effects, incidentLog, reminders } from "../../src/store/schema.js";
import type { TestDatabase } from "../support/database.js";
import { until } from "../support/main-process.js";
import { shellActor, testRuntime } from "../support/runtime.js";
import { RecordingChat, type TimerWorld, useTimerWorld } from "../timers/harness.js";

/**
 * Reminders are never marked fired without being delivered: firing writes the post to the
 * outbox, and only a process that serves the incident's platform delivers it — after the
 * incident's space exists, in its lane's order.
 */
let t: TestDatabase;
let w: TimerWorld;
const hooks = useTimerWorld();
beforeEach(() => {
  t = hooks.db;
  w = hooks.world;
});

/** A process sharing the database and the job queue that serves no chat platform. */
function timersOnlyProcess() {
  const other = testRuntime(t.db, {});
  other.reminders = w.scheduler.queue;
  other.clock.set(w.rt.clock.now());
  return other;
}

describe("reminders and the platforms a process serves", () => {
  it("a process that does not serve the incident's platform fires its reminder but leaves the post to one that does", async () => {
    const declared = await runCommand(w.rt, { actor: shellActor("alice"), text: "declare P2 Served elsewhere", port: w.chat });
    await w.rt.deliverer.drain();
    const before = w.chat.posts.length;
    const other = timersOnlyProcess();
    other.clock.advance(5);
    const fired = await w.scheduler.runDue(other);
    expect(fired.map((f) => (f.outcome === "fired" ? f.reminder.key : f.outcome))).toContain("prompt:fh-5");
    // Fired and logged once, not posted (nobody here serves the shell), and not lost either.
    expect(w.chat.posts.length).toBe(before);
    const pending = await t.db.select().from(effects).where(and(eq(effects.incidentId, declared.incident!.id), eq(effects.status, "pending")));
    expect(pending.map((e) => e.payload.purpose)).toEqual(["prompt:fh-5"]);
    // The process that serves the shell delivers it (its clock at the same time as the other's).
    w.rt.clock.set(other.clock.now());
    await w.rt.deliverer.drain();
    expect(w.chat.posts.slice(before).map((p) => p.message.text)).toEqual([expect.stringContaining("minute 5–10")]);
    const rows = await t.db.select().from(incidentLog).where(eq(incidentLog.kind, "reminder.fired")).orderBy(incidentLog.seq);
    expect(rows.filter((r) => r.payload.key === "prompt:fh-5")).toHaveLength(1);
  });

  it("a prompt that comes due while the space is still being opened waits for it, then follows in order", async () => {
    let release!: () => void;
    const opened = new Promise<void>((r) => (release = r));
    const slow = Object.assign(Object.create(w.chat) as RecordingChat, {
      createSpace: async (input: { name: string }): Promise<SpaceRef> => {
        await opened;
        return w.chat.createSpace(input);
      },
    });
    w.rt.ports.shell = slow;
    const declaring = runCommand(w.rt, { actor: shellActor("alice"), text: "declare P1 prompt-injection Slow to open", port: slow });
    // Committed, and its space being opened (stalled at the platform).
    await until("the declare to commit", async () => (await t.db.select().from(effects).where(eq(effects.kind, "space.open")))[0]?.claimedBy);
    const other = timersOnlyProcess();
    other.clock.advance(5);
    await w.scheduler.runDue(other);
    const [reminder] = await t.db.select().from(reminders).where(eq(reminders.key, "prompt:fh-5"));
    expect(reminder!.status).toBe("fired");
    expect(w.chat.posts).toHaveLength(0);
    release();
    await declaring;
    w.rt.clock.set(other.clock.now());
    await w.rt.deliverer.drain();
    const titles = w.chat.posts.map((p) => p.message.text);
    expect(titles).toHaveLength(5);
    expect(titles[0]).toContain("INC-2026-0001 · P1 · Slow to open");
    expect(titles[1]).toContain("minute 0–5");
    expect(titles[4]).toContain("minute 5–10");
  });
});
