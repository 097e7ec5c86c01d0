import { App, ExpressReceiver } from "@slack/bolt";
import { type RetryOptions, WebClient } from "@slack/web-api";
import type { Express } from "express";
import type { Logger } from "pino";
import { type Runtime, type SlackConfig, WorkQueue } from "../../src/core.js";
import { boltLogger } from "./bolt-logger.js";
import type { SlackDeps } from "./context.js";
import { describeSlackFailure } from "./slack-api-error.js";
import { SLASH_COMMAND } from "./render/text.js";
import { registerFirebreak } from "./slack-app.js";
import { SlackChat } from "./slack-chat.js";

export { SLASH_COMMAND };

/**
 * Retries for a failed Web API call (network errors, 5xx; a 429 waits for Slack's Retry-After
 * first). Short enough that a person still sees the result of their command.
 */
export const DEFAULT_RETRY: RetryOptions = { retries: 4, factor: 2, minTimeout: 500, maxTimeout: 8000, randomize: true };

export interface StartSlackOptions {
  /** The process's HTTP app (adapters/http/server.ts); HTTP mode mounts `/slack/events` on it. */
  httpApp: Express;
  logger: Logger;
  retryConfig?: RetryOptions;
}

export interface SlackService {
  mode: SlackConfig["mode"];
  port: SlackChat;
  app: App;
  /** Work started by Slack requests after their ack: bounded (FIREBREAK_WORK_*), busy past that. */
  work: WorkQueue;
  /** The bot's own user and team, from auth.test. */
  bot: { userId?: string; teamId?: string; team?: string };
  /** Resolves when all work started by Slack requests has finished. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export class SlackStartError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SlackStartError";
  }
}

/**
 * Connects Firebreak to Slack: checks the bot token, registers the Slack port in `rt.ports` (so
 * the core can post to incident channels), and listens — on the HTTP app in HTTP mode, over a
 * WebSocket in Socket Mode. The caller starts the HTTP server.
 */
export async function startSlack(rt: Runtime, config: SlackConfig, options: StartSlackOptions): Promise<SlackService> {
  const logger = options.logger.child({ platform: "slack" });
  const clientOptions = { slackApiUrl: config.apiUrl, retryConfig: options.retryConfig ?? DEFAULT_RETRY, logger: boltLogger(logger) };
  const client = new WebClient(config.botToken, clientOptions);

  let auth: Awaited<ReturnType<WebClient["auth"]["test"]>>;
  try {
    auth = await client.auth.test();
  } catch (error) {
    const failure = describeSlackFailure("auth.test", error);
    throw new SlackStartError(`Slack did not accept SLACK_BOT_TOKEN: ${failure.message}`, { cause: error });
  }

  // Deliveries go through the outbox, which retries with backoff and honours Retry-After itself:
  // this client answers at once (a hidden retry could post a message twice).
  const port = new SlackChat(new WebClient(config.botToken, { ...clientOptions, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true }), logger, { timeZone: rt.config.timeZone, botUserId: auth.user_id, announceChannel: config.announceChannel });
  rt.ports.slack = port;
  const work = new WorkQueue(logger, rt.config.work);
  const common = { token: config.botToken, botId: auth.bot_id, botUserId: auth.user_id, tokenVerificationEnabled: false, clientOptions, logger: boltLogger(logger) };

  let app: App;
  if (config.mode === "http") {
    const receiver = new ExpressReceiver({ signingSecret: config.signingSecret!, app: options.httpApp, logger: boltLogger(logger), processBeforeResponse: false });
    app = new App({ ...common, receiver });
  } else {
    app = new App({ ...common, appToken: config.appToken, socketMode: true });
  }
  const deps: SlackDeps = { rt, port, work, logger, command: SLASH_COMMAND, botUserId: auth.user_id };
  registerFirebreak(app, deps);
  if (config.mode === "socket") {
    try {
      await app.start();
    } catch (error) {
      await app.stop().catch(() => {});
      if (rt.ports.slack === port) delete rt.ports.slack;
      throw new SlackStartError(`Could not open the Socket Mode connection: ${error instanceof Error ? error.message : String(error)}. Check SLACK_APP_TOKEN (an xapp- token with connections:write) and that Socket Mode is on in the app settings.`, { cause: error });
    }
  }

  return {
    mode: config.mode,
    port,
    app,
    work,
    bot: { userId: auth.user_id, teamId: auth.team_id, team: auth.team },
    idle: () => work.idle(),
    stop: async () => {
      if (config.mode === "socket") await app.stop();
      await work.idle();
      if (rt.ports.slack === port) delete rt.ports.slack;
    },
  };
}
