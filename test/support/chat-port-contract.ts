import { describe, expect, it } from "vitest";
import type { Message } from "../../src/chat/message.js";
import type { ChatPort, MessageRef, SpaceRef } from "../../src/chat/port.js";
import { SpaceNameTakenError } from "../../src/errors.js";

/**
 * What the core relies on from every ChatPort. Each adapter runs this suite against its real
 * implementation (the platform itself faked at the HTTP boundary).
 */
export interface PortHarness {
  port: ChatPort;
  /** A person the platform knows, as typed in a command. */
  knownPerson: { id?: string; handle?: string };
  /** What the platform received for a message, as text (JSON of blocks/cards, or printed lines). */
  rendered(ref: MessageRef): Promise<string>;
  /** Makes the platform report that `name` exists already (no-op where the port tracks names itself). */
  reserveName?(name: string): Promise<void>;
  /** False where nothing can be clicked (a terminal): buttons are then not shown at all. */
  showsButtons?: boolean;
  close?(): Promise<void>;
}

export const everyBlock: Message = {
  text: "Contract message",
  blocks: [
    { type: "header", text: "Contract header" },
    { type: "text", text: ["Plain ", { strong: "strong" }, " ", { person: { platform: "shell", id: "u1", name: "pat" } }, " ", { link: { url: "https://example.test/x", text: "a link" } }] },
    { type: "fields", fields: [{ label: "Severity", value: ["P1 — Critical"] }, { label: "Phase", value: ["Containment"] }] },
    {
      type: "checklist",
      section: "triage",
      title: "Triage",
      items: [
        { key: "triage.severity", number: 7, label: "Set severity (P1–P4)", checked: true, by: "alice", at: new Date("2026-11-25T14:05:00Z") },
        { key: "triage.scope", number: 8, label: "Scope it: which models, environments, users, data", checked: false },
      ],
    },
    { type: "actions", buttons: [{ action: "roles.open", label: "Roles", value: "x" }] },
    { type: "context", text: ["Context line"] },
    { type: "divider" },
  ],
};

export function chatPortContract(name: string, makeHarness: () => Promise<PortHarness>): void {
  describe(`ChatPort contract: ${name}`, () => {
    async function withHarness(run: (h: PortHarness) => Promise<void>) {
      const h = await makeHarness();
      try {
        await run(h);
      } finally {
        await h.close?.();
      }
    }

    it("creates a space with the requested name on its own platform", () =>
      withHarness(async (h) => {
        const space = await h.port.createSpace({ name: "inc-20261125-contract", topic: "P1 · Triage", private: false });
        expect(space.platform).toBe(h.port.platform);
        expect(space.name).toBe("inc-20261125-contract");
        expect(space.id).not.toBe("");
      }));

    it("reports a taken name with SpaceNameTakenError", () =>
      withHarness(async (h) => {
        await h.reserveName?.("inc-20261125-taken");
        if (!h.reserveName) await h.port.createSpace({ name: "inc-20261125-taken", topic: "t", private: false });
        await expect(h.port.createSpace({ name: "inc-20261125-taken", topic: "t", private: false })).rejects.toBeInstanceOf(SpaceNameTakenError);
      }));

    it("posts, pins and updates messages with distinct ids, rendering every block type", () =>
      withHarness(async (h) => {
        const space: SpaceRef = await h.port.createSpace({ name: "inc-20261125-posts", topic: "t", private: false });
        const a = await h.port.post(space, everyBlock, { pin: true });
        const b = await h.port.post(space, { text: "second", blocks: [{ type: "text", text: ["second"] }] });
        expect(a.spaceId).toBe(space.id);
        expect(a.messageId).not.toBe("");
        expect(a.messageId).not.toBe(b.messageId);
        const shown = await h.rendered(a);
        for (const expected of ["Contract header", "Set severity (P1–P4)", "Scope it: which models", "P1 — Critical", "Context line"]) expect(shown).toContain(expected);
        if (h.showsButtons === false) expect(shown).not.toContain("Roles");
        else expect(shown).toContain("Roles");
        await h.port.update(a, { ...everyBlock, blocks: [{ type: "header", text: "Updated header" }] });
        expect(await h.rendered(a)).toContain("Updated header");
      }));

    it("sets the topic, invites people and replies privately", () =>
      withHarness(async (h) => {
        const space = await h.port.createSpace({ name: "inc-20261125-misc", topic: "t", private: true });
        const person = await h.port.resolvePerson(h.knownPerson);
        expect(person?.platform).toBe(h.port.platform);
        await h.port.setTopic(space, "P2 · Containment · IC @alice");
        await h.port.invite(space, [person!]);
        await h.port.replyPrivately({ space, person: person! }, { text: "just you", blocks: [{ type: "text", text: ["just you"] }] });
      }));
  });
}
