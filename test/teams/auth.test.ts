import express from "express";
import type { AddressInfo } from "node:net";
import nock from "nock";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createTeams, mountTeams } from "../../adapters/teams/index.js";
import { ConfigError, loadConfig } from "../../src/config.js";
import { incidentLog, incidents } from "../../src/store/schema.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { testRuntime } from "../support/runtime.js";
import { mentionMessage } from "./support/activities.js";
import { BotFrameworkKeys, interceptBotToken } from "./support/bot-framework-keys.js";
import { FakeTeams } from "./support/fake-teams.js";
import { INCIDENTS_CHANNEL, TENANT } from "./support/harness.js";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  // Nothing may leave the machine: token checks must fail closed without calling Microsoft.
  nock.disableNetConnect();
  nock.enableNetConnect("127.0.0.1");
  keys.intercept();
  // botbuilder prints every refused token with console.error; the assertions below say enough.
  vi.spyOn(console, "error").mockImplementation(() => {});
});
afterAll(async () => {
  vi.restoreAllMocks();
  nock.cleanAll();
  nock.enableNetConnect();
  await db.close();
});
afterEach(() => db.reset());

const authenticated = {
  MicrosoftAppId: "00000000-0000-0000-0000-00000000b07a",
  MicrosoftAppPassword: "not-a-real-secret",
  MicrosoftAppTenantId: TENANT,
  MicrosoftAppType: "SingleTenant",
  TEAMS_INCIDENTS_CHANNEL_ID: INCIDENTS_CHANNEL,
};

const keys = new BotFrameworkKeys();

/** The real CloudAdapter with JWT checks on (an app id is configured), on an ephemeral port. */
async function serve(env: Record<string, string>) {
  const config = loadConfig(env, "/tmp").teams!;
  const teams = createTeams(config, pino({ level: "silent" }), { retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 } });
  const rt = testRuntime(db.db, { teams: teams.port });
  const app = express();
  const mounted = mountTeams(app, { rt, teams });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  return { server, mounted, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages` };
}
const SERVICE_URL = "https://smba.trafficmanager.net/teams/";

describe("Teams: authentication", () => {
  it.each([
    ["no Authorization header", undefined],
    ["a garbage bearer token", () => "Bearer abc.def"],
    ["a token signed by someone else", () => `Bearer ${keys.token({ appId: authenticated.MicrosoftAppId, serviceUrl: SERVICE_URL }, "stranger")}`],
    ["a token for another bot", () => `Bearer ${keys.token({ appId: "another-bot", serviceUrl: SERVICE_URL })}`],
  ])("refuses a request with %s when an app id is configured, and changes nothing", async (_what, authorization) => {
    const { server, mounted, url } = await serve(authenticated);
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...(authorization ? { authorization: authorization() } : {}) },
        body: JSON.stringify(mentionMessage(SERVICE_URL, "declare P1 Should never exist")),
      });
      await mounted.idle();
      expect(res.status).toBe(401);
      expect(await db.db.select().from(incidents)).toHaveLength(0);
      expect(await db.db.select().from(incidentLog).orderBy(incidentLog.seq)).toHaveLength(0);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe("Teams: an authenticated request", () => {
  it("is accepted with a valid Bot Connector token, and the bot answers with its own token", async () => {
    const fake = await new FakeTeams().start();
    const botToken = interceptBotToken(TENANT);
    const serviceUrl = `${fake.url}/`;
    const { server, mounted, url } = await serve({ ...authenticated, TEAMS_SERVICE_URL: serviceUrl });
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${keys.token({ appId: authenticated.MicrosoftAppId, serviceUrl })}` },
        body: JSON.stringify(mentionMessage(serviceUrl, "declare P2 Authenticated incident")),
      });
      await mounted.idle();
      expect(res.status).toBe(200);
      const [incident] = await db.db.select().from(incidents);
      expect(incident?.title).toBe("Authenticated incident");
      const outgoing = fake.requests.filter((r) => r.path.startsWith("/v3/"));
      expect(outgoing.length).toBeGreaterThan(2);
      expect(outgoing.every((r) => r.authorization === `Bearer ${botToken}`)).toBe(true);
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await mounted.idle();
      await fake.stop();
    }
  });
});

describe("Teams: configuration", () => {
  it("refuses to start without an app id unless unauthenticated mode is chosen explicitly", () => {
    expect(() => loadConfig({ TEAMS_ENABLED: "true" }, "/tmp")).toThrow(ConfigError);
    expect(() => loadConfig({ TEAMS_ENABLED: "true", TEAMS_INCIDENTS_CHANNEL_ID: INCIDENTS_CHANNEL }, "/tmp")).toThrow(/MicrosoftAppId is not set.*TEAMS_ALLOW_UNAUTHENTICATED=true/);
    const config = loadConfig({ TEAMS_ALLOW_UNAUTHENTICATED: "true", TEAMS_INCIDENTS_CHANNEL_ID: INCIDENTS_CHANNEL }, "/tmp").teams!;
    expect(config).toMatchObject({ allowUnauthenticated: true, appId: undefined });
  });

  it("names each missing setting with how to fix it", () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env, "/tmp");
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    };
    expect(problems({ MicrosoftAppId: "x", MicrosoftAppType: "SingleTenant" }).join("\n")).toMatch(/MicrosoftAppPassword is missing[\s\S]*MicrosoftAppTenantId is missing/);
    expect(problems({ ...authenticated, TEAMS_CREATE_CHANNELS: "true" }).join("\n")).toMatch(/TEAMS_TEAM_ID/);
    expect(problems({ ...authenticated, TEAMS_ALLOW_UNAUTHENTICATED: "true" }).join("\n")).toMatch(/cannot be combined/);
    expect(problems({ ...authenticated, MicrosoftAppType: "Personal" }).join("\n")).toMatch(/MicrosoftAppType must be one of/);
    expect(loadConfig({}, "/tmp").teams).toBeUndefined();
    expect(problems({ TEAMS_INCIDENTS_CHANNEL_ID: INCIDENTS_CHANNEL }).join("\n")).toMatch(/MicrosoftAppId is not set/);
  });
});
