import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import pino, { type Logger } from "pino";
import { createTeams, GraphChannels, type MountedTeams, mountTeams, type TeamsParts } from "../../../adapters/teams/index.js";
import { loadConfig } from "../../../src/config.js";
import { afterAll, afterEach, beforeAll } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../support/database.js";
import { type TestRuntime, testRuntime } from "../../support/runtime.js";
import { FakeTeams } from "./fake-teams.js";

export const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
export const TEAM_ID = "fbe2bf47-16c8-47cf-b4a5-4b9b187ef508";
export const INCIDENTS_CHANNEL = "19:incidents0000000000000000000000@thread.tacv2";
export const GENERAL_CHANNEL = "19:general00000000000000000000000@thread.tacv2";
export const BOT_ID = "28:firebreak-bot";
export const ALICE = { id: "29:1alice", aadObjectId: "aad-alice", name: "Alice Smith" };
export const BOB = { id: "29:1bob", aadObjectId: "aad-bob", name: "Bob Jones" };

export interface TeamsHarness {
  fake: FakeTeams;
  rt: TestRuntime;
  teams: TeamsParts;
  mounted: MountedTeams;
  /** POSTs an activity to /api/messages as Teams would; returns status and parsed body. */
  /** POSTs an activity; then (unless `drain: false`) delivers what it queued in the outbox. */
  send(activity: object, headers?: Record<string, string>, options?: { drain?: boolean }): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

/** Env for a local run against the fake: unauthenticated opt-in, threads in the incidents channel. */
export function teamsEnv(fake: FakeTeams, extra: Record<string, string> = {}): Record<string, string> {
  const base: Record<string, string> = {
    TEAMS_SERVICE_URL: `${fake.url}/`,
    TEAMS_GRAPH_URL: `${fake.url}/graph`,
    TEAMS_AUTHORITY_URL: `${fake.url}/login`,
    TEAMS_INCIDENTS_CHANNEL_ID: INCIDENTS_CHANNEL,
  };
  return { ...base, TEAMS_ALLOW_UNAUTHENTICATED: "true", MicrosoftAppTenantId: TENANT, ...extra };
}

/**
 * The real CloudAdapter behind a real express app on 127.0.0.1, talking to a fake connector.
 * Graph mode needs app credentials for its token, so those runs inject them into the parts
 * (requests stay unauthenticated, which the opt-in allows).
 */
export async function startHarness(db: TestDatabase, mode: "thread" | "channel" = "thread", extraEnv: Record<string, string> = {}, options: { logger?: Logger } = {}): Promise<TeamsHarness> {
  const fake = await new FakeTeams().start();
  for (const person of [ALICE, BOB]) fake.members.set(person.id, person);
  const env = teamsEnv(fake, extraEnv);
  const retry = { attempts: 4, baseDelayMs: 1, maxDelayMs: 5 };
  const loaded = loadConfig(env, "/tmp").teams!;
  // Channel mode: Graph gets app credentials of its own while inbound requests stay on the
  // unauthenticated opt-in (a real app id would switch on JWT checks; auth.test.ts covers those).
  const config = mode === "channel" ? { ...loaded, createChannels: true, teamId: TEAM_ID, tenantId: TENANT } : loaded;
  const graph =
    mode === "channel"
      ? new GraphChannels({ graphUrl: `${fake.url}/graph`, authorityUrl: `${fake.url}/login`, tenantId: TENANT, appId: "graph-app", appPassword: "graph-secret", retry })
      : undefined;
  const teams = createTeams(config, options.logger ?? pino({ level: "silent" }), { retry, graph });
  const rt = testRuntime(db.db, { teams: teams.port }, env as Record<string, string>);
  if (options.logger) rt.logger = options.logger;
  const app = express();
  const served = mountTeams(app, { rt, teams });
  // "Idle" means the background work is done and what it queued in the outbox is delivered.
  const mounted: MountedTeams = {
    ...served,
    async idle() {
      await served.idle();
      await rt.deliverer.drain();
      await served.idle();
    },
  };
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`;
  const harness: TeamsHarness = {
    fake,
    rt,
    teams,
    mounted,
    async send(activity, headers = {}, options = {}) {
      const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(activity) });
      const text = await res.text();
      let body: any = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // Plain-text bodies (errors) stay text.
      }
      // What the request committed is delivered from the outbox a moment later; tests look after that.
      if (options.drain !== false) await rt.deliverer.drain();
      return { status: res.status, body };
    },
    async close() {
      open.delete(harness);
      await mounted.idle();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await fake.stop();
    },
  };
  open.add(harness);
  return harness;
}

/** Harnesses started and not yet closed: `useTeamsSuite` closes them after each test. */
const open = new Set<TeamsHarness>();

/**
 * The usual hooks for a Teams suite: one database per file; after each test, every harness the
 * test started is closed and the database emptied.
 */
export function useTeamsSuite(): { db: TestDatabase } {
  const suite = {} as { db: TestDatabase };
  beforeAll(async () => {
    suite.db = await createTestDatabase();
  });
  afterAll(async () => suite.db?.close());
  afterEach(async () => {
    for (const h of [...open]) await h.close();
    await suite.db.reset();
  });
  return suite;
}

