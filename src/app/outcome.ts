import type { Message } from "../chat/message.js";
import type { SpaceRef } from "../chat/port.js";
import type { IncidentRow } from "../store/schema.js";

export interface Outcome {
  ok: boolean;
  /** Shown only to the person who ran the command. */
  reply?: Message;
  incident?: IncidentRow;
  /** A space the command created (declare), so an adapter can point the person at it. */
  space?: SpaceRef;
  /** The same delivery arrived before: this is its first outcome; nothing ran again. */
  replayed?: boolean;
  /**
   * The reply carries incident content and was asked outside that incident's own space (or names
   * private incidents): it goes only to the asker. Slack answers privately anyway; Teams sends it
   * to the person's 1:1 chat with the bot and says so where it was asked.
   */
  confidential?: boolean;
}
