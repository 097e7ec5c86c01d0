import pino from "pino";
import { WebClient } from "@slack/web-api";
import { describe, expect, it } from "vitest";
import { SlackChat } from "../../adapters/slack/slack-chat.js";
import { chatPortContract } from "../support/chat-port-contract.js";
import { startFakeSlack } from "./fake-slack.js";

async function harness() {
  const fake = await startFakeSlack();
  const client = new WebClient("xoxb-test-token", { slackApiUrl: fake.apiUrl, retryConfig: { retries: 2, factor: 1, minTimeout: 1, maxTimeout: 5 } });
  const port = new SlackChat(client, pino({ level: "silent" }));
  return { fake, port };
}

chatPortContract("slack", async () => {
  const { fake, port } = await harness();
  return {
    port,
    knownPerson: { id: "UALICE", handle: "alice" },
    rendered: async (ref) => JSON.stringify(fake.message(ref.spaceId, ref.messageId)),
    reserveName: async (name) => fake.reserveName(name),
    close: () => fake.close(),
  };
});

describe("SlackChat failures", () => {
  it("says which scope is missing, in words a person can act on", async () => {
    const { fake, port } = await harness();
    try {
      fake.fail("conversations.create", "missing_scope", 1, { needed: "channels:manage" });
      await expect(port.createSpace({ name: "inc-x", topic: "t", private: false })).rejects.toThrow(
        "Slack refused conversations.create: missing_scope (needs channels:manage; add it under OAuth & Permissions and reinstall the app)",
      );
      fake.fail("chat.postMessage", "is_archived");
      const space = await port.createSpace({ name: "inc-y", topic: "t", private: false });
      await expect(port.post(space, { text: "x", blocks: [] })).rejects.toThrow("Slack refused chat.postMessage: is_archived (the channel is archived; unarchive it in Slack, then retry)");
    } finally {
      await fake.close();
    }
  });

  it("takes back a message it could not pin, so a retry leaves one pinned copy", async () => {
    const { fake, port } = await harness();
    try {
      const space = await port.createSpace({ name: "inc-pin", topic: "t", private: false });
      fake.fail("pins.add", "missing_scope", 1, { needed: "pins:write" });
      await expect(port.post(space, { text: "summary", blocks: [] }, { pin: true })).rejects.toThrow("Slack refused pins.add: missing_scope (needs pins:write");
      expect([...fake.messages.values()]).toHaveLength(0);
      await port.post(space, { text: "summary", blocks: [] }, { pin: true });
      expect([...fake.messages.values()].map((m) => [m.text, m.pinned])).toEqual([["summary", true]]);
    } finally {
      await fake.close();
    }
  });

  it("retries a 429 and succeeds once", async () => {
    const { fake, port } = await harness();
    try {
      const space = await port.createSpace({ name: "inc-rate", topic: "t", private: false });
      fake.rateLimit("chat.postMessage", 2);
      const ref = await port.post(space, { text: "hello", blocks: [{ type: "text", text: ["hello"] }] });
      expect(fake.calls.filter((c) => c.method === "chat.postMessage").map((c) => c.status)).toEqual([429, 429, 200]);
      expect([...fake.messages.values()].filter((m) => m.text === "hello")).toHaveLength(1);
      expect(ref.messageId).toBeTruthy();
    } finally {
      await fake.close();
    }
  });

  it("treats an invite of people already there as done", async () => {
    const { fake, port } = await harness();
    try {
      const space = await port.createSpace({ name: "inc-invite", topic: "t", private: false });
      const alice = { platform: "slack" as const, id: "UALICE", name: "alice" };
      await port.invite(space, [alice]);
      await port.invite(space, [alice]);
      expect(fake.callsTo("conversations.invite")).toHaveLength(2);
    } finally {
      await fake.close();
    }
  });

  it("falls back to a direct message when the ephemeral reply cannot be delivered", async () => {
    const { fake, port } = await harness();
    try {
      const outside = fake.addChannel("random", { botIsMember: false });
      await port.replyPrivately({ space: { platform: "slack", id: outside.id, name: "random" }, person: { platform: "slack", id: "UBOB", name: "bob" } }, { text: "psst", blocks: [] });
      expect(fake.callsTo("chat.postMessage").at(-1)!.args).toMatchObject({ channel: "UBOB", text: "psst" });
    } finally {
      await fake.close();
    }
  });

  it("resolves people by id, by handle across pages, and not at all", async () => {
    const { fake, port } = await harness();
    try {
      expect(await port.resolvePerson({ id: "UBOB" })).toEqual({ platform: "slack", id: "UBOB", name: "bob" });
      expect(await port.resolvePerson({ handle: "carol" })).toEqual({ platform: "slack", id: "UCAROL", name: "carol" });
      expect(await port.resolvePerson({ handle: "carol.c" })).toEqual({ platform: "slack", id: "UCAROL", name: "carol" });
      expect(await port.resolvePerson({ handle: "Carol Cruz" })).toEqual({ platform: "slack", id: "UCAROL", name: "carol" });
      expect(await port.resolvePerson({ handle: "nobody" })).toBeUndefined();
      expect(await port.resolvePerson({ id: "UNOPE" })).toBeUndefined();
    } finally {
      await fake.close();
    }
  });
});
