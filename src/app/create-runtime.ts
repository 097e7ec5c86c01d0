import type { Logger } from "pino";
import type { Clock } from "../clock.js";
import type { Config } from "../config.js";
import { Deliverer } from "../effects/deliverer.js";
import type { Db } from "../store/db.js";
import type { ReminderQueue } from "../timers/queue.js";
import type { Runtime } from "./runtime.js";

/**
 * The runtime a process serves from: the core, the ports it registers (Slack, Teams, the shell),
 * and the outbox deliverer. `start()` begins polling the outbox; `drain()` delivers everything
 * deliverable now (the shell after each command, tests, shutdown).
 */
export function createRuntime(parts: { db: Db; clock: Clock; config: Config; logger: Logger; reminders?: ReminderQueue }): Runtime & { deliverer: Deliverer } {
  const rt: Runtime & { deliverer?: Deliverer } = { ...parts, ports: {} };
  rt.deliverer = new Deliverer(rt);
  return rt as Runtime & { deliverer: Deliverer };
}
