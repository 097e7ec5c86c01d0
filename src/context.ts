import type { Logger } from "pino";
import type { Clock } from "./clock.js";
import type { Config } from "./config.js";
import type { Actor } from "./domain/people.js";
import type { Db } from "./store/db.js";
import type { ReminderQueue } from "./timers/queue.js";

/** What every verb needs: the database, the time, the settings. Built once at start-up. */
export interface Core {
  db: Db;
  clock: Clock;
  config: Config;
  logger: Logger;
  /** The job queue for timed prompts and nudges; without it reminders are planned but not enqueued. */
  reminders?: ReminderQueue;
}

/** One request: the core plus who is asking and what they typed (for the log). */
export interface Ctx extends Core {
  actor: Actor;
  /** The command as typed, or a description of the button pressed. */
  text?: string;
}

export function withActor(core: Core, actor: Actor, text?: string): Ctx {
  return { ...core, actor, text };
}
