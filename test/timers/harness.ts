import { sql } from "drizzle-orm";
import type { Message } from "../../src/chat/message.js";
import type { ChatPort, MessageRef, SpaceRef } from "../../src/chat/port.js";
import { MAX_CHANNEL_NAME } from "../../src/domain/channel-name.js";
import type { Person } from "../../src/domain/people.js";
import { startScheduler, type Scheduler } from "../../src/scheduler/scheduler.js";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { testRuntime, type TestRuntime } from "../support/runtime.js";

/** A chat platform that records what the bot posts, so tests can read it back. */
export class RecordingChat implements ChatPort {
  readonly platform = "shell" as const;
  readonly maxSpaceName = MAX_CHANNEL_NAME;
  readonly posts: { space: SpaceRef; message: Message; id: string }[] = [];
  readonly updates: { ref: MessageRef; message: Message }[] = [];
  private next = 1;

  async createSpace(input: { name: string }): Promise<SpaceRef> {
    return { platform: "shell", id: `C-${input.name}`, name: input.name };
  }
  async setTopic(): Promise<void> {}
  async invite(_space: SpaceRef, _people: Person[]): Promise<void> {}
  async post(space: SpaceRef, message: Message): Promise<MessageRef> {
    const id = `m${this.next++}`;
    this.posts.push({ space, message, id });
    return { spaceId: space.id, messageId: id };
  }
  async update(ref: MessageRef, message: Message): Promise<void> {
    this.updates.push({ ref, message });
  }
  async replyPrivately(): Promise<void> {}
  async resolvePerson(ref: { id?: string; handle?: string }): Promise<Person | undefined> {
    const name = (ref.handle ?? ref.id)!.toLowerCase();
    return { platform: "shell", id: name, name };
  }
  texts(): string[] {
    return this.posts.map((p) => p.message.text);
  }
}

export interface TimerWorld {
  rt: TestRuntime;
  chat: RecordingChat;
  scheduler: Scheduler;
}

/** A runtime with a recording chat and a started scheduler that tests drive with runDue. */
export async function timerWorld(t: TestDatabase, env: Record<string, string> = {}): Promise<TimerWorld> {
  const chat = new RecordingChat();
  const scheduler = await startScheduler(t, { supervise: false });
  const rt = testRuntime(t.db, { shell: chat }, env);
  rt.reminders = scheduler.queue;
  return { rt, chat, scheduler };
}

/** Empties our tables and pg-boss's jobs between tests. */
export async function resetTimers(t: TestDatabase): Promise<void> {
  await t.reset();
  await t.db.execute(sql`do $$ begin if to_regclass('pgboss.job') is not null then delete from pgboss.job; end if; end $$`);
}

/**
 * The usual hooks for a timers suite: one database per file; before each test, the previous
 * scheduler stopped, tables and jobs emptied, a fresh world started. Read `.db` and `.world`
 * inside tests.
 */
export function useTimerWorld(env: Record<string, string> = {}): { db: TestDatabase; world: TimerWorld } {
  const holder = {} as { db: TestDatabase; world: TimerWorld };
  beforeAll(async () => {
    holder.db = await createTestDatabase();
  });
  afterAll(async () => {
    await holder.world?.scheduler.stop();
    await holder.db?.close();
  });
  beforeEach(async () => {
    await holder.world?.scheduler.stop();
    await resetTimers(holder.db);
    holder.world = await timerWorld(holder.db, env);
  });
  return holder;
}
