import pino from "pino";
import { describe, expect, it } from "vitest";
import { createTeams } from "../../adapters/teams/index.js";
import { loadConfig } from "../../src/config.js";
import { incidents } from "../../src/store/schema.js";
import { botInstalled, mentionMessage } from "./support/activities.js";
import { GENERAL_CHANNEL, startHarness, type TeamsHarness, useTeamsSuite, teamsEnv } from "./support/harness.js";

const suite = useTeamsSuite();
let h: TeamsHarness | undefined;

const note = { text: "First-hour check", blocks: [{ type: "text" as const, text: ["Is the model isolated yet?"] }] };

describe("Teams: proactive posts and throttling", () => {
  it("posts to the stored conversation reference, even from a freshly started process", async () => {
    h = await startHarness(suite.db);
    await h.send(mentionMessage(h.fake.url, "declare P1 Model exfiltration via API"));
    await h.mounted.idle();
    const [incident] = await suite.db.db.select().from(incidents);

    // A new process (the scheduler after a restart) knows only what the database stored.
    const restarted = createTeams(loadConfig(teamsEnv(h.fake), "/tmp").teams!, pino({ level: "silent" }));
    const ref = await restarted.port.post(incident!.space!, note);

    const stored = h.fake.activities.get(ref.messageId)!;
    expect(stored.conversationId).toBe(incident!.space!.id);
    expect(JSON.stringify(stored.activity)).toContain("Is the model isolated yet?");
  });

  it("retries a 429 from the connector after Retry-After, posting the message once", async () => {
    h = await startHarness(suite.db);
    await h.send(mentionMessage(h.fake.url, "declare P2 Throttled thread"));
    await h.mounted.idle();
    const [incident] = await suite.db.db.select().from(incidents);
    const before = h.fake.messagesIn(incident!.space!.id).length;
    h.fake.failNext("POST", /\/activities(\/[^/]+)?$/, 429, 2, { "Retry-After": "0" });

    await h.rt.ports.teams!.post(incident!.space!, note);

    const posted = h.fake.messagesIn(incident!.space!.id);
    expect(posted).toHaveLength(before + 1);
    expect(h.fake.calls("POST", /\/activities(\/[^/]+)?$/).filter((c) => c.path.includes(incident!.space!.id))).toHaveLength(before + 3);
  });

  it("retries 412 (thread busy) on updates too", async () => {
    h = await startHarness(suite.db);
    const space = await h.teams.port.createSpace({ name: "inc-20261125-busy", topic: "t", private: false });
    const ref = await h.teams.port.post(space, note);
    h.fake.failNext("PUT", /\/activities\//, 412, 1);
    await h.teams.port.update(ref, { text: "updated", blocks: [{ type: "header", text: "Updated" }] });
    expect(JSON.stringify(h.fake.activities.get(ref.messageId)!.activity)).toContain("Updated");
    expect(h.fake.calls("PUT", /\/activities\//)).toHaveLength(2);
  });

  it("gives up with a clear error when Teams keeps throttling, and posts nothing", async () => {
    h = await startHarness(suite.db);
    const space = await h.teams.port.createSpace({ name: "inc-20261125-gives-up", topic: "t", private: false });
    h.fake.failNext("POST", /\/activities(\/[^/]+)?$/, 412, 10);
    await expect(h.teams.port.post(space, note)).rejects.toThrow(/kept refusing to post a message \(HTTP 412\)/);
    expect(h.fake.messagesIn(space.id)).toHaveLength(0);
  });

  it("welcomes the team when the bot is installed, with the ids the admin needs", async () => {
    h = await startHarness(suite.db);
    const res = await h.send(botInstalled(h.fake.url));
    expect(res.status).toBe(200);
    const [welcome] = h.fake.cardsIn(GENERAL_CHANNEL);
    const text = JSON.stringify(welcome);
    expect(text).toContain("declare.open");
    expect(text).toContain("TEAMS_TEAM_ID=");
  });
});
