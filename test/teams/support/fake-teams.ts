import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  path: string;
  body: any;
  authorization?: string;
}

export interface StoredActivity {
  id: string;
  conversationId: string;
  activity: any;
  /** How many times it was replaced (updateActivity). */
  updates: number;
}

interface Fault {
  method: string;
  path: RegExp;
  /** Only requests whose body this accepts (e.g. messages, not typing indicators). */
  when?: (body: any) => boolean;
  status: number;
  headers: Record<string, string>;
  remaining: number;
}

/**
 * A local stand-in for the Bot Connector (`/v3/conversations…`), Microsoft Graph (`/graph/…`)
 * and the token endpoint (`/login/…`), shaped like the real answers. It records every request
 * and can refuse the next few matching ones (429, 412…) to exercise retries.
 */
export class FakeTeams {
  readonly requests: RecordedRequest[] = [];
  readonly activities = new Map<string, StoredActivity>();
  readonly channels = new Map<string, { id: string; displayName: string; description: string; membershipType?: string; owners?: string[] }>();
  /** The team's roster, for member lookups (`GET /v3/conversations/{id}/members/{user}`). */
  readonly members = new Map<string, { id: string; name: string; aadObjectId: string }>();
  /**
   * Conversations with a roster of their own (private chats, private channels), by Entra object
   * id; any other conversation's roster is the team's.
   */
  readonly rosters = new Map<string, Set<string>>();
  /** Group chats made through Graph (`POST /chats`), with the apps installed in them. */
  readonly chats = new Map<string, { id: string; topic: string; members: string[]; apps: string[] }>();
  /** The app catalog: Firebreak's entry, found by its manifest id (`externalId`). */
  readonly catalog = new Map<string, string>([["graph-app", "catalog-firebreak"]]);
  private readonly faults: Fault[] = [];
  private readonly holds: { method: string; path: RegExp; released: Promise<void>; waiting: number }[] = [];
  private server?: Server;
  private nextId = 1000;
  url = "";

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** The next `times` requests matching `method path` get `status` (with e.g. Retry-After). */
  failNext(method: string, path: RegExp, status: number, times = 1, headers: Record<string, string> = {}, when?: (body: any) => boolean): void {
    this.faults.push({ method, path, status, headers, remaining: times, when });
  }

  /** Stalls requests matching `method path` until the returned function is called. */
  hold(method: string, path: RegExp): () => void {
    let release!: () => void;
    const hold = { method, path, released: new Promise<void>((r) => (release = r)), waiting: 0 };
    this.holds.push(hold);
    return () => {
      this.holds.splice(this.holds.indexOf(hold), 1);
      release();
    };
  }

  /** How many requests are stalled by holds right now. */
  waiting(): number {
    return this.holds.reduce((n, h) => n + h.waiting, 0);
  }

  reserveChannelName(name: string): void {
    this.channels.set(`19:${randomUUID()}@thread.tacv2`, { id: "", displayName: name, description: "" });
  }

  /** Messages in a conversation (a thread id, or a channel id for its root posts), oldest first. */
  messagesIn(conversationId: string): StoredActivity[] {
    return [...this.activities.values()].filter((a) => a.conversationId === conversationId);
  }

  cardsIn(conversationId: string): any[] {
    return this.messagesIn(conversationId).flatMap((a) => (a.activity.attachments ?? []).map((x: any) => x.content));
  }

  calls(method: string, path: RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && path.test(r.path));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const contentType = req.headers["content-type"] ?? "";
    const body = !raw ? undefined : contentType.includes("json") ? JSON.parse(raw) : Object.fromEntries(new URLSearchParams(raw));
    const path = decodeURIComponent((req.url ?? "/").split("?")[0]!);
    const query = (req.url ?? "").split("?")[1] ?? "";
    const method = req.method ?? "GET";
    this.requests.push({ method, path, body, authorization: req.headers.authorization });
    const hold = this.holds.find((h) => h.method === method && h.path.test(path));
    if (hold) {
      hold.waiting++;
      await hold.released;
      hold.waiting--;
    }

    const fault = this.faults.find((f) => f.remaining > 0 && f.method === method && f.path.test(path) && (!f.when || f.when(body)));
    if (fault) {
      fault.remaining--;
      return send(res, fault.status, { error: { code: "Throttled", message: `fake ${fault.status}` } }, fault.headers);
    }
    let m: RegExpExecArray | null;
    if (method === "POST" && (m = /^\/login\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(path))) {
      return send(res, 200, { token_type: "Bearer", expires_in: 3599, access_token: `graph-token-for-${body?.client_id}` });
    }
    if (method === "POST" && (m = /^\/graph\/teams\/([^/]+)\/channels$/.exec(path))) {
      if ([...this.channels.values()].some((c) => c.displayName.toLowerCase() === String(body.displayName).toLowerCase())) {
        return send(res, 409, { error: { code: "NameAlreadyExists", message: "Channel name already existed, please use other name." } });
      }
      const id = `19:${randomUUID().replace(/-/g, "")}@thread.tacv2`;
      const owners = (body.members ?? []).filter((m: any) => m.roles?.includes("owner")).map((m: any) => /users\('([^']+)'\)/.exec(m["user@odata.bind"])?.[1]);
      if (body.membershipType === "private" && owners.length === 0) {
        return send(res, 400, { error: { code: "BadRequest", message: "Private channel creation with application permissions requires an owner member." } });
      }
      this.channels.set(id, { id, displayName: body.displayName, description: body.description ?? "", membershipType: body.membershipType, owners });
      return send(res, 201, { id, displayName: body.displayName, description: body.description, membershipType: "standard", webUrl: `https://teams.microsoft.com/l/channel/${encodeURIComponent(id)}/${encodeURIComponent(body.displayName)}` });
    }
    if (method === "POST" && path === "/graph/chats") {
      const members = (body.members ?? []).map((x: any) => /users\('([^']+)'\)/.exec(x["user@odata.bind"])?.[1]).filter(Boolean);
      if (body.chatType !== "group" || !members.length) return send(res, 400, { error: { code: "BadRequest", message: "A group chat needs chatType group and members." } });
      const id = `19:${randomUUID().replace(/-/g, "")}@thread.v2`;
      this.chats.set(id, { id, topic: body.topic ?? "", members, apps: [] });
      this.rosters.set(id, new Set(members));
      return send(res, 201, { id, topic: body.topic, chatType: "group", webUrl: `https://teams.microsoft.com/l/chat/${encodeURIComponent(id)}/0` });
    }
    if (method === "GET" && path === "/graph/appCatalogs/teamsApps") {
      const externalId = /externalId eq '([^']+)'/.exec(decodeURIComponent(query))?.[1] ?? "";
      const id = this.catalog.get(externalId);
      return send(res, 200, { value: id ? [{ id, externalId, displayName: "Firebreak" }] : [] });
    }
    if (method === "POST" && (m = /^\/graph\/chats\/([^/]+)\/installedApps$/.exec(path))) {
      const chat = this.chats.get(m[1]!);
      if (!chat) return send(res, 404, { error: { code: "NotFound", message: "no such chat" } });
      chat.apps.push(/teamsApps\/([^/]+)$/.exec(body["teamsApp@odata.bind"])?.[1] ?? "?");
      return send(res, 201);
    }
    if (method === "POST" && (m = /^\/graph\/chats\/([^/]+)\/members$/.exec(path))) {
      const chat = this.chats.get(m[1]!);
      if (!chat) return send(res, 404, { error: { code: "NotFound", message: "no such chat" } });
      const member = /users\('([^']+)'\)/.exec(body["user@odata.bind"])?.[1];
      if (member && !chat.members.includes(member)) chat.members.push(member);
      if (member) this.rosters.get(chat.id)!.add(member);
      return send(res, 201, { id: `member-${member}` });
    }
    if (method === "PATCH" && (m = /^\/graph\/teams\/([^/]+)\/channels\/([^/]+)$/.exec(path))) {
      const channel = this.channels.get(m[2]!);
      if (!channel) return send(res, 404, { error: { code: "NotFound", message: "no such channel" } });
      channel.description = body.description;
      return send(res, 204);
    }
    if (method === "POST" && path === "/v3/conversations") {
      const channelId = body.channelData?.channel?.id;
      if (channelId) {
        const rootId = this.store(channelId, body.activity);
        return send(res, 201, { id: `${channelId};messageid=${rootId}`, activityId: rootId });
      }
      return send(res, 201, { id: `a:1:${body.members?.[0]?.id ?? "nobody"}` });
    }
    if (method === "POST" && (m = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path))) {
      return send(res, 201, { id: this.store(m[1]!, body) });
    }
    if (method === "PUT" && (m = /^\/v3\/conversations\/([^/]+)\/activities\/([^/]+)$/.exec(path))) {
      const stored = this.activities.get(m[2]!);
      if (!stored) return send(res, 404, { error: { code: "ActivityNotFound", message: "no such activity" } });
      stored.activity = body;
      stored.updates++;
      return send(res, 200, { id: stored.id });
    }
    if (method === "GET" && (m = /^\/v3\/conversations\/([^/]+)\/members\/([^/]+)$/.exec(path))) {
      // Like the connector: a member by 29: id or by Entra object id, of this conversation's roster.
      const member = [...this.members.values()].find((x) => x.id === m![2] || x.aadObjectId === m![2]);
      const roster = this.rosters.get(m[1]!.split(";")[0]!);
      const inRoster = member && (!roster || roster.has(member.aadObjectId));
      return inRoster ? send(res, 200, member) : send(res, 404, { error: { code: "MemberNotFoundInConversation", message: "no such member" } });
    }
    send(res, 404, { error: { code: "NotFound", message: `fake has no route for ${method} ${path}` } });
  }

  private store(conversationId: string, activity: any): string {
    const id = String(this.nextId++);
    this.activities.set(id, { id, conversationId, activity, updates: 0 });
    return id;
  }
}

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}
