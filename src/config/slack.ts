import { z } from "zod";
import { ConfigError, type Env } from "./errors.js";


/** How Slack reaches us: a WebSocket we open (Socket Mode) or HTTP requests to `/slack/events`. */
export type SlackMode = "socket" | "http";

export interface SlackConfig {
  mode: SlackMode;
  botToken: string;
  /** Socket Mode only. */
  appToken?: string;
  /** HTTP mode only: verifies that requests come from Slack. */
  signingSecret?: string;
  /** The port of the HTTP server (`/slack/events` in HTTP mode, `/healthz` in both modes). */
  port: number;
  /** The Web API base URL, e.g. a staging proxy or a test's fake; Slack's own when unset. */
  apiUrl?: string;
  /**
   * FIREBREAK_ANNOUNCE_CHANNEL: where each incident is announced once (and kept current), as a
   * channel id (C…) or a name (`incidents`); unset, nothing is announced outside incident channels.
   */
  announceChannel?: string;
}

export const SLACK_VARIABLES = ["SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"] as const;

const BotToken = z.string().regex(/^xoxb-[A-Za-z0-9-]+$/);
const AppToken = z.string().regex(/^xapp-[A-Za-z0-9-]+$/);
const SigningSecret = z.string().regex(/^[A-Za-z0-9]{16,}$/);
const Port = z.coerce.number().int().min(1).max(65535);
const ApiUrl = z.url({ protocol: /^https?$/ });

/**
 * Reads the Slack settings. Returns undefined when no Slack variable is set (Slack is simply not
 * configured); throws a ConfigError listing every problem, each naming the variable and the fix.
 */
export function loadSlackConfig(env: Env): SlackConfig | undefined {
  const get = (name: string) => {
    const v = env[name]?.trim();
    return v === "" ? undefined : v;
  };
  if (!SLACK_VARIABLES.some((name) => get(name) !== undefined)) return undefined;

  const problems: string[] = [];
  const where = "Slack app settings";
  const botToken = get("SLACK_BOT_TOKEN");
  const appToken = get("SLACK_APP_TOKEN");
  const signingSecret = get("SLACK_SIGNING_SECRET");

  if (!botToken) {
    problems.push(`SLACK_BOT_TOKEN is missing. Copy the "Bot User OAuth Token" (xoxb-…) from ${where} → OAuth & Permissions, after installing the app to your workspace.`);
  } else if (!BotToken.safeParse(botToken).success) {
    problems.push(
      `SLACK_BOT_TOKEN must be a bot token starting with xoxb- (got "${botToken.slice(0, 5)}…"). ${botToken.startsWith("xapp-") ? "That is the app-level token: put it in SLACK_APP_TOKEN. " : ""}${botToken.startsWith("xoxp-") ? "That is a user token; Firebreak needs the bot token. " : ""}Find it in ${where} → OAuth & Permissions.`,
    );
  }
  if (appToken && !AppToken.safeParse(appToken).success) {
    problems.push(`SLACK_APP_TOKEN must be an app-level token starting with xapp- (got "${appToken.slice(0, 5)}…"). Create one with the connections:write scope in ${where} → Basic Information → App-Level Tokens.`);
  }
  if (!appToken && !signingSecret) {
    problems.push(
      `Set SLACK_APP_TOKEN (xapp-…, Socket Mode: nothing to expose to the internet) or SLACK_SIGNING_SECRET (HTTP mode: Slack posts to https://<your host>/slack/events). Both come from ${where} → Basic Information.`,
    );
  }
  if (!appToken && signingSecret && !SigningSecret.safeParse(signingSecret).success) {
    problems.push(`SLACK_SIGNING_SECRET does not look like a signing secret (letters and digits, usually 32 of them). Copy it from ${where} → Basic Information → App Credentials.`);
  }

  const portText = get("PORT") ?? "3000";
  const port = Port.safeParse(portText);
  if (!port.success) problems.push(`PORT must be a whole number from 1 to 65535 (got "${portText}"); it defaults to 3000.`);

  const apiUrl = get("SLACK_API_URL");
  if (apiUrl && !ApiUrl.safeParse(apiUrl).success) {
    problems.push(`SLACK_API_URL must be an http(s) URL such as https://slack.com/api/ (got "${apiUrl}"); unset it to use Slack's own.`);
  }

  const announce = get("FIREBREAK_ANNOUNCE_CHANNEL");
  const announceChannel = announce === undefined ? undefined : announceTarget(announce);
  if (announce !== undefined && !announceChannel) {
    problems.push(
      `FIREBREAK_ANNOUNCE_CHANNEL must be a channel id (C0123ABCD) or a channel name such as #incidents (got "${announce}"). Invite Firebreak to that channel so it can post there.`,
    );
  }

  if (problems.length) throw new ConfigError(problems);
  return {
    mode: appToken ? "socket" : "http",
    botToken: botToken!,
    appToken,
    signingSecret: appToken ? undefined : signingSecret,
    port: port.data!,
    apiUrl: apiUrl ? (apiUrl.endsWith("/") ? apiUrl : `${apiUrl}/`) : undefined,
    announceChannel,
  };
}

/** A channel id as it is, a name as `#name` (Slack posts to either); anything else is refused. */
function announceTarget(value: string): string | undefined {
  if (/^[CG][A-Z0-9]{6,}$/.test(value)) return value;
  const name = value.replace(/^#/, "");
  return /^[a-z0-9][a-z0-9._-]{0,79}$/.test(name) ? `#${name}` : undefined;
}
