import pino from "pino";
import type { Runtime } from "../../src/app/runtime.js";
import type { ChatPort } from "../../src/chat/port.js";
import { ManualClock } from "../../src/clock.js";
import { loadConfig } from "../../src/config.js";
import type { Actor } from "../../src/domain/people.js";
import type { Db } from "../../src/store/db.js";

export interface TestRuntime extends Runtime {
  clock: ManualClock;
}

/** A runtime on a test database with a hand-moved clock and a silent logger. */
export function testRuntime(db: Db, ports: Runtime["ports"] = {}, env: Record<string, string> = {}): TestRuntime {
  return {
    db,
    clock: new ManualClock("2026-11-25T14:00:00Z"),
    config: loadConfig(env, "/tmp"),
    logger: pino({ level: "silent" }),
    ports,
  };
}

export const shellActor = (name: string): Actor => ({ kind: "shell", userId: name, name });

export type { ChatPort };
