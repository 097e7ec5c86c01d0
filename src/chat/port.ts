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

  createSpace(input: { name: string; topic: string; private: boolean }): Promise<SpaceRef>;
  setTopic(space: SpaceRef, topic: string): Promise<void>;
  invite(space: SpaceRef, people: Person[]): Promise<void>;
  post(space: SpaceRef, message: Message, options?: { pin?: boolean }): Promise<MessageRef>;
  update(ref: MessageRef, message: Message): Promise<void>;
  replyPrivately(to: { space?: SpaceRef; person: Person }, message: Message): Promise<void>;
  /** Turns `@alice` / `<@U123>` into a person on this platform; undefined if nobody matches. */
  resolvePerson(ref: Exclude<PersonRef, { me: true }>): Promise<Person | undefined>;
}
