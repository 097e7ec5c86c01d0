import type { Server } from "node:http";
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from "botbuilder";
import express from "express";
import type { Logger } from "pino";
import { type Runtime, type TeamsConfig, WorkQueue } from "../../src/core.js";
import { FirebreakTeamsBot } from "./bot.js";
import { GraphChannels } from "./graph-channels.js";
import { forward, holdResponse } from "./http-response.js";
import { TeamsChat } from "./teams-chat.js";
import { DEFAULT_RETRY, type RetryPolicy } from "./throttle.js";

export { TeamsChat } from "./teams-chat.js";
export { GraphChannels } from "./graph-channels.js";

export interface TeamsParts {
  config: TeamsConfig;
  adapter: CloudAdapter;
  port: TeamsChat;
}

/**
 * Builds the Bot Framework adapter and the Teams ChatPort. Put `port` into the runtime's
 * `ports.teams` before mounting, so the scheduler and other platforms can reach Teams too.
 */
export function createTeams(config: TeamsConfig, logger: Logger, options: { retry?: RetryPolicy; graph?: GraphChannels } = {}): TeamsParts {
  const retry = options.retry ?? DEFAULT_RETRY;
  if (!config.appId) {
    logger.warn(
      "TEAMS_ALLOW_UNAUTHENTICATED=true: Teams requests are NOT authenticated. Anyone who can reach /api/messages can act as any user. Use this only against a local fake connector; set MicrosoftAppId/MicrosoftAppPassword/MicrosoftAppTenantId for real Teams.",
    );
  }
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.appId ?? "",
    MicrosoftAppPassword: config.appPassword ?? "",
    MicrosoftAppTenantId: config.tenantId ?? "",
    // botbuilder insists on an app id for SingleTenant; with no app id nothing is authenticated anyway.
    MicrosoftAppType: config.appId ? config.appType : "MultiTenant",
  });
  if (config.setupNeeded) logger.warn(config.setupNeeded);
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    logger.error({ err: error, activityType: context.activity.type }, "Teams turn failed");
    if (context.activity.type === "message") await context.sendActivity("Firebreak hit an error handling that; it is logged. Try again, or send @Firebreak help.").catch(() => {});
  };
  const graph =
    options.graph ??
    // Graph makes incident channels (TEAMS_CREATE_CHANNELS) and private incidents' group chats.
    (config.appId && config.appPassword && config.tenantId
      ? new GraphChannels({ graphUrl: config.graphUrl, authorityUrl: config.authorityUrl, tenantId: config.tenantId, appId: config.appId, appPassword: config.appPassword, retry })
      : undefined);
  const port = new TeamsChat({ adapter, config, graph, retry });
  return { config, adapter, port };
}

export interface MountedTeams {
  bot: FirebreakTeamsBot;
  /** Resolves when every acknowledged command has finished (shutdown, tests). */
  idle(): Promise<void>;
}

/** Adds `POST /api/messages` (the Bot Framework messaging endpoint) to an express app. */
export function mountTeams(app: express.Express, deps: { rt: Runtime; teams: TeamsParts }): MountedTeams {
  const background = new WorkQueue(deps.rt.logger, deps.rt.config.work);
  const bot = new FirebreakTeamsBot({ rt: deps.rt, port: deps.teams.port, config: deps.teams.config, background });
  app.post("/api/messages", express.json({ limit: "1mb" }), async (req, res) => {
    const held = holdResponse();
    await deps.teams.adapter.process(req, held as never, (context) => bot.run(context));
    forward(held, res);
  });
  return { bot, idle: () => background.idle() };
}

/** Serves Teams alone on its own HTTP server (when no other platform shares the app). */
export async function startTeams(rt: Runtime, teams: TeamsParts, listen: { port: number; host?: string }): Promise<{ server: Server; mounted: MountedTeams; close(): Promise<void> }> {
  const app = express();
  const mounted = mountTeams(app, { rt, teams });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(listen.port, listen.host ?? "0.0.0.0", () => resolve(s));
  });
  return {
    server,
    mounted,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await mounted.idle();
    },
  };
}
