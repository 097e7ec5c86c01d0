import { describe, expect, it } from "vitest";
import { checklistBlocks } from "../../adapters/slack/render/checklist.js";
import { parseChecklistBlockId } from "../../adapters/slack/render/ids.js";
import { declareModal } from "../../adapters/slack/render/modals.js";
import { renderMessage } from "../../adapters/slack/render/message.js";
import { clipMrkdwn, clipPlain, escapeMrkdwn, inlineToMrkdwn, splitMrkdwn } from "../../adapters/slack/render/text.js";
import type { ChecklistItem, Message } from "../../src/chat/message.js";
import { checkBlocks } from "./fake-slack.js";

const INCIDENT = "0b6f6f2e-3d1c-4a53-9c4e-6a8f0e6b2d11";
const items = (n: number): ChecklistItem[] =>
  Array.from({ length: n }, (_, i) => ({ key: `s.step-${i + 1}`, number: i + 1, label: `Step ${i + 1}`, checked: i % 3 === 0, by: i % 3 === 0 ? "alice" : undefined, at: i % 3 === 0 ? new Date("2026-11-25T14:05:00Z") : undefined }));

describe("checklists as checkboxes", () => {
  it("splits a long section into elements of at most 10 options, with unique routable block ids", () => {
    const blocks = checklistBlocks({ section: "triage", title: "Triage", items: items(23), incidentId: INCIDENT }, { next: 0 }) as any[];
    expect(blocks.map((b) => b.elements[0].options.length)).toEqual([10, 10, 3]);
    expect(new Set(blocks.map((b) => b.block_id)).size).toBe(3);
    expect(blocks.map((b) => parseChecklistBlockId(b.block_id))).toEqual([0, 1, 2].map((index) => ({ incidentId: INCIDENT, section: "triage", index })));
    const first = blocks[0].elements[0];
    expect(first.initial_options.map((o: any) => o.value)).toEqual(["s.step-1", "s.step-4", "s.step-7", "s.step-10"]);
    expect(first.initial_options[0]).toEqual(first.options[0]);
    expect(first.options[0].description.text).toBe("✓ @alice <!date^1795615500^{time}|14:05 UTC>");
    expect(checkBlocks(blocks, 50)).toBeUndefined();
  });

  it("changes the block id when the state changes, so every client redraws the boxes", () => {
    const before = checklistBlocks({ section: "triage", title: "T", items: items(3), incidentId: INCIDENT }, { next: 0 }) as any[];
    const changed = items(3);
    changed[1] = { ...changed[1]!, checked: true, by: "bob", at: new Date() };
    const after = checklistBlocks({ section: "triage", title: "T", items: changed, incidentId: INCIDENT }, { next: 0 }) as any[];
    expect(after[0].block_id).not.toBe(before[0].block_id);
    expect(parseChecklistBlockId(after[0].block_id)).toEqual(parseChecklistBlockId(before[0].block_id));
  });

  it("keeps long labels and hints within Slack's 75-character option limits", () => {
    const long: ChecklistItem = { key: "x.long", number: 42, label: "A".repeat(200), hint: ["h & <b> ".repeat(40)], checked: false };
    const [block] = checklistBlocks({ section: "x", title: "X", items: [long], incidentId: INCIDENT }, { next: 0 }) as any[];
    const option = block.elements[0].options[0];
    expect(option.text.text.length).toBeLessThanOrEqual(75);
    expect(option.description.text.length).toBeLessThanOrEqual(75);
    expect(option.description.text).not.toMatch(/&[a-z]*…$/);
  });

  it("renders a checklist without an incident (or in a private reply) as read-only lines", () => {
    const message: Message = { text: "t", blocks: [{ type: "checklist", section: "prep", title: "Preparation", items: items(2), incidentId: INCIDENT }] };
    const reply = renderMessage(message, { interactive: false });
    expect(reply.blocks).toEqual([{ type: "section", text: { type: "mrkdwn", text: "*Preparation*\n✅ 1. Step 1  _✓ @alice <!date^1795615500^{time}|14:05 UTC>_\n⬜ 2. Step 2" } }]);
  });
});

describe("Block Kit limits", () => {
  it("caps a message at 50 blocks and says what was left out", () => {
    const message: Message = { text: "many", blocks: Array.from({ length: 70 }, (_, i) => ({ type: "text" as const, text: [`line ${i}`] })) };
    const { blocks } = renderMessage(message, { interactive: true });
    expect(blocks).toHaveLength(50);
    expect(JSON.stringify(blocks.at(-1))).toContain("21 more block(s) not shown");
  });

  it("splits text over 3,000 characters at line breaks instead of failing", () => {
    const lines = Array.from({ length: 200 }, (_, i) => `2026-11-25 14:${String(i % 60).padStart(2, "0")} UTC  alice: checked step ${i}`);
    const { blocks } = renderMessage({ text: "timeline", blocks: [{ type: "text", text: [lines.join("\n")] }] }, { interactive: true });
    expect(blocks.length).toBeGreaterThan(1);
    for (const b of blocks as any[]) expect(b.text.text.length).toBeLessThanOrEqual(3000);
    expect((blocks as any[]).map((b) => b.text.text).join("\n")).toBe(lines.join("\n"));
  });

  it("clips headers, buttons and fallback text", () => {
    const { text, blocks } = renderMessage(
      { text: "x".repeat(5000), blocks: [{ type: "header", text: "H".repeat(400) }, { type: "actions", buttons: [{ action: "roles.open", label: "L".repeat(100), value: "v" }] }] },
      { interactive: true },
    );
    expect(text.length).toBeLessThanOrEqual(3000);
    expect(checkBlocks(blocks as any[], 50)).toBeUndefined();
    expect((blocks[0] as any).text.text.length).toBe(150);
    expect((blocks[1] as any).elements[0].text.text.length).toBeLessThanOrEqual(75);
  });

  it("splits more than 10 fields into several sections", () => {
    const fields = Array.from({ length: 13 }, (_, i) => ({ label: `F${i}`, value: [`v${i}`] }));
    const { blocks } = renderMessage({ text: "f", blocks: [{ type: "fields", fields }] }, { interactive: true });
    expect((blocks as any[]).map((b) => b.fields.length)).toEqual([10, 3]);
  });

  it("builds a declare modal within the modal limits", () => {
    const view = declareModal("UALICE", { channelId: "C1" });
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect((view.title as any).text.length).toBeLessThanOrEqual(24);
    for (const b of view.blocks as any[]) for (const o of b.element?.options ?? []) {
      expect(o.text.text.length).toBeLessThanOrEqual(75);
      expect((o.description?.text ?? "").length).toBeLessThanOrEqual(75);
    }
  });
});

describe("mrkdwn", () => {
  it("escapes the three control characters and renders people, emphasis and links", () => {
    expect(escapeMrkdwn("a < b & c > d")).toBe("a &lt; b &amp; c &gt; d");
    expect(
      inlineToMrkdwn(["x ", { person: { platform: "slack", id: "U1", name: "al" } }, " ", { person: { platform: "teams", id: "t", name: "tea" } }, " ", { strong: "S&P" }, " ", { link: { url: "https://e.test/a|b", text: "a|b" } }]),
    ).toBe("x <@U1> @tea *S&amp;P* <https://e.test/a%7Cb|a¦b>");
  });

  it("never cuts through a mention, an entity or a surrogate pair", () => {
    expect(clipMrkdwn(`${"a".repeat(10)} <@U12345678>`, 16)).toBe(`${"a".repeat(10)}…`);
    expect(clipMrkdwn(`${"a".repeat(10)} &amp; more`, 14)).toBe(`${"a".repeat(10)}…`);
    expect(clipPlain(`${"a".repeat(9)}😀😀`, 11)).toBe(`${"a".repeat(9)}…`);
    expect(clipMrkdwn("*bold text that goes on*", 10)).toBe("bold tex…");
  });

  it("splits without losing lines", () => {
    expect(splitMrkdwn("aa\nbb\ncc", 5)).toEqual(["aa\nbb", "cc"]);
  });
});
