import { z } from "zod";

/**
 * Microsoft Teams settings. The Bot Framework names (`MicrosoftAppId`, …) are the ones Azure's
 * bot registration and botbuilder's samples use, so people can paste them unchanged.
 */
export interface TeamsConfig {
  /** Empty only when `TEAMS_ALLOW_UNAUTHENTICATED=true` (local runs against a fake connector). */
  appId?: string;
  appPassword?: string;
  tenantId?: string;
  appType: "SingleTenant" | "MultiTenant" | "UserAssignedMSI";
  allowUnauthenticated: boolean;
  /** Where incident threads start when channels cannot be created: the channel's conversation id. */
  incidentsChannelId?: string;
  /** The Bot Connector endpoint for proactive posts before any message arrived (the region's smba URL). */
  serviceUrl: string;
  /** The team (its AAD group id) that incident channels are created in. */
  teamId?: string;
  /** Create a channel per incident through Graph (needs the RSC permission Channel.Create.Group). */
  createChannels: boolean;
  graphUrl: string;
  /** The Entra ID authority used for Graph tokens (login.microsoftonline.com). */
  authorityUrl: string;
  /** Where `POST /api/messages` listens when Teams runs on its own server. */
  httpPort: number;
  /**
   * What is still to set before incidents can get a space (no incidents channel and no channel
   * creation). Teams starts anyway, so the bot can be added to a team and show the ids to use.
   */
  setupNeeded?: string;
}

type Get = (name: string) => string | undefined;

const APP_TYPES = ["SingleTenant", "MultiTenant", "UserAssignedMSI"] as const;
const TEAMS_VARIABLES = ["MicrosoftAppPassword", "MicrosoftAppTenantId", "TEAMS_INCIDENTS_CHANNEL_ID", "TEAMS_TEAM_ID", "TEAMS_CREATE_CHANNELS"];
/** Every variable that switches Teams on. */
export const TEAMS_SWITCHES = ["MicrosoftAppId", "TEAMS_ALLOW_UNAUTHENTICATED", "TEAMS_ENABLED", ...TEAMS_VARIABLES] as const;

/** Returns undefined when Teams is not configured at all (no variable set). */
export function parseTeamsConfig(get: Get, problems: string[]): TeamsConfig | undefined {
  const appId = get("MicrosoftAppId");
  const allowUnauthenticated = flag(get, "TEAMS_ALLOW_UNAUTHENTICATED", problems);
  // Any Teams setting means Teams is wanted: then a missing app id is an error, not a silent skip.
  const enabled = flag(get, "TEAMS_ENABLED", problems) || TEAMS_VARIABLES.some((name) => get(name) !== undefined);
  if (!appId && !allowUnauthenticated && !enabled) return undefined;

  const appPassword = get("MicrosoftAppPassword");
  const tenantId = get("MicrosoftAppTenantId");
  const appType = get("MicrosoftAppType") ?? "SingleTenant";
  if (!(APP_TYPES as readonly string[]).includes(appType)) {
    problems.push(`MicrosoftAppType must be one of ${APP_TYPES.join(", ")} (got "${appType}"). New bots are SingleTenant.`);
  }
  if (!appId && !allowUnauthenticated) {
    problems.push(
      "MicrosoftAppId is not set, so Teams requests could not be authenticated. Set MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId from your Azure Bot registration — or, only for local testing against a fake connector, set TEAMS_ALLOW_UNAUTHENTICATED=true.",
    );
  }
  if (appId && allowUnauthenticated) {
    problems.push("TEAMS_ALLOW_UNAUTHENTICATED=true cannot be combined with MicrosoftAppId: remove one of them (an app id means requests are authenticated).");
  }
  if (appId && appType !== "UserAssignedMSI" && !appPassword) {
    problems.push("MicrosoftAppPassword is missing: create a client secret for the bot's app registration (Certificates & secrets) and set it here.");
  }
  if (appId && appType === "SingleTenant" && !tenantId) {
    problems.push("MicrosoftAppTenantId is missing: a SingleTenant bot needs its Directory (tenant) id from the app registration's overview page.");
  }

  const createChannels = flag(get, "TEAMS_CREATE_CHANNELS", problems);
  const teamId = get("TEAMS_TEAM_ID");
  const incidentsChannelId = get("TEAMS_INCIDENTS_CHANNEL_ID");
  if (createChannels && !teamId) {
    problems.push("TEAMS_CREATE_CHANNELS=true needs TEAMS_TEAM_ID: the team's group id (Teams → team → Get link to team → groupId=…).");
  }
  if (createChannels && !appId) {
    problems.push("TEAMS_CREATE_CHANNELS=true needs MicrosoftAppId/MicrosoftAppPassword: Graph calls need the bot's credentials.");
  }
  const setupNeeded =
    !createChannels && !incidentsChannelId
      ? "TEAMS_INCIDENTS_CHANNEL_ID is not set, so incidents cannot get a thread yet: add Firebreak to a team, and the welcome card it posts shows the id of that channel (19:…@thread.tacv2; the channel's link has it too). Set it — or TEAMS_CREATE_CHANNELS=true with TEAMS_TEAM_ID for a channel per incident — and restart."
      : undefined;

  const serviceUrl = url(get, "TEAMS_SERVICE_URL", "https://smba.trafficmanager.net/teams/", problems);
  const graphUrl = url(get, "TEAMS_GRAPH_URL", "https://graph.microsoft.com/v1.0", problems);
  const authorityUrl = url(get, "TEAMS_AUTHORITY_URL", "https://login.microsoftonline.com", problems);
  const httpPort = Number(get("PORT") ?? "3978");
  if (!Number.isInteger(httpPort) || httpPort < 1 || httpPort > 65535) problems.push(`PORT must be a TCP port number (got "${get("PORT")}"); the Bot Framework default is 3978.`);
  return {
    httpPort,
    appId,
    appPassword,
    tenantId,
    appType: appType as TeamsConfig["appType"],
    allowUnauthenticated,
    incidentsChannelId,
    serviceUrl,
    teamId,
    createChannels,
    graphUrl: graphUrl.replace(/\/+$/, ""),
    authorityUrl: authorityUrl.replace(/\/+$/, ""),
    setupNeeded,
  };
}

function flag(get: Get, name: string, problems: string[]): boolean {
  const value = get(name)?.toLowerCase();
  if (value === undefined || value === "false" || value === "0") return false;
  if (value === "true" || value === "1") return true;
  problems.push(`${name} must be true or false (got "${get(name)}").`);
  return false;
}

function url(get: Get, name: string, fallback: string, problems: string[]): string {
  const value = get(name) ?? fallback;
  if (!z.url({ protocol: /^https?$/ }).safeParse(value).success) {
    problems.push(`${name} must be an http(s) URL (got "${value}").`);
  }
  return value;
}
