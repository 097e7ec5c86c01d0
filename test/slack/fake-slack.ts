import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A stand-in for Slack's Web API on 127.0.0.1, reached through SLACK_API_URL. It keeps just
 * enough state (channels, messages, pins, users) to answer like Slack, records every call, and
 * can be told to refuse (`fail`), rate-limit (`rateLimit`) or stall (`hold`) a method.
 */
export interface FakeCall {
  method: string;
  args: Record<string, any>;
  /** The HTTP status the fake answered with (429 for a rate-limited attempt). */
  status: number;
  /** When the request arrived and when it was answered (performance.now(), ms): shows which calls overlapped. */
  at: number;
  answeredAt?: number;
}

/** A body posted to a response URL, with when it arrived and was answered (performance.now(), ms). */
export interface FakeResponse {
  id: string;
  body: any;
  at: number;
  answeredAt?: number;
}

export interface FakeChannel {
  id: string;
  name: string;
  topic: string;
  isPrivate: boolean;
  members: Set<string>;
  archived: boolean;
  /** Who made it: the bot for channels Firebreak created. */
  creator: string;
}

export interface FakeMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: any[];
  pinned: boolean;
  /** Message metadata as posted (Firebreak tags its posts with the delivery key). */
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

export interface FakeUser {
  id: string;
  name: string;
  real_name?: string;
  profile?: { display_name?: string; real_name?: string };
  deleted?: boolean;
  is_bot?: boolean;
}

export const BOT_USER = "UBOT";
export const TEAM = "T0TEAM";

const JSON_FIELDS = new Set(["blocks", "view", "attachments", "files", "metadata"]);

/** A file in the workspace: uploaded by Firebreak (files.uploadV2) or shared by a person (`addFile`). */
export interface FakeFile {
  id: string;
  name: string;
  title?: string;
  content: Buffer;
  /** The channel it was shared into (set on completeUploadExternal for uploads). */
  channel?: string;
  user: string;
  mimetype: string;
  initialComment?: string;
  external?: boolean;
  /** What files.info reports as the size; the real length unless a test says otherwise. */
  size?: number;
  /** Serve Slack's sign-in page instead of the bytes, as Slack does for a token without files:read. */
  signInPage?: boolean;
}

export interface FakeSlack {
  url: string;
  apiUrl: string;
  calls: FakeCall[];
  channels: Map<string, FakeChannel>;
  messages: Map<string, FakeMessage>;
  /** Bodies posted to response URLs, by the URL's id. */
  responses: FakeResponse[];
  /**
   * Every Web API call and response-URL post is answered this many ms after it arrives, as a
   * distant Slack would (0 by default; benchmarks set e.g. 50). Settable at any time.
   */
  delayMs: number;
  users: FakeUser[];
  /** Files uploaded through files.uploadV2 (once completed) and files people shared (`addFile`). */
  files: Map<string, FakeFile>;
  /** A file a person shared; files.info describes it and its private URL serves its bytes to the bot token. */
  addFile(file: Omit<FakeFile, "id" | "mimetype"> & { id?: string; mimetype?: string }): FakeFile;
  /** How often each file's private URL was downloaded. */
  downloads: Map<string, number>;
  /** Successful calls of `method` (rate-limited attempts left out). */
  callsTo(method: string): FakeCall[];
  /** A response URL for a slash command or button payload. */
  responseUrl(id?: string): string;
  addChannel(name: string, options?: { isPrivate?: boolean; botIsMember?: boolean }): FakeChannel;
  /** A channel that exists in Slack (not made by Firebreak): creating it answers name_taken. */
  reserveName(name: string): void;
  /** The next `times` calls of `method` answer `{ ok: false, error }` (extra fields merged in). */
  fail(method: string, error: string, times?: number, extra?: Record<string, unknown>): void;
  /** The next `times` calls of `method` answer HTTP 429 with Retry-After: 0. */
  rateLimit(method: string, times?: number): void;
  /** Stalls calls of `method` until the returned function is called. */
  hold(method: string): () => void;
  /** How many calls of `method` are stalled by a hold right now. */
  waiting(method: string): number;
  message(channel: string, ts: string): FakeMessage | undefined;
  /** Forgets queued failures, rate limits and holds. */
  clearFaults(): void;
  close(): Promise<void>;
}

/** `delayMs`: every request is answered that long after it arrived, like a distant Slack (benchmarks). */
export async function startFakeSlack(options: { users?: FakeUser[]; delayMs?: number } = {}): Promise<FakeSlack> {
  const calls: FakeCall[] = [];
  const channels = new Map<string, FakeChannel>();
  const messages = new Map<string, FakeMessage>();
  const responses: FakeResponse[] = [];
  const files = new Map<string, FakeFile>();
  const pendingUploads = new Map<string, { filename: string; length: number; content?: Buffer }>();
  const downloads = new Map<string, number>();
  let nextFile = 1;
  const users: FakeUser[] = options.users ?? [
    { id: "UALICE", name: "alice", real_name: "Alice Adams", profile: { display_name: "alice" } },
    { id: "UBOB", name: "bob", real_name: "Bob Brown", profile: { display_name: "bob" } },
    { id: "UCAROL", name: "carol.c", real_name: "Carol Cruz", profile: { display_name: "carol" } },
    { id: BOT_USER, name: "firebreak", profile: { display_name: "Firebreak" }, is_bot: true },
    { id: "UDEPLOYBOT", name: "deploy-bot", profile: { display_name: "deploy-bot" }, is_bot: true },
  ];
  const failures = new Map<string, { error: string; times: number; extra: Record<string, unknown> }[]>();
  const limits = new Map<string, number>();
  const holds = new Map<string, Promise<void>>();
  const stalled = new Map<string, number>();
  let nextChannel = 1;
  let nextTs = 1;
  let base = "";

  const key = (channel: string, ts: string) => `${channel}/${ts}`;
  const ok = (extra: Record<string, unknown> = {}) => ({ ok: true, ...extra });
  const err = (error: string, extra: Record<string, unknown> = {}) => ({ ok: false, error, ...extra });

  function addChannel(name: string, opts: { isPrivate?: boolean; botIsMember?: boolean; creator?: string } = {}): FakeChannel {
    const channel: FakeChannel = {
      id: `C${String(nextChannel++).padStart(6, "0")}`,
      name,
      topic: "",
      isPrivate: !!opts.isPrivate,
      members: new Set(opts.botIsMember === false ? [] : [BOT_USER]),
      archived: false,
      creator: opts.creator ?? "UADMIN",
    };
    channels.set(channel.id, channel);
    return channel;
  }
  const byName = (name: string) => [...channels.values()].find((c) => c.name === name);

  function handle(method: string, args: Record<string, any>): Record<string, unknown> {
    switch (method) {
      case "auth.test":
        return ok({ url: "https://acme.example/", team: "Acme", user: "firebreak", team_id: TEAM, user_id: BOT_USER, bot_id: "BBOT" });
      case "conversations.create": {
        if (!/^[a-z0-9][a-z0-9_-]{0,79}$/.test(args.name ?? "")) return err("invalid_name_specials");
        if (byName(args.name)) return err("name_taken");
        const channel = addChannel(args.name, { isPrivate: args.is_private === "true" || args.is_private === true, creator: BOT_USER });
        return ok({ channel: { id: channel.id, name: channel.name, is_private: channel.isPrivate } });
      }
      case "conversations.setTopic": {
        const channel = channels.get(args.channel);
        if (!channel) return err("channel_not_found");
        if (channel.archived) return err("is_archived");
        if ((args.topic ?? "").length > 250) return err("too_long");
        channel.topic = args.topic;
        return ok({ channel: { id: channel.id, topic: { value: channel.topic } } });
      }
      case "conversations.invite": {
        const channel = channels.get(args.channel);
        if (!channel) return err("channel_not_found");
        if (channel.archived) return err("is_archived");
        const ids = String(args.users ?? "").split(",").filter(Boolean);
        const unknown = ids.filter((id) => !users.some((u) => u.id === id));
        if (unknown.length) return err("user_not_found");
        const fresh = ids.filter((id) => !channel.members.has(id));
        if (!fresh.length) return err("already_in_channel");
        for (const id of fresh) channel.members.add(id);
        return ok({ channel: { id: channel.id } });
      }
      case "chat.postMessage": {
        let channelId = String(args.channel);
        if (channelId.startsWith("U")) {
          if (!users.some((u) => u.id === channelId)) return err("channel_not_found");
          channelId = `D${channelId.slice(1)}`;
        } else {
          // Like Slack, a channel may be named (`#incidents`); the answer carries its id.
          const channel = channelId.startsWith("#") ? byName(channelId.slice(1)) : channels.get(channelId);
          if (!channel) return err("channel_not_found");
          if (channel.archived) return err("is_archived");
          if (!channel.members.has(BOT_USER)) return err("not_in_channel");
          channelId = channel.id;
        }
        const problem = checkBlocks(args.blocks, 50);
        if (problem) return err("invalid_blocks", { response_metadata: { messages: [problem] } });
        const ts = `1764079200.${String(nextTs++).padStart(6, "0")}`;
        messages.set(key(channelId, ts), { channel: channelId, ts, text: args.text ?? "", blocks: args.blocks ?? [], pinned: false, metadata: args.metadata });
        return ok({ channel: channelId, ts, message: { ts, text: args.text } });
      }
      case "chat.update": {
        const message = messages.get(key(args.channel, args.ts));
        if (!message) return err("message_not_found");
        if (channels.get(args.channel)?.archived) return err("is_archived");
        const problem = checkBlocks(args.blocks, 50);
        if (problem) return err("invalid_blocks", { response_metadata: { messages: [problem] } });
        message.text = args.text ?? message.text;
        message.blocks = args.blocks ?? message.blocks;
        return ok({ channel: args.channel, ts: args.ts });
      }
      case "chat.delete": {
        if (!messages.delete(key(args.channel, args.ts))) return err("message_not_found");
        return ok({ channel: args.channel, ts: args.ts });
      }
      case "chat.postEphemeral": {
        const channel = channels.get(args.channel);
        if (!channel) return err("channel_not_found");
        if (!channel.members.has(BOT_USER)) return err("not_in_channel");
        const problem = checkBlocks(args.blocks, 50);
        if (problem) return err("invalid_blocks", { response_metadata: { messages: [problem] } });
        return ok({ message_ts: `1764079200.${String(nextTs++).padStart(6, "0")}` });
      }
      case "conversations.members": {
        const channel = channels.get(args.channel);
        if (!channel) return err("channel_not_found");
        // Two members per page, so pagination is exercised.
        const all = [...channel.members];
        const start = Number(args.cursor || 0);
        const next = start + 2 < all.length ? String(start + 2) : "";
        return ok({ members: all.slice(start, start + 2), response_metadata: { next_cursor: next } });
      }
      case "pins.add": {
        const message = messages.get(key(args.channel, args.timestamp));
        if (!message) return err("message_not_found");
        if (message.pinned) return err("already_pinned");
        message.pinned = true;
        return ok();
      }
      case "conversations.history": {
        const channel = channels.get(args.channel);
        if (!channel) return err("channel_not_found");
        if (!channel.members.has(BOT_USER)) return err("not_in_channel");
        const newestFirst = [...messages.values()].filter((m) => m.channel === channel.id).reverse().slice(0, Number(args.limit ?? 100));
        const all = args.include_all_metadata === "true" || args.include_all_metadata === true;
        return ok({ messages: newestFirst.map((m) => ({ type: "message", ts: m.ts, text: m.text, ...(all && m.metadata ? { metadata: m.metadata } : {}) })) });
      }
      case "conversations.list": {
        // One channel per page, so pagination is exercised.
        const list = [...channels.values()].filter((c) => !c.archived);
        const start = Number(args.cursor ?? 0);
        const page = list.slice(start, start + 1).map((c) => ({ id: c.id, name: c.name, is_private: c.isPrivate, creator: c.creator }));
        return ok({ channels: page, response_metadata: { next_cursor: start + 1 < list.length ? String(start + 1) : "" } });
      }
      case "users.info": {
        const user = users.find((u) => u.id === args.user);
        return user ? ok({ user }) : err("user_not_found");
      }
      case "users.list": {
        // Two users per page, so pagination is exercised.
        const start = Number(args.cursor ?? 0);
        const page = users.slice(start, start + 2);
        const next = start + 2 < users.length ? String(start + 2) : "";
        return ok({ members: page, response_metadata: { next_cursor: next } });
      }
      case "views.open":
      case "views.publish": {
        const view = args.view;
        const limit = view?.type === "modal" || view?.type === "home" ? 100 : 0;
        const problem = checkBlocks(view?.blocks, limit);
        if (problem) return err("invalid_arguments", { response_metadata: { messages: [problem] } });
        if (method === "views.open" && !args.trigger_id) return err("invalid_trigger_id");
        return ok({ view: { id: "V123", ...view } });
      }
      case "files.getUploadURLExternal": {
        const length = Number(args.length);
        if (!args.filename || !Number.isInteger(length) || length < 1) return err("invalid_arguments");
        const id = `F${String(nextFile++).padStart(6, "0")}`;
        pendingUploads.set(id, { filename: args.filename, length });
        return ok({ upload_url: `${base}/upload/v1/${id}`, file_id: id });
      }
      case "files.completeUploadExternal": {
        const list = (Array.isArray(args.files) ? args.files : []) as { id: string; title?: string }[];
        if (!list.length) return err("invalid_arguments");
        const channel = args.channel_id ? channels.get(args.channel_id) : undefined;
        if (args.channel_id && !channel) return err("channel_not_found");
        if (channel && !channel.members.has(BOT_USER)) return err("not_in_channel");
        const done: Record<string, unknown>[] = [];
        for (const item of list) {
          const pending = pendingUploads.get(item.id);
          if (!pending?.content) return err("file_not_found");
          if (pending.content.length !== pending.length) return err("file_upload_size_mismatch");
          pendingUploads.delete(item.id);
          files.set(item.id, { id: item.id, name: pending.filename, title: item.title, content: pending.content, channel: args.channel_id, user: BOT_USER, mimetype: "text/plain", initialComment: args.initial_comment });
          done.push({ id: item.id, name: pending.filename, title: item.title ?? pending.filename });
        }
        return ok({ files: done });
      }
      case "files.info": {
        const file = files.get(args.file);
        if (!file) return err("file_not_found");
        const url = `${base}/files-pri/${TEAM}-${file.id}/download/${encodeURIComponent(file.name)}`;
        return ok({
          file: {
            id: file.id, name: file.name, title: file.title ?? file.name, mimetype: file.mimetype, size: file.size ?? file.content.length, user: file.user, is_external: !!file.external,
            ...(file.external ? {} : { url_private: url, url_private_download: url }),
            permalink: `https://acme.slack.com/files/${file.user}/${file.id}/${encodeURIComponent(file.name)}`,
          },
        });
      }
      default:
        return err("unknown_method");
    }
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    const at = performance.now();
    req.on("end", async () => {
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      const buffer = Buffer.concat(chunks);
      const raw = buffer.toString("utf8");
      const url = new URL(req.url ?? "/", "http://fake");
      // Each call or response answers after the fake's delay; the answer time is recorded on it.
      const answered: { answeredAt?: number }[] = [];
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        const reply = () => {
          const now = performance.now();
          for (const a of answered) a.answeredAt = now;
          res.writeHead(status, { "content-type": "application/json", ...headers });
          res.end(JSON.stringify(body));
        };
        const wait = fake.delayMs - (performance.now() - at);
        if (wait > 0) setTimeout(reply, wait);
        else reply();
      };
      if (url.pathname.startsWith("/respond/")) {
        const response: FakeResponse = { id: url.pathname.slice("/respond/".length), body: raw ? JSON.parse(raw) : {}, at };
        responses.push(response);
        answered.push(response);
        return send(200, { ok: true });
      }
      // The upload URL files.getUploadURLExternal hands out: the bytes arrive as multipart form data.
      if (url.pathname.startsWith("/upload/v1/")) {
        const pending = pendingUploads.get(url.pathname.slice("/upload/v1/".length));
        if (!pending) return send(404, { ok: false });
        const form = await new Response(buffer, { headers: { "content-type": String(req.headers["content-type"] ?? "") } }).formData();
        const part = [...form.values()].find((v) => typeof v !== "string") as Blob | undefined;
        pending.content = part ? Buffer.from(await part.arrayBuffer()) : buffer;
        res.writeHead(200, { "content-type": "text/plain" });
        return res.end(`OK - ${pending.content.length}`);
      }
      // A file's private URL: its bytes for the bot token; like Slack, a sign-in page otherwise.
      if (url.pathname.startsWith("/files-pri/")) {
        const id = /^\/files-pri\/[^-]+-([^/]+)\//.exec(url.pathname)?.[1];
        const file = id ? files.get(id) : undefined;
        if (!file) return send(404, { ok: false });
        if (req.headers.authorization !== "Bearer xoxb-test-token" || file.signInPage) {
          res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
          return res.end("<!DOCTYPE html><html><body>Sign in to Acme</body></html>");
        }
        downloads.set(file.id, (downloads.get(file.id) ?? 0) + 1);
        res.writeHead(200, { "content-type": file.mimetype, "content-length": String(file.content.length) });
        return res.end(file.content);
      }
      const method = url.pathname.replace(/^\/api\//, "");
      const args: Record<string, any> = {};
      const type = req.headers["content-type"] ?? "";
      if (type.includes("application/json")) Object.assign(args, raw ? JSON.parse(raw) : {});
      else for (const [k, v] of new URLSearchParams(raw)) args[k] = JSON_FIELDS.has(k) ? JSON.parse(v) : v;
      const record = (status: number) => {
        const call: FakeCall = { method, args, status, at };
        calls.push(call);
        answered.push(call);
      };
      if (req.headers.authorization !== "Bearer xoxb-test-token") {
        record(200);
        return send(200, err("invalid_auth"));
      }
      const held = holds.get(method);
      if (held) {
        stalled.set(method, (stalled.get(method) ?? 0) + 1);
        await held;
        stalled.set(method, (stalled.get(method) ?? 1) - 1);
      }
      const limited = limits.get(method) ?? 0;
      if (limited > 0) {
        limits.set(method, limited - 1);
        record(429);
        return send(429, err("ratelimited"), { "retry-after": "0" });
      }
      record(200);
      const queued = failures.get(method);
      if (queued?.length) {
        const next = queued[0]!;
        if (--next.times <= 0) queued.shift();
        return send(200, err(next.error, next.extra));
      }
      send(200, handle(method, args));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let nextResponse = 1;

  const fake: FakeSlack = {
    url: base,
    apiUrl: `${base}/api/`,
    calls,
    channels,
    messages,
    responses,
    delayMs: options.delayMs ?? 0,
    users,
    files,
    downloads,
    addFile(input) {
      const file: FakeFile = { mimetype: "application/octet-stream", ...input, id: input.id ?? `F${String(nextFile++).padStart(6, "0")}` };
      files.set(file.id, file);
      return file;
    },
    callsTo: (method) => calls.filter((c) => c.method === method && c.status === 200),
    responseUrl: (id) => `${base}/respond/${id ?? `r${nextResponse++}`}`,
    addChannel,
    reserveName: (name) => void addChannel(name, { botIsMember: false }),
    fail: (method, error, times = 1, extra = {}) => {
      const list = failures.get(method) ?? [];
      list.push({ error, times, extra });
      failures.set(method, list);
    },
    rateLimit: (method, times = 1) => void limits.set(method, times),
    hold: (method) => {
      let release!: () => void;
      holds.set(method, new Promise<void>((resolve) => (release = resolve)));
      return () => {
        holds.delete(method);
        release();
      };
    },
    waiting: (method) => stalled.get(method) ?? 0,
    message: (channel, ts) => messages.get(key(channel, ts)),
    clearFaults: () => {
      failures.clear();
      limits.clear();
      holds.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return fake;
}

/** The Block Kit limits Slack enforces on what we send; the fake refuses like Slack would. */
export function checkBlocks(blocks: any[] | undefined, maxBlocks: number): string | undefined {
  if (!blocks) return undefined;
  if (!Array.isArray(blocks)) return "blocks is not an array";
  if (maxBlocks && blocks.length > maxBlocks) return `too many blocks: ${blocks.length} > ${maxBlocks}`;
  const ids = new Set<string>();
  for (const block of blocks) {
    if (block.block_id) {
      if (ids.has(block.block_id)) return `duplicate block_id ${block.block_id}`;
      if (block.block_id.length > 255) return "block_id longer than 255";
      ids.add(block.block_id);
    }
    if (block.type === "header" && block.text.text.length > 150) return "header text longer than 150";
    if (block.type === "section") {
      if (block.text && block.text.text.length > 3000) return "section text longer than 3000";
      if (block.fields && block.fields.length > 10) return "more than 10 fields";
    }
    if (block.type === "actions") {
      if (block.elements.length > 25) return "more than 25 elements";
      for (const element of block.elements) {
        if (element.type !== "checkboxes") continue;
        if (element.options.length > 10) return `checkboxes with ${element.options.length} options`;
        for (const o of element.options) {
          if (o.text.text.length > 75) return `option text longer than 75: ${o.text.text}`;
          if (o.description && o.description.text.length > 75) return `option description longer than 75: ${o.description.text}`;
          if (o.value.length > 150) return "option value longer than 150";
        }
        const values = new Set(element.options.map((o: any) => o.value));
        for (const o of element.initial_options ?? []) if (!values.has(o.value)) return "initial option not among options";
      }
    }
  }
  return undefined;
}
