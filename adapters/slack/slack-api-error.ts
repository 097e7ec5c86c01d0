import { scopeHint } from "./scopes.js";

/**
 * A refused or failed Web API call, with a message a person can act on. The core shows these
 * messages to whoever ran the command and logs them, so they say what went wrong and the fix.
 */
export class SlackApiError extends Error {
  /** For the outbox: worth another try later (rate limit, Slack trouble, the network)? */
  readonly retryable: boolean;
  constructor(
    readonly method: string,
    /** Slack's error code (`missing_scope`, `is_archived` …), or `http_<status>` / `request_failed`. */
    readonly code: string,
    message: string,
    options?: { cause?: unknown; retryAfterMs?: number },
  ) {
    super(message, options);
    this.name = "SlackApiError";
    this.retryable = TRANSIENT.has(code) || code.startsWith("http_5") || code === "http_429";
    this.retryAfterMs = options?.retryAfterMs;
  }
  readonly retryAfterMs?: number;
}

/** Slack's answers that mean "not now" rather than "never". */
const TRANSIENT = new Set(["ratelimited", "request_failed", "internal_error", "fatal_error", "service_unavailable", "request_timeout", "team_added_to_org"]);

const HINTS: Record<string, string> = {
  is_archived: "the channel is archived; unarchive it in Slack, then retry",
  not_in_channel: "Firebreak is not a member of that channel; add it with /invite @Firebreak",
  channel_not_found: "the channel is gone or Firebreak cannot see it (for a private channel, /invite @Firebreak first)",
  restricted_action: "a workspace policy stops apps from doing this; ask a Slack admin",
  ratelimited: "Slack is rate-limiting Firebreak; wait a minute and retry",
  invalid_auth: "SLACK_BOT_TOKEN is not valid; copy it again from the app's OAuth & Permissions page",
  not_authed: "no bot token was sent; set SLACK_BOT_TOKEN",
  token_revoked: "the app was uninstalled or its token revoked; reinstall it and update SLACK_BOT_TOKEN",
  account_inactive: "the app was uninstalled or its token revoked; reinstall it and update SLACK_BOT_TOKEN",
  invalid_blocks: "Slack refused the message layout (a Firebreak bug: please report it with the log)",
  msg_too_long: "the message is too long for Slack",
  message_not_found: "the message was deleted; `/incident channel` posts the missing ones again",
  cant_update_message: "the message is not Firebreak's own",
  user_not_found: "no such Slack user",
  user_is_restricted: "guests cannot be invited to this channel",
};

interface WebApiFailure {
  code?: string;
  message?: string;
  data?: { error?: string; needed?: string; response_metadata?: { messages?: string[] } };
  statusCode?: number;
  retryAfter?: number;
}

/** Turns whatever the WebClient threw into a SlackApiError with a readable message. */
export function describeSlackFailure(method: string, error: unknown): SlackApiError {
  if (error instanceof SlackApiError) return error;
  const e = (error ?? {}) as WebApiFailure;
  if (e.code === "slack_webapi_platform_error" && e.data?.error) {
    const code = e.data.error;
    let detail: string;
    if (code === "missing_scope") detail = `needs ${e.data.needed ?? scopeHint(method) ?? "a scope the app lacks"}; add it under OAuth & Permissions and reinstall the app`;
    else detail = HINTS[code] ?? e.data.response_metadata?.messages?.join("; ") ?? "see Slack's documentation for this error";
    return new SlackApiError(method, code, `Slack refused ${method}: ${code} (${detail})`, { cause: error });
  }
  if (e.code === "slack_webapi_rate_limited_error") {
    return new SlackApiError(method, "ratelimited", `Slack refused ${method}: ratelimited (retry after ${e.retryAfter ?? "a few"} s)`, { cause: error, retryAfterMs: (e.retryAfter ?? 1) * 1000 });
  }
  if (e.code === "slack_webapi_http_error") {
    return new SlackApiError(method, `http_${e.statusCode}`, `Slack answered ${method} with HTTP ${e.statusCode}; Slack may be having trouble, retry in a minute`, { cause: error });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new SlackApiError(method, "request_failed", `Could not reach Slack for ${method}: ${reason}`, { cause: error });
}

export function slackErrorCode(error: unknown): string | undefined {
  if (error instanceof SlackApiError) return error.code;
  const e = error as WebApiFailure | undefined;
  return e?.code === "slack_webapi_platform_error" ? e.data?.error : undefined;
}
