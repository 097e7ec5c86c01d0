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
}
