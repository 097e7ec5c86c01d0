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
 * The two Graph calls Firebreak makes: create a channel in the team and set its description.
 * The app token comes from the client-credentials flow; with the resource-specific permission
 * `Channel.Create.Group` granted at install time, no tenant-wide admin consent is needed.
 */
export class GraphChannels {
  private token?: { value: string; expiresAt: number };

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

  async setDescription(teamId: string, channelId: string, description: string): Promise<void> {
    const response = await this.call("set the channel description", "PATCH", `/teams/${encodeURIComponent(teamId)}/channels/${encodeURIComponent(channelId)}`, {
      description: description.slice(0, 1024),
    });
    if (!response.ok) throw new GraphError(response.status, `Graph refused to update the channel description (HTTP ${response.status}): ${graphMessage(response.text)}`);
  }

  private async call(what: string, method: "POST" | "PATCH", path: string, body: unknown) {
    return withRetry(what, this.settings.retry, async () => {
      const res = await fetch(`${this.settings.graphUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${await this.accessToken()}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      if (res.status === 401) this.token = undefined;
      // Throttling and gateway errors are thrown so withRetry can wait and try again.
      if ([412, 429, 502, 504].includes(res.status)) throw Object.assign(new GraphError(res.status, `Graph: HTTP ${res.status}`), { headers: Object.fromEntries(res.headers) });
      return { ok: res.ok, status: res.status, text };
    }, { idempotent: method === "PATCH" });
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

function graphMessage(text: string): string {
  try {
    return (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? text.slice(0, 200);
  } catch {
    return text.slice(0, 200);
  }
}
