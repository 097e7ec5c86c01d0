import { type Activity, type CloudAdapter, type ConversationReference, TeamsInfo, type TurnContext } from "botbuilder";
import { type ChatFile, type ChatPort, formatInZone, type Message, type MessageRef, type Person, type PersonRef, type PostedFile, type ResolvedPerson, SpaceNameTakenError, type SpaceRef, type TeamsConfig } from "../../src/core.js";
import { type AdaptiveCard, cardAttachment } from "./cards/adaptive.js";
import { renderCard } from "./cards/render-message.js";
import type { GraphChannels } from "./graph-channels.js";
import { Directory, teamsUserIdOf } from "./people.js";
import { type RetryPolicy, withRetry } from "./throttle.js";

/** Teams channel display names are at most 50 characters. */
export const TEAMS_MAX_CHANNEL_NAME = 50;
const CONNECTOR_AUDIENCE = "https://api.botframework.com";

export interface TeamsChatDeps {
  adapter: CloudAdapter;
  config: TeamsConfig;
  graph?: GraphChannels;
  retry: RetryPolicy;
}

/**
 * What a Teams space remembers in `SpaceRef.extra`, so posts work after a restart: a channel, a
 * thread in the incidents channel, or (private incidents) a group chat of the responders.
 */
export interface TeamsSpaceExtra {
  kind: "channel" | "thread" | "chat";
  reference: Partial<ConversationReference>;
  /**
   * A thread whose first post is the incident's announcement in the incidents channel: the
   * announcement keeps it current, so the topic no longer rewrites it. (Private incidents and
   * threads from before announcements keep their plain first post.)
   */
  announces?: boolean;
}

/**
 * The Teams ChatPort. Every call is proactive (`continueConversationAsync` on a stored
 * conversation reference), so the scheduler can post long after the triggering request ended.
 * An incident space is a channel created through Graph, or a thread in the incidents channel; a
 * private incident is a group chat of its responders with Firebreak installed (bots can post
 * there; a private channel would need each channel's owner to add the app by hand).
 */
export class TeamsChat implements ChatPort {
  readonly platform = "teams" as const;
  readonly maxSpaceName = TEAMS_MAX_CHANNEL_NAME;
  /** Teams bots can send files only in personal chats, so documents are linked (see README). */
  readonly filesAs = "link" as const;
  readonly directory = new Directory();
  private serviceUrl: string;
  /** Who owns a private channel this port creates (set on a request's port, see forTurn). */
  protected owner?: Person;
  /** Thread names handed out by this process: Teams itself lets threads share a title. */
  private readonly threadNames = new Set<string>();

  constructor(private readonly deps: TeamsChatDeps) {
    this.serviceUrl = deps.config.serviceUrl;
  }

  /** Teams tells each request which regional endpoint to answer to; later proactive calls use it. */
  learnServiceUrl(url: string | undefined): void {
    if (url) this.serviceUrl = url;
  }

  get botId(): string {
    return this.deps.config.appId ?? "";
  }

  async createSpace(input: { name: string; topic: string; private: boolean; owner?: Person }): Promise<SpaceRef> {
    const { graph, config } = this.deps;
    const owner = input.owner?.platform === "teams" ? input.owner : this.owner;
    if (input.private && graph) return this.createPrivateChat(input.name, owner);
    if (graph && config.createChannels && config.teamId) {
      if (input.private && !owner) {
        throw new Error("a private incident channel needs an owner: declare it from Teams, and the person who declares owns the channel");
      }
      const channel = await graph.createChannel(config.teamId, input.name, input.topic, input.private ? owner?.id : undefined);
      const extra: TeamsSpaceExtra = { kind: "channel", reference: this.reference(channel.id) };
      return { platform: "teams", id: channel.id, name: input.name, url: channel.webUrl, extra: { ...extra } };
    }
    if (this.threadNames.has(input.name)) throw new SpaceNameTakenError(input.name);
    const channelId = config.incidentsChannelId;
    // Not set up yet: trying again will not help until an admin sets the channel and restarts.
    if (!channelId) throw Object.assign(new Error(config.setupNeeded ?? "TEAMS_INCIDENTS_CHANNEL_ID is not set"), { retryable: false });
    let conversationId: string | undefined;
    await withRetry("start the incident thread", this.deps.retry, () =>
      this.deps.adapter.createConversationAsync(
        this.botId,
        "msteams",
        this.serviceUrl,
        CONNECTOR_AUDIENCE,
        {
          isGroup: true,
          bot: { id: this.botId, name: "Firebreak" },
          tenantId: config.tenantId,
          channelData: { channel: { id: channelId }, ...(config.tenantId ? { tenant: { id: config.tenantId } } : {}) },
          activity: { type: "message", text: rootText(input.name, input.topic) } as Activity,
        },
        async (context) => {
          conversationId = context.activity.conversation.id;
        },
      ),
    );
    if (!conversationId) throw new Error("Teams created the thread but did not say its id");
    this.threadNames.add(input.name);
    const extra: TeamsSpaceExtra = { kind: "thread", reference: this.reference(conversationId), announces: !input.private };
    return { platform: "teams", id: conversationId, name: input.name, extra: { ...extra } };
  }

  /**
   * A group chat with the person who declared (the rest join as they are assigned or invited),
   * then Firebreak installed in it. Only the chat's members see it; its roster is who may see
   * the incident besides role holders and admins.
   */
  private async createPrivateChat(name: string, owner: Person | undefined): Promise<SpaceRef> {
    const graph = this.deps.graph!;
    if (!owner || owner.id.startsWith("29:")) {
      throw Object.assign(new Error("a private incident chat is made with the person who declared it: declare it from Teams (their Entra object id is needed)"), { retryable: false });
    }
    const chat = await graph.createChat(name, [owner.id]);
    await graph.installInChat(chat.id);
    const extra: TeamsSpaceExtra = { kind: "chat", reference: this.reference(chat.id, "groupChat") };
    return { platform: "teams", id: chat.id, name, ...(chat.webUrl ? { url: chat.webUrl } : {}), extra: { ...extra } };
  }

  async setTopic(space: SpaceRef, topic: string): Promise<void> {
    const { graph, config } = this.deps;
    // A chat's title stays its name; the pinned-style summary card carries the status.
    if (extraOf(space)?.kind === "chat") return;
    if (extraOf(space)?.kind === "channel" && graph && config.teamId) return graph.setDescription(config.teamId, space.id, topic);
    // A thread's "topic" is its root post: rewrite it in place, unless the announcement owns it.
    const [channelId, rootId] = splitThread(space.id);
    if (!rootId || extraOf(space)?.announces) return;
    await this.inConversation(channelId, "set the thread topic", (context) => context.updateActivity({ type: "message", id: rootId, text: rootText(space.name, topic) }), { idempotent: true });
  }

  /**
   * Standard channels and threads are open to the team already; a mention brings people in. A
   * private incident's chat gets them added as members first (by Entra object id).
   */
  async invite(space: SpaceRef, people: Person[]): Promise<void> {
    const teamsPeople = people.filter((p) => p.platform === "teams");
    if (!teamsPeople.length) return;
    if (extraOf(space)?.kind === "chat" && this.deps.graph) {
      for (const person of teamsPeople) if (!person.id.startsWith("29:")) await this.deps.graph.addChatMember(space.id, person.id);
    }
    await this.post(space, { text: `Joining the response: ${teamsPeople.map((p) => p.name).join(", ")}`, blocks: [{ type: "text", text: ["Joining the response: ", ...teamsPeople.flatMap((p, i) => (i ? [", ", { person: p }] : [{ person: p }]))] }] });
  }

  /** Teams has no bot API for pinning; the summary is the channel's first post and stays current. */
  async post(space: SpaceRef, message: Message, _options: { pin?: boolean } = {}): Promise<MessageRef> {
    let id: string | undefined;
    await this.inConversation(space.id, "post a message", async (context) => {
      id = (await context.sendActivity(cardActivity(message)))?.id;
    }, { stored: extraOf(space)?.reference });
    if (!id) throw new Error("Teams accepted the message but returned no id");
    return { spaceId: space.id, messageId: id };
  }

  /**
   * A document as a card: its summary and a button that opens it where Firebreak serves it.
   * Bots cannot upload into a channel or group chat (file consent cards work only in personal
   * chat), so this links instead; without FIREBREAK_PUBLIC_URL there is nothing to link to.
   */
  async postFile(space: SpaceRef, file: ChatFile): Promise<PostedFile> {
    const summary: Message = file.summary ?? { text: file.title, blocks: [{ type: "header", text: file.title }] };
    const note = file.link
      ? `${file.name} · the link works until ${formatInZone(file.link.expiresAt, undefined, "date")} (UTC) for anyone who has it.`
      : `${file.name} could not be linked: set FIREBREAK_PUBLIC_URL to the address people reach Firebreak at, then ask again.`;
    const content = renderCard({ text: summary.text, blocks: [...summary.blocks.filter((b) => b.type !== "context"), { type: "context", text: [note] }] });
    if (file.link) content.actions = [...(content.actions ?? []), { type: "Action.OpenUrl", title: `Open ${file.mime === "application/json" ? "the JSON" : "the document"}`, url: file.link.url }];
    let id: string | undefined;
    await this.inConversation(space.id, "post a document", async (context) => {
      id = (await context.sendActivity({ type: "message", summary: summary.text, attachments: [cardAttachment(content)] }))?.id;
    }, { stored: extraOf(space)?.reference });
    return { messageId: id, location: file.link?.url };
  }

  /**
   * In thread mode the incident's thread already starts with a post in the incidents channel:
   * that post becomes the announcement. With a channel per incident, the announcement is posted
   * in the incidents channel (TEAMS_INCIDENTS_CHANNEL_ID, which may name a thread there).
   */
  announcementPlace(incidentSpace: SpaceRef): { space: SpaceRef } | { message: MessageRef } | undefined {
    const extra = extraOf(incidentSpace);
    if (extra?.kind === "thread") {
      const [channelId, rootId] = splitThread(incidentSpace.id);
      return extra.announces && rootId ? { message: { spaceId: channelId, messageId: rootId } } : undefined;
    }
    const channel = this.deps.config.incidentsChannelId;
    return channel ? { space: { platform: "teams", id: channel, name: "incidents" } } : undefined;
  }

  async update(ref: MessageRef, message: Message): Promise<void> {
    await this.updateCard(ref, renderCard(message), message.text);
  }

  /** Replaces a posted card in place (updateActivity): everyone sees the new version. */
  async updateCard(ref: MessageRef, card: AdaptiveCard, summary?: string): Promise<void> {
    await this.inConversation(ref.spaceId, "update a message", (context) => context.updateActivity({ type: "message", id: ref.messageId, summary, attachments: [cardAttachment(card)] }), {
      idempotent: true,
    });
  }

  /**
   * Teams cannot whisper in a channel; a private reply goes to the person's 1:1 chat with the bot.
   * The connector opens that chat by the person's 29: id (stored with them, or seen this run); the
   * object id is only the last resort.
   */
  async replyPrivately(to: { space?: SpaceRef; person: Person }, message: Message): Promise<void> {
    const { config } = this.deps;
    const memberId = teamsUserIdOf(to.person) ?? teamsUserIdOf(this.directory.byAnyId(to.person.id) ?? to.person) ?? to.person.id;
    let failure: { error: unknown } | undefined;
    await withRetry("open a private chat", this.deps.retry, () =>
      this.deps.adapter.createConversationAsync(
        this.botId,
        "msteams",
        this.serviceUrl,
        CONNECTOR_AUDIENCE,
        {
          isGroup: false,
          bot: { id: this.botId, name: "Firebreak" },
          members: [{ id: memberId, name: to.person.name }],
          tenantId: config.tenantId,
          channelData: config.tenantId ? { tenant: { id: config.tenantId } } : {},
        } as never,
        async (context) => {
          try {
            await withRetry("send a private reply", this.deps.retry, () => context.sendActivity(cardActivity(message)));
          } catch (error) {
            failure = { error };
          }
        },
      ),
    );
    if (failure) throw failure.error;
  }

  async resolvePerson(ref: Exclude<PersonRef, { me: true }>): Promise<ResolvedPerson | undefined> {
    return this.directory.find(ref);
  }

  /**
   * Whether the person is on the roster of the incident's conversation (its chat, channel or, for
   * a thread, the channel it is in): the connector answers 404 for someone who is not.
   */
  async isMember(space: SpaceRef, person: Person): Promise<boolean> {
    if (space.platform !== "teams" || person.platform !== "teams") return false;
    const extra = extraOf(space);
    const [conversationId] = splitThread(space.id);
    const reference = extra?.kind === "chat" ? extra.reference : this.reference(conversationId);
    let found = false;
    await this.proactive(
      (logic) => this.deps.adapter.continueConversationAsync(this.botId, reference, logic),
      (context) =>
        withRetry("ask who is in the incident's conversation", this.deps.retry, async () => {
          try {
            found = !!(await TeamsInfo.getMember(context, person.id));
          } catch (error) {
            if ((error as { statusCode?: number }).statusCode !== 404) throw error;
            found = false;
          }
        }, { idempotent: true }),
    );
    return found;
  }

  /**
   * A port for one incoming request: `@mentions` in it resolve to the people mentioned, and the
   * person who sent it owns a private channel it creates.
   */
  forTurn(mentioned: Map<string, Person>, sender?: Person): TeamsChat {
    for (const person of [...mentioned.values(), ...(sender ? [sender] : [])]) if (!(person as ResolvedPerson).isBot) this.directory.remember(person);
    const base = this;
    return Object.assign(Object.create(base) as TeamsChat, {
      owner: sender,
      resolvePerson: async (ref: Exclude<PersonRef, { me: true }>): Promise<ResolvedPerson | undefined> => base.directory.find(ref, mentioned),
    });
  }

  /**
   * Answers an incoming activity in its conversation, as a reply to it (so in its thread), with
   * retries. A continued turn has an activity id of its own, which botbuilder would reply to; the
   * answer must point at the message that asked.
   */
  async replyTo(reference: Partial<ConversationReference>, message: Message): Promise<void> {
    await this.proactive(
      (logic) => this.deps.adapter.continueConversationAsync(this.botId, reference, logic),
      (context) => {
        if (reference.activityId) context.activity.id = reference.activityId;
        return withRetry("reply", this.deps.retry, () => context.sendActivity(cardActivity(message)));
      },
    );
  }

  reference(conversationId: string, conversationType: "channel" | "groupChat" = "channel"): Partial<ConversationReference> {
    return {
      channelId: "msteams",
      serviceUrl: this.serviceUrl,
      bot: { id: this.botId, name: "Firebreak" },
      conversation: { id: conversationId, isGroup: true, conversationType, tenantId: this.deps.config.tenantId, name: "" },
    };
  }

  private async inConversation(
    conversationId: string,
    what: string,
    work: (context: TurnContext) => Promise<unknown>,
    options: { stored?: Partial<ConversationReference>; idempotent?: boolean } = {},
  ): Promise<void> {
    const reference = options.stored ?? this.reference(conversationId);
    // Retried inside the turn: only the refused call repeats, not the ones before it.
    await this.proactive(
      (logic) => this.deps.adapter.continueConversationAsync(this.botId, reference, logic),
      (context) => withRetry(what, this.deps.retry, () => work(context), { idempotent: options.idempotent }),
    );
  }

  /**
   * Runs `work` in a proactive turn and lets its error reach the caller: the adapter would hand
   * it to onTurnError (meant for incoming requests) and resolve as if all went well.
   */
  private async proactive(start: (logic: (context: TurnContext) => Promise<void>) => Promise<void>, work: (context: TurnContext) => Promise<unknown>): Promise<void> {
    let failure: { error: unknown } | undefined;
    await start(async (context) => {
      try {
        await work(context);
      } catch (error) {
        failure = { error };
      }
    });
    if (failure) throw failure.error;
  }
}

export function cardActivity(message: Message): Partial<Activity> {
  return { type: "message", summary: message.text, attachments: [cardAttachment(renderCard(message))] };
}

function rootText(name: string, topic: string): string {
  return `🔥 **${name}** — ${topic}`;
}

/** `19:abc@thread.tacv2;messageid=123` → [`19:abc@thread.tacv2`, `123`]. */
export function splitThread(conversationId: string): [string, string | undefined] {
  const m = /^(.*);messageid=(\d+)$/.exec(conversationId);
  return m ? [m[1]!, m[2]!] : [conversationId, undefined];
}

function extraOf(space: SpaceRef): TeamsSpaceExtra | undefined {
  const extra = space.extra as Partial<TeamsSpaceExtra> | undefined;
  return extra?.reference ? (extra as TeamsSpaceExtra) : undefined;
}
