import type { PersonRef } from "../commands/command.js";
import type { Person, Platform } from "../domain/people.js";
import type { SpaceRef } from "../store/schema.js";
import type { Message } from "./message.js";

export type { SpaceRef };

/** A person as the platform found them; `isBot` comes from the platform (Slack `is_bot`, a Teams bot account). */
export type ResolvedPerson = Person & { isBot?: boolean };

export interface MessageRef {
  spaceId: string;
  messageId: string;
}

/** A document the bot puts into a space: a post-incident report, a whole timeline. */
export interface ChatFile {
  /** The file name, e.g. `INC-2026-0042-post-incident-report.md`. */
  name: string;
  title: string;
  /** `text/markdown` or `application/json`. */
  mime: string;
  content: string;
  /** What the document is, in a few lines: posted with it (Teams' card shows only this). */
  summary?: Message;
  /**
   * Where the document can be read, for a platform that links rather than uploads (`filesAs:
   * "link"`): the core serves it at an unguessable address. Absent when no public address is
   * configured (FIREBREAK_PUBLIC_URL); the port then says so instead of linking.
   */
  link?: { url: string; expiresAt: Date };
}

/** Where a posted document went: the platform's file id, the message carrying it, or a path. */
export interface PostedFile {
  fileId?: string;
  messageId?: string;
  location?: string;
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
   * `createSpace` leaves the topic alone (Slack's conversations.create takes none): the core sets
   * it with `setTopic` as an effect of its own, beside the space's first messages.
   */
  readonly topicAfterCreate?: boolean;
  /**
   * A space this app created earlier under `name`, if it still exists: a declare that died after
   * the platform made the channel adopts it instead of making `-2`. Optional: platforms that
   * cannot look a space up by name simply create again.
   */
  findOwnSpace?(name: string): Promise<SpaceRef | undefined>;
  setTopic(space: SpaceRef, topic: string): Promise<void>;
  invite(space: SpaceRef, people: Person[]): Promise<void>;
  /**
   * `invite` adds people without posting anything into the space (Slack), so an invite need not
   * wait its turn among the space's messages. Where an invite is a message (Teams), leave it unset.
   */
  readonly invitesQuietly?: boolean;
  /** `key` is unique per delivery: a platform that can tag messages stores it for findPosted. */
  post(space: SpaceRef, message: Message, options?: { pin?: boolean; key?: string }): Promise<MessageRef>;
  /**
   * Pins a message posted earlier; one already pinned is fine. With it, a post that asks for a pin
   * is posted first and pinned as an effect of its own, so the next message need not wait for the
   * pin; without it, `post` is given `pin` (and may ignore it).
   */
  pin?(message: MessageRef): Promise<void>;
  /** The message an earlier attempt posted with `key`, if the platform can tell (exactly-once). */
  findPosted?(space: SpaceRef, key: string, options?: { pin?: boolean }): Promise<MessageRef | undefined>;
  update(ref: MessageRef, message: Message): Promise<void>;
  /**
   * Where people outside an incident hear about it (declared, severity, phase, commander, closed):
   * a space to post one announcement in, or a message of the platform's own that already stands
   * for the incident there and is rewritten as the announcement (a Teams thread's first post).
   * Undefined, or no method: this platform announces nothing.
   */
  announcementPlace?(incidentSpace: SpaceRef): { space: SpaceRef } | { message: MessageRef } | undefined;
  replyPrivately(to: { space?: SpaceRef; person: Person }, message: Message): Promise<void>;
  /**
   * Puts a document into a space. Optional: a platform without it gets the summary as a message.
   * `filesAs` says how: `upload` (Slack's files.uploadV2, the shell's report folder) or `link`
   * (a message linking `file.link`, which the core fills in; Teams bots cannot send files in a
   * channel or group chat).
   */
  postFile?(space: SpaceRef, file: ChatFile): Promise<PostedFile>;
  readonly filesAs?: "upload" | "link";
  /** Turns `@alice` / `<@U123>` into a person on this platform; undefined if nobody matches. */
  resolvePerson(ref: Exclude<PersonRef, { me: true }>): Promise<ResolvedPerson | undefined>;
  /**
   * Whether the person is in the space (a Slack channel's members, a Teams chat's or channel's
   * roster). Asked only when the answer changes an access decision (a private incident seen by
   * someone who holds no role on it). Optional: without it, only roles and invitations count.
   */
  isMember?(space: SpaceRef, person: Person): Promise<boolean>;
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
