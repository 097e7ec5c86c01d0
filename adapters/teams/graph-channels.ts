import { SpaceNameTakenError } from "../../src/core.js";
import { type RetryPolicy, withRetry } from "./throttle.js";

export interface GraphSettings {
  graphUrl: string;
  authorityUrl: string;
  tenantId: string;
  appId: string;
  appPassword: string;
  retry: RetryPolicy;
}

export interface CreatedChannel {
  id: string;
  displayName: string;
  webUrl?: string;
}

export interface CreatedChat {
  id: string;
  webUrl?: string;
}

export class GraphError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "GraphError";
  }
}

/**
 * The Graph calls Firebreak makes: create a channel in the team and set its description (the
 * resource-specific permission `Channel.Create.Group`, granted when the app is added to the team),
 * and for private incidents a group chat with the responders and the bot installed in it (the
 * application permissions `Chat.Create`, `TeamsAppInstallation.ReadWriteSelfForChat.All`,
 * `ChatMember.ReadWrite.All` and `AppCatalog.Read.All`, which a tenant admin consents to). The app
 * token comes from the client-credentials flow.
 */
export class GraphChannels {
  private token?: { value: string; expiresAt: number };
  /** The app's id in the tenant's app catalog (not the manifest id), found once. */
  private catalogId?: Promise<string>;

  constructor(
    private readonly settings: GraphSettings,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /**
   * A standard channel, or with `privateOwner` a private one: Graph requires an owner when an app
   * creates a private channel, and the person who declared is the natural one.
   */
  async createChannel(teamId: string, displayName: string, description: string, privateOwner?: string): Promise<CreatedChannel> {
    // Not idempotent: after a gateway error the channel may exist, so only refusals are retried.
    const response = await this.call("create a channel", "POST", `/teams/${encodeURIComponent(teamId)}/channels`, {
      displayName,
      description: description.slice(0, 1024),
      membershipType: privateOwner ? "private" : "standard",
      ...(privateOwner
        ? { members: [{ "@odata.type": "#microsoft.graph.aadUserConversationMember", "user@odata.bind": `https://graph.microsoft.com/v1.0/users('${privateOwner}')`, roles: ["owner"] }] }
        : {}),
    });
    if (response.status === 409 || (response.status === 400 && /already exist/i.test(response.text))) throw new SpaceNameTakenError(displayName);
    if (!response.ok) throw new GraphError(response.status, `Graph refused to create channel ${displayName} (HTTP ${response.status}): ${graphMessage(response.text)}`);
    return JSON.parse(response.text) as CreatedChannel;
  }

  /**
   * A group chat for a private incident (`POST /chats`): only its members see it. The chat's title
   * is the incident's space name; members are Entra object ids, each an owner of the chat.
   */
  async createChat(topic: string, memberIds: string[]): Promise<CreatedChat> {
    // Not idempotent: after a gateway error the chat may exist, so only refusals are retried.
    const response = await this.call("create a private incident chat", "POST", "/chats", { chatType: "group", topic: topic.slice(0, 250), members: memberIds.map(chatMember) });
    if (!response.ok) throw new GraphError(response.status, `Graph refused to create the private chat ${topic} (HTTP ${response.status}): ${graphMessage(response.text)}`);
    return JSON.parse(response.text) as CreatedChat;
  }

  /** Installs Firebreak in a chat (`POST /chats/{id}/installedApps`), so its bot can post there. */
  async installInChat(chatId: string): Promise<void> {
    const catalogId = await this.appCatalogId(this.settings.appId);
    const response = await this.call("add Firebreak to the private chat", "POST", `/chats/${encodeURIComponent(chatId)}/installedApps`, {
      "teamsApp@odata.bind": `${this.settings.graphUrl}/appCatalogs/teamsApps/${encodeURIComponent(catalogId)}`,
    });
    // 409: installed already (a retry after a lost answer).
    if (!response.ok && response.status !== 409) throw new GraphError(response.status, `Graph refused to add Firebreak to the private chat (HTTP ${response.status}): ${graphMessage(response.text)}`);
  }

  /** Adds someone to a private incident's chat (`POST /chats/{id}/members`). */
  async addChatMember(chatId: string, memberId: string): Promise<void> {
    const response = await this.call("add a responder to the private chat", "POST", `/chats/${encodeURIComponent(chatId)}/members`, { ...chatMember(memberId), visibleHistoryStartDateTime: "0001-01-01T00:00:00Z" });
    if (!response.ok && response.status !== 409) throw new GraphError(response.status, `Graph refused to add a member to the private chat (HTTP ${response.status}): ${graphMessage(response.text)}`);
  }

  /** The catalog id of the app whose manifest id is `externalAppId` (the bot's app id). */
  private appCatalogId(externalAppId: string): Promise<string> {
    this.catalogId ??= (async () => {
      const filter = encodeURIComponent(`externalId eq '${externalAppId.replace(/'/g, "''")}'`);
      const response = await this.call("find Firebreak in the app catalog", "GET", `/appCatalogs/teamsApps?$filter=${filter}`);
      const found = response.ok ? (JSON.parse(response.text) as { value?: { id?: string }[] }).value?.[0]?.id : undefined;
      if (!found) {
        throw new GraphError(response.status, `Firebreak (app id ${externalAppId}) is not in your organisation's app catalog${response.ok ? "" : ` (HTTP ${response.status}: ${graphMessage(response.text)})`}: upload it under Teams admin center → Manage apps, so it can join private incident chats.`);
      }
      return found;
    })().catch((error: unknown) => {
      this.catalogId = undefined;
      throw error;
    });
    return this.catalogId;
  }

  async setDescription(teamId: string, channelId: string, description: string): Promise<void> {
    const response = await this.call("set the channel description", "PATCH", `/teams/${encodeURIComponent(teamId)}/channels/${encodeURIComponent(channelId)}`, {
      description: description.slice(0, 1024),
    });
    if (!response.ok) throw new GraphError(response.status, `Graph refused to update the channel description (HTTP ${response.status}): ${graphMessage(response.text)}`);
  }

  private async call(what: string, method: "GET" | "POST" | "PATCH", path: string, body?: unknown) {
    return withRetry(what, this.settings.retry, async () => {
      const res = await fetch(`${this.settings.graphUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${await this.accessToken()}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (res.status === 401) this.token = undefined;
      // Throttling and gateway errors are thrown so withRetry can wait and try again.
      if ([412, 429, 502, 504].includes(res.status)) throw Object.assign(new GraphError(res.status, `Graph: HTTP ${res.status}`), { headers: Object.fromEntries(res.headers) });
      return { ok: res.ok, status: res.status, text };
    }, { idempotent: method !== "POST" });
  }

  private async accessToken(): Promise<string> {
    if (this.token && this.token.expiresAt > this.now()) return this.token.value;
    const { authorityUrl, tenantId, appId, appPassword } = this.settings;
    const res = await fetch(`${authorityUrl}/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ client_id: appId, client_secret: appPassword, scope: "https://graph.microsoft.com/.default", grant_type: "client_credentials" }),
    });
    const json = (await res.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; error_description?: string };
    if (!res.ok || !json.access_token) {
      throw new GraphError(res.status, `Could not get a Graph token for app ${appId} (HTTP ${res.status}): ${json.error_description ?? "no token in the answer"}. Check MicrosoftAppPassword and MicrosoftAppTenantId.`);
    }
    // Renew a minute early so a token never expires mid-request.
    this.token = { value: json.access_token, expiresAt: this.now() + ((json.expires_in ?? 3600) - 60) * 1000 };
    return json.access_token;
  }
}

function chatMember(objectId: string) {
  return { "@odata.type": "#microsoft.graph.aadUserConversationMember", roles: ["owner"], "user@odata.bind": `https://graph.microsoft.com/v1.0/users('${objectId}')` };
}

function graphMessage(text: string): string {
  try {
    return (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? text.slice(0, 200);
  } catch {
    return text.slice(0, 200);
  }
}
