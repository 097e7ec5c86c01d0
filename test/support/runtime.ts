import pino from "pino";
import { createRuntime } from "../../src/app/create-runtime.js";
import type { Runtime } from "../../src/app/runtime.js";
import type { ChatPort } from "../../src/chat/port.js";
import { ManualClock } from "../../src/clock.js";
import { loadConfig } from "../../src/config.js";
import type { Actor } from "../../src/domain/people.js";
import type { Deliverer } from "../../src/effects/deliverer.js";
import type { Db } from "../../src/store/db.js";

export interface TestRuntime extends Runtime {
  clock: ManualClock;
  deliverer: Deliverer;
}

/**
 * A runtime on a test database with a hand-moved clock, a silent logger and a real outbox
 * deliverer (not polling: tests `drain()` it, or the runner's poke delivers). Retries wait no
 * time by default, so a test sees a retried delivery without moving the clock.
 */
export function testRuntime(db: Db, ports: Runtime["ports"] = {}, env: Record<string, string> = {}): TestRuntime {
  const rt = createRuntime({
    db,
    clock: new ManualClock("2026-11-25T14:00:00Z"),
    config: loadConfig({ FIREBREAK_DELIVERY_BACKOFF_SECONDS: "0", ...env }, "/tmp"),
    logger: pino({ level: "silent" }),
  });
  Object.assign(rt.ports, ports);
  return rt as TestRuntime;
}

export const shellActor = (name: string): Actor => ({ kind: "shell", userId: name, name });

export type { ChatPort };
