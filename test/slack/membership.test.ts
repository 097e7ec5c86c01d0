import { WebClient } from "@slack/web-api";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { SlackChat } from "../../adapters/slack/slack-chat.js";
import { startFakeSlack } from "./fake-slack.js";

/** Who is in an incident channel (it decides who sees a private incident), and who is a bot. */
describe("SlackChat membership and bots", () => {
  it("reads every page of conversations.members, keeps the answer briefly, then asks again", async () => {
    const fake = await startFakeSlack();
    let now = 1_000_000;
    const port = new SlackChat(new WebClient("xoxb-test-token", { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } }), pino({ level: "silent" }), { membersTtlMs: 15_000, now: () => now });
    try {
      const space = await port.createSpace({ name: "inc-20261125-insider", topic: "t", private: true });
      await port.invite(space, [{ platform: "slack", id: "UALICE", name: "alice" }, { platform: "slack", id: "UBOB", name: "bob" }]);
      const carol = { platform: "slack" as const, id: "UCAROL", name: "carol" };
      // Three members (the bot, Alice, Bob), two per page: Bob is on the second page.
      expect(await port.isMember(space, { platform: "slack", id: "UBOB", name: "bob" })).toBe(true);
      expect(await port.isMember(space, carol)).toBe(false);
      expect(fake.callsTo("conversations.members").map((c) => c.args.cursor ?? "")).toEqual(["", "2"]);
      fake.channels.get(space.id)!.members.add("UCAROL");
      expect(await port.isMember(space, carol)).toBe(false);
      now += 15_001;
      expect(await port.isMember(space, carol)).toBe(true);
      expect(fake.callsTo("conversations.members")).toHaveLength(4);
      // Someone on another platform is never "in" a Slack channel.
      expect(await port.isMember(space, { platform: "teams", id: "UCAROL", name: "carol" })).toBe(false);
    } finally {
      await fake.close();
    }
  });

  it("marks bots (is_bot) when resolving a person, so the core can refuse them a role", async () => {
    const fake = await startFakeSlack();
    const port = new SlackChat(new WebClient("xoxb-test-token", { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } }), pino({ level: "silent" }));
    try {
      expect(await port.resolvePerson({ id: "UDEPLOYBOT" })).toEqual({ platform: "slack", id: "UDEPLOYBOT", name: "deploy-bot", isBot: true });
      expect(await port.resolvePerson({ id: "UALICE" })).toEqual({ platform: "slack", id: "UALICE", name: "alice" });
    } finally {
      await fake.close();
    }
  });
});
