import type { ChatPort } from "../chat/port.js";
import type { Core } from "../context.js";
import type { Platform } from "../domain/people.js";
import type { Settled } from "../effects/deliverer.js";

/** The core plus the chat platforms this process serves, and the outbox's deliverer. */
export interface Runtime extends Core {
  ports: Partial<Record<Platform, ChatPort>>;
  /** Delivers committed effects; without one (tests of the core alone) they wait in the outbox. */
  deliverer?: {
    poke(): void;
    waitFor(ids: number[], timeoutMs: number): Promise<Map<number, Settled>>;
    /** Delivers everything deliverable now (the shell prints it before its next prompt). */
    drain(): Promise<void>;
  };
}

export function portFor(rt: Runtime, platform: Platform): ChatPort | undefined {
  return rt.ports[platform];
}
