import fs from "node:fs/promises";
import path from "node:path";
import { type ChatFile, type ChatPort, MAX_CHANNEL_NAME, type Message, type MessageRef, type Person, type PersonRef, type PostedFile, SpaceNameTakenError, type SpaceRef } from "../../src/core.js";
import { paint, renderMessage, toneOf } from "./render.js";

interface Channel {
  id: string;
  name: string;
  topic: string;
  members: Set<string>;
  private: boolean;
  messages: Map<string, { message: Message; pinned: boolean }>;
}

/**
 * The terminal as a chat platform: channels live in memory, everything the bot posts is printed
 * with the channel it went to. People are whoever you name: `@bob` is bob.
 */
export class ShellChat implements ChatPort {
  readonly platform = "shell" as const;
  readonly maxSpaceName = MAX_CHANNEL_NAME;
  readonly filesAs = "upload" as const;
  private readonly channels = new Map<string, Channel>();
  private nextMessage = 1;

  constructor(
    private write: (line: string) => void,
    /** Where documents (reports, whole timelines) are written: FIREBREAK_REPORT_DIR. */
    private readonly options: { fileDir?: string } = {},
  ) {
    this.ensureChannel("general");
  }

  /** Where printed lines go from now on (the shell keeps its prompt intact around them). */
  onOutput(write: (line: string) => void): void {
    this.write = write;
  }

  ensureChannel(name: string): SpaceRef {
    const existing = this.byName(name);
    if (existing) return this.ref(existing);
    const channel: Channel = { id: `C-${name}`, name, topic: "", members: new Set(), private: false, messages: new Map() };
    this.channels.set(channel.id, channel);
    return this.ref(channel);
  }

  byName(name: string): Channel | undefined {
    return [...this.channels.values()].find((c) => c.name === name.replace(/^#/, ""));
  }

  list(): Channel[] {
    return [...this.channels.values()];
  }

  /** Adopts a space the database knows from an earlier run, so posts to it still have a home. */
  adopt(space: SpaceRef): void {
    if (!this.channels.has(space.id)) {
      this.channels.set(space.id, { id: space.id, name: space.name, topic: "", members: new Set(), private: false, messages: new Map() });
    }
  }

  async createSpace(input: { name: string; topic: string; private: boolean }): Promise<SpaceRef> {
    if (this.byName(input.name)) throw new SpaceNameTakenError(input.name);
    const channel: Channel = { id: `C-${input.name}`, name: input.name, topic: input.topic, members: new Set(), private: input.private, messages: new Map() };
    this.channels.set(channel.id, channel);
    this.write(`＋ created ${input.private ? "private " : ""}channel #${input.name}`);
    return this.ref(channel);
  }

  async setTopic(space: SpaceRef, topic: string): Promise<void> {
    const channel = this.get(space.id);
    if (channel.topic === topic) return;
    channel.topic = topic;
    this.write(`✎ #${channel.name} topic: ${topic}`);
  }

  async invite(space: SpaceRef, people: Person[]): Promise<void> {
    const channel = this.get(space.id);
    const added = people.filter((p) => !channel.members.has(p.id));
    for (const p of added) channel.members.add(p.id);
    if (added.length) this.write(`＋ #${channel.name}: invited ${added.map((p) => `@${p.name}`).join(", ")}`);
  }

  async post(space: SpaceRef, message: Message, options: { pin?: boolean } = {}): Promise<MessageRef> {
    const channel = this.get(space.id);
    const id = `m${this.nextMessage++}`;
    channel.messages.set(id, { message, pinned: !!options.pin });
    const tone = toneOf(message);
    this.write("");
    this.write(paint(tone, `┌─ #${channel.name}${options.pin ? " 📌 pinned" : ""}`));
    for (const line of renderMessage(message)) this.write(`${paint(tone, "│")} ${line}`);
    this.write(paint(tone, "└─"));
    return { spaceId: channel.id, messageId: id };
  }

  /** A document is written to the report folder (replacing an earlier one of the same name); its path is printed. */
  async postFile(space: SpaceRef, file: ChatFile): Promise<PostedFile> {
    const channel = this.get(space.id);
    const dir = this.options.fileDir ?? path.resolve("reports");
    await fs.mkdir(dir, { recursive: true });
    const where = path.join(dir, path.basename(file.name));
    await fs.writeFile(where, file.content, "utf8");
    this.write("");
    this.write(`┌─ #${channel.name} 📎 ${file.title}`);
    if (file.summary) for (const line of renderMessage(file.summary)) this.write(`│ ${line}`);
    this.write(`│ 📎 wrote ${where}`);
    this.write("└─");
    return { location: where };
  }

  async update(ref: MessageRef, message: Message): Promise<void> {
    const channel = this.get(ref.spaceId);
    const old = channel.messages.get(ref.messageId);
    channel.messages.set(ref.messageId, { message, pinned: old?.pinned ?? false });
    const header = message.blocks.find((b) => b.type === "header");
    this.write(`↻ #${channel.name}: updated "${header && header.type === "header" ? header.text : message.text}"`);
  }

  /** Who is in a channel: the people invited into it (a terminal has no other roster). */
  async isMember(space: SpaceRef, person: Person): Promise<boolean> {
    return person.platform === "shell" && !!this.channels.get(space.id)?.members.has(person.id);
  }

  async replyPrivately(to: { space?: SpaceRef; person: Person }, message: Message): Promise<void> {
    this.write(`(only @${to.person.name} sees this)`);
    for (const line of renderMessage(message)) this.write(`  ${line}`);
  }

  async resolvePerson(ref: Exclude<PersonRef, { me: true }>): Promise<Person | undefined> {
    const name = (ref.handle ?? ref.id)!.toLowerCase();
    return { platform: "shell", id: name, name };
  }

  /** Every message in a channel as it stands now (after updates). */
  show(space: SpaceRef): void {
    const channel = this.get(space.id);
    this.write(`#${channel.name}${channel.topic ? ` — ${channel.topic}` : ""}`);
    for (const [, { message, pinned }] of channel.messages) {
      this.write(pinned ? "┌─ 📌" : "┌─");
      for (const line of renderMessage(message)) this.write(`│ ${line}`);
      this.write("└─");
    }
  }

  private get(id: string): Channel {
    const channel = this.channels.get(id);
    if (!channel) throw new Error(`no channel ${id}`);
    return channel;
  }

  private ref(channel: Channel): SpaceRef {
    return { platform: "shell", id: channel.id, name: channel.name };
  }
}
