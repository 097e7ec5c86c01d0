import type { ChatPort } from "../chat/port.js";
import type { Core } from "../context.js";
import type { Platform } from "../domain/people.js";

/** The core plus the chat platforms this process serves. */
export interface Runtime extends Core {
  ports: Partial<Record<Platform, ChatPort>>;
}

export function portFor(rt: Runtime, platform: Platform): ChatPort | undefined {
  return rt.ports[platform];
}
