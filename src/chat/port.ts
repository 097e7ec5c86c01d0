import type { PersonRef } from "../commands/command.js";
import type { Person, Platform } from "../domain/people.js";
import type { SpaceRef } from "../store/schema.js";
import type { Message } from "./message.js";

export type { SpaceRef };

export interface MessageRef {
  spaceId: string;
  messageId: string;
}

/**
 * What the core needs from a chat platform. Implementations translate and render only: every
 * decision is made in the core. Methods throw on failure; `createSpace` throws
 * SpaceNameTakenError when the name exists so the core can try the next suffix.
 */
export interface ChatPort {
  readonly platform: Platform;
  /** The longest space name the platform accepts (Slack 80, Teams channels 50). */
  readonly maxSpaceName: number;

  createSpace(input: { name: string; topic: string; private: boolean; owner?: Person }): Promise<SpaceRef>;
  /**
   * A space this app created earlier under `name`, if it still exists: a declare that died after
   * the platform made the channel adopts it instead of making `-2`. Optional: platforms that
   * cannot look a space up by name simply create again.
   */
  findOwnSpace?(name: string): Promise<SpaceRef | undefined>;
  setTopic(space: SpaceRef, topic: string): Promise<void>;
  invite(space: SpaceRef, people: Person[]): Promise<void>;
  /** `key` is unique per delivery: a platform that can tag messages stores it for findPosted. */
  post(space: SpaceRef, message: Message, options?: { pin?: boolean; key?: string }): Promise<MessageRef>;
  /** The message an earlier attempt posted with `key`, if the platform can tell (exactly-once). */
  findPosted?(space: SpaceRef, key: string): Promise<MessageRef | undefined>;
  update(ref: MessageRef, message: Message): Promise<void>;
  /**
   * Where people outside an incident hear about it (declared, severity, phase, commander, closed):
   * a space to post one announcement in, or a message of the platform's own that already stands
   * for the incident there and is rewritten as the announcement (a Teams thread's first post).
   * Undefined, or no method: this platform announces nothing.
   */
  announcementPlace?(incidentSpace: SpaceRef): { space: SpaceRef } | { message: MessageRef } | undefined;
  replyPrivately(to: { space?: SpaceRef; person: Person }, message: Message): Promise<void>;
  /** Turns `@alice` / `<@U123>` into a person on this platform; undefined if nobody matches. */
  resolvePerson(ref: Exclude<PersonRef, { me: true }>): Promise<Person | undefined>;
}

/**
 * How a chat call failed, for the deliverer: `retryable` (rate limit, 5xx, network) is tried
 * again with backoff, honouring `retryAfterMs`; anything else fails the effect at once. Adapters
 * put these two fields on the errors they throw; an error without them counts as retryable.
 */
export interface DeliveryFailure {
  retryable?: boolean;
  retryAfterMs?: number;
}
