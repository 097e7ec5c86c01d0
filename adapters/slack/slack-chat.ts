import type { WebClient } from "@slack/web-api";
import type { Logger } from "pino";
import { type ChatFile, type ChatPort, MAX_CHANNEL_NAME, type Message, type MessageRef, type Person, type PersonRef, type PostedFile, type ResolvedPerson, SpaceNameTakenError, type SpaceRef } from "../../src/core.js";
import type { SlackMention } from "./decode.js";
import { LIMITS } from "./render/limits.js";
import { renderMessage } from "./render/message.js";
import { clipMrkdwn, clipPlain, escapeMrkdwn } from "./render/text.js";
import { describeSlackFailure, slackErrorCode } from "./slack-api-error.js";

interface SlackUser {
  id?: string;
  name?: string;
  deleted?: boolean;
  is_bot?: boolean;
  real_name?: string;
  profile?: { display_name?: string; real_name?: string };
}

/**
 * Slack as the core's ChatPort, over the Web API. Renders and translates only; every failure is
 * thrown as a SlackApiError whose message says what to do.
 */
export class SlackChat implements ChatPort {
  readonly platform = "slack" as const;
  readonly maxSpaceName = MAX_CHANNEL_NAME;
  readonly filesAs = "upload" as const;
  /** conversations.create takes no topic: the core sets it next, beside the first messages. */
  readonly topicAfterCreate = true;
  /** conversations.invite posts nothing into the channel. */
  readonly invitesQuietly = true;
  /** Channel members as Slack last listed them, briefly: one App Home or `list` asks once per channel. */
  private readonly members = new Map<string, { ids: Set<string>; until: number }>();

  constructor(
    readonly client: WebClient,
    private readonly logger: Logger,
    /**
     * FIREBREAK_TIMEZONE, for the fallback text of times (Slack shows readers their own zone);
     * the bot's own user id, to recognise channels it created; how long a channel's member list
     * is trusted, and the clock that times it; FIREBREAK_ANNOUNCE_CHANNEL, where incidents are
     * announced.
     */
    private readonly options: { timeZone?: string; botUserId?: string; membersTtlMs?: number; now?: () => number; announceChannel?: string } = {},
  ) {}

  /** Creates the channel; its topic is set separately (`topicAfterCreate`), so a failure there cannot orphan it. */
  async createSpace(input: { name: string; topic?: string; private: boolean }): Promise<SpaceRef> {
    let channel: { id?: string; name?: string } | undefined;
    try {
      channel = (await this.client.conversations.create({ name: input.name, is_private: input.private })).channel;
    } catch (error) {
      if (slackErrorCode(error) === "name_taken") throw new SpaceNameTakenError(input.name);
      throw describeSlackFailure("conversations.create", error);
    }
    if (!channel?.id) throw describeSlackFailure("conversations.create", new Error("Slack answered without a channel id"));
    return { platform: "slack", id: channel.id, name: channel.name ?? input.name, url: channelUrl(channel.id) };
  }

  async setTopic(space: SpaceRef, topic: string): Promise<void> {
    await this.call("conversations.setTopic", () => this.client.conversations.setTopic({ channel: space.id, topic: clipPlain(topic, LIMITS.topic) }));
  }

  async invite(space: SpaceRef, people: Person[]): Promise<void> {
    const ids = [...new Set(people.filter((p) => p.platform === "slack").map((p) => p.id))];
    if (!ids.length) return;
    try {
      await this.client.conversations.invite({ channel: space.id, users: ids.join(","), force: true });
    } catch (error) {
      // Inviting someone who is there already (the creator, a second `channel` run) is success.
      const code = slackErrorCode(error);
      if (code === "already_in_channel" || code === "cant_invite_self") return;
      const errors = (error as { data?: { errors?: { error?: string }[] } }).data?.errors;
      if (errors?.length && errors.every((e) => e.error === "already_in_channel" || e.error === "cant_invite_self")) return;
      throw describeSlackFailure("conversations.invite", error);
    }
  }

  async post(space: SpaceRef, message: Message, options: { pin?: boolean; key?: string } = {}): Promise<MessageRef> {
    const rendered = renderMessage(message, { interactive: true, timeZone: this.options.timeZone });
    // The delivery key rides along as message metadata, so a retry after a crash can find it.
    const metadata = options.key ? { event_type: DELIVERY_EVENT, event_payload: { key: options.key } } : undefined;
    const result = await this.call("chat.postMessage", () =>
      this.client.chat.postMessage({ channel: space.id, text: rendered.text, blocks: rendered.blocks, unfurl_links: false, unfurl_media: false, metadata }),
    );
    const ref = { spaceId: result.channel ?? space.id, messageId: result.ts! };
    if (options.pin) await this.pinOrTakeBack(ref);
    return ref;
  }

  /**
   * The message an earlier attempt posted with this delivery key, if the channel's recent history
   * has it (a process that died between Slack's answer and recording it). Pinned if asked.
   */
  async findPosted(space: SpaceRef, key: string, options: { pin?: boolean } = {}): Promise<MessageRef | undefined> {
    const history = await this.call("conversations.history", () => this.client.conversations.history({ channel: space.id, limit: 50, include_all_metadata: true }));
    const found = (history.messages ?? []).find((m) => {
      const metadata = (m as { metadata?: { event_type?: string; event_payload?: { key?: unknown } } }).metadata;
      return metadata?.event_type === DELIVERY_EVENT && metadata.event_payload?.key === key;
    });
    if (!found?.ts) return undefined;
    const ref = { spaceId: space.id, messageId: found.ts };
    if (options.pin) await this.pin(ref);
    return ref;
  }

  /** A channel this app created under `name` (an attempt that died after Slack made it). */
  async findOwnSpace(name: string): Promise<SpaceRef | undefined> {
    let cursor: string | undefined;
    do {
      const page = await this.call("conversations.list", () => this.client.conversations.list({ types: "public_channel,private_channel", exclude_archived: true, limit: 200, cursor }));
      const channel = (page.channels ?? []).find((c) => c.name === name);
      if (channel?.id) {
        // Someone else's channel of that name is not ours to take: the next suffix is used instead.
        if (!this.options.botUserId || channel.creator !== this.options.botUserId) return undefined;
        return { platform: "slack", id: channel.id, name, url: channelUrl(channel.id) };
      }
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    return undefined;
  }

  /** Pins a message; one pinned already (a retry after a crash) is fine. */
  async pin(ref: MessageRef): Promise<void> {
    try {
      await this.client.pins.add({ channel: ref.spaceId, timestamp: ref.messageId });
    } catch (error) {
      if (slackErrorCode(error) === "already_pinned") return;
      throw describeSlackFailure("pins.add", error);
    }
  }

  /**
   * Pins a message just posted with `post(…, { pin: true })`. If that fails, the unpinned copy is
   * taken back so a retry posts one clean, pinned message rather than leaving a second one nobody
   * keeps up to date. (The outbox pins separately, through `pin`.)
   */
  private async pinOrTakeBack(ref: MessageRef): Promise<void> {
    try {
      await this.client.pins.add({ channel: ref.spaceId, timestamp: ref.messageId });
    } catch (error) {
      await this.client.chat.delete({ channel: ref.spaceId, ts: ref.messageId }).catch((e: unknown) => this.logger.warn({ err: e }, "could not remove the unpinned message"));
      throw describeSlackFailure("pins.add", error);
    }
  }

  /**
   * Uploads a document into the channel with files.uploadV2 (get an upload URL, send the bytes,
   * complete the upload into the channel), the summary's text as its comment.
   */
  async postFile(space: SpaceRef, file: ChatFile): Promise<PostedFile> {
    const comment = file.summary ? clipMrkdwn(escapeMrkdwn(file.summary.text), LIMITS.fallbackText) : undefined;
    const result = await this.call("files.uploadV2", () =>
      this.client.files.uploadV2({ channel_id: space.id, filename: file.name, title: file.title, content: file.content, ...(comment ? { initial_comment: comment } : {}) }),
    );
    const completed = (result as { files?: { files?: { id?: string }[] }[] }).files ?? [];
    return { fileId: completed[0]?.files?.[0]?.id };
  }

  /** The configured announcement channel (by id or name: chat.postMessage takes either). */
  announcementPlace(): { space: SpaceRef } | undefined {
    const channel = this.options.announceChannel;
    return channel ? { space: { platform: "slack", id: channel, name: channel.replace(/^#/, "") } } : undefined;
  }

  async update(ref: MessageRef, message: Message): Promise<void> {
    const rendered = renderMessage(message, { interactive: true, timeZone: this.options.timeZone });
    await this.call("chat.update", () => this.client.chat.update({ channel: ref.spaceId, ts: ref.messageId, text: rendered.text, blocks: rendered.blocks }));
  }

  /**
   * An ephemeral message where the person is; a direct message from the app when that fails (the
   * bot is not in the channel) or there is no channel.
   */
  async replyPrivately(to: { space?: SpaceRef; person: Person }, message: Message): Promise<void> {
    const rendered = renderMessage(message, { interactive: false, timeZone: this.options.timeZone });
    if (to.space && to.space.platform === "slack") {
      try {
        await this.client.chat.postEphemeral({ channel: to.space.id, user: to.person.id, text: rendered.text, blocks: rendered.blocks });
        return;
      } catch (error) {
        this.logger.info({ err: error, channel: to.space.id }, "ephemeral reply failed; sending a direct message instead");
      }
    }
    await this.call("chat.postMessage", () => this.client.chat.postMessage({ channel: to.person.id, text: rendered.text, blocks: rendered.blocks, unfurl_links: false }));
  }

  /**
   * Whether the person is in the channel (`conversations.members`, every page). Kept for a few
   * seconds only: someone removed from a private channel loses sight of its incident almost at once.
   */
  async isMember(space: SpaceRef, person: Person): Promise<boolean> {
    if (space.platform !== "slack" || person.platform !== "slack") return false;
    const now = (this.options.now ?? Date.now)();
    let cached = this.members.get(space.id);
    if (!cached || cached.until <= now) {
      const ids = new Set<string>();
      let cursor: string | undefined;
      do {
        const page = await this.call("conversations.members", () => this.client.conversations.members({ channel: space.id, limit: 200, cursor }));
        for (const id of page.members ?? []) ids.add(id);
        cursor = page.response_metadata?.next_cursor || undefined;
      } while (cursor);
      cached = { ids, until: now + (this.options.membersTtlMs ?? MEMBERS_TTL_MS) };
      this.members.set(space.id, cached);
    }
    return cached.ids.has(person.id);
  }

  /** `<@U123|alice>` gives the id; a bare `@alice` is matched against names in the workspace. */
  async resolvePerson(ref: Exclude<PersonRef, { me: true }>): Promise<ResolvedPerson | undefined> {
    if (ref.id) {
      try {
        const { user } = await this.client.users.info({ user: ref.id });
        return user?.id ? personOf(user) : undefined;
      } catch (error) {
        if (slackErrorCode(error) === "user_not_found") return undefined;
        throw describeSlackFailure("users.info", error);
      }
    }
    const wanted = normalise(ref.handle!);
    let cursor: string | undefined;
    let fallback: SlackUser | undefined;
    do {
      const page = await this.call("users.list", () => this.client.users.list({ limit: 200, cursor }));
      for (const user of (page.members ?? []) as SlackUser[]) {
        if (user.deleted || !user.id) continue;
        if (normalise(user.name ?? "") === wanted || normalise(user.profile?.display_name ?? "") === wanted) return personOf(user);
        if (!fallback && normalise(user.real_name ?? user.profile?.real_name ?? "") === wanted) fallback = user;
      }
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    return fallback ? personOf(fallback) : undefined;
  }

  /**
   * A port for one slash command: an `@handle` that came from a Slack mention resolves to the
   * person mentioned, by id, before any search by name (two people may share a name).
   */
  forCommand(mentioned: ReadonlyMap<string, SlackMention>): SlackChat {
    const base = this;
    return Object.assign(Object.create(base) as SlackChat, {
      resolvePerson: async (ref: Exclude<PersonRef, { me: true }>): Promise<ResolvedPerson | undefined> => {
        const hit = !ref.id && ref.handle ? mentioned.get(ref.handle.replace(/^@/, "").toLowerCase()) : undefined;
        return base.resolvePerson(hit ? { id: hit.id } : ref);
      },
    });
  }

  /** Display names for user ids (mentions that arrived without one); unknown ids are left out. */
  async namesOf(ids: string[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    await Promise.all(
      ids.slice(0, MAX_NAME_LOOKUPS).map(async (id) => {
        const person = await this.resolvePerson({ id }).catch((error: unknown) => {
          this.logger.info({ err: error, user: id }, "could not look up a mentioned user's name");
          return undefined;
        });
        if (person) names.set(id, person.name);
      }),
    );
    return names;
  }

  private async call<T>(method: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw describeSlackFailure(method, error);
    }
  }
}

/** How long a channel's member list is trusted. */
const MEMBERS_TTL_MS = 15_000;

/** Name look-ups per command: a line mentioning more people than this shows the rest by id. */
const MAX_NAME_LOOKUPS = 10;

/** The metadata event type Firebreak tags its own posts with. */
const DELIVERY_EVENT = "firebreak_delivery";

/** A link that opens the channel in whichever Slack client the reader uses. */
export function channelUrl(channelId: string): string {
  return `https://slack.com/app_redirect?channel=${encodeURIComponent(channelId)}`;
}

/** Slack says who is a bot (`is_bot`); Slackbot itself is one too. Bots may hold no incident role. */
function personOf(user: SlackUser): ResolvedPerson {
  const name = user.profile?.display_name || user.name || user.real_name || user.id!;
  const isBot = !!user.is_bot || user.id === "USLACKBOT";
  return { platform: "slack", id: user.id!, name, ...(isBot ? { isBot } : {}) };
}

function normalise(name: string): string {
  return name.trim().replace(/^@/, "").toLowerCase().replace(/\s+/g, ".");
}
