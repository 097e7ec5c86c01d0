import { afterEach, describe, expect, it } from "vitest";
import { renderMessage as renderShell, useTimeZone } from "../adapters/shell/render.js";
import { cardTime, renderCard } from "../adapters/teams/cards/render-message.js";
import { type Message, plain } from "../src/chat/message.js";
import { summaryMessage } from "../src/chat/views/summary.js";
import type { IncidentView } from "../src/incidents/queries.js";

const at = new Date("2026-11-26T14:05:00.073Z");
const message: Message = {
  text: "t",
  blocks: [
    { type: "text", text: ["Declared ", { time: at }, " in ", { space: { platform: "teams", id: "19:abc@thread.tacv2;messageid=1764", name: "inc-20261126-x" } }] },
    { type: "fields", fields: [{ label: "Contained", value: [{ time: at }] }] },
    { type: "checklist", section: "s", title: "S", items: [{ key: "s.1", number: 1, label: "Step", checked: true, by: "bob", at }], incidentId: "i1" },
  ],
};

describe("{ time } and { space } on Teams", () => {
  it("uses the card's DATE()/TIME() in text blocks (RFC 3339, whole seconds) and named-zone text where they do not work", () => {
    const card = JSON.stringify(renderCard(message, { timeZone: "Europe/Berlin" }));
    expect(card).toContain("Declared {{DATE(2026-11-26T14:05:00Z, SHORT)}} {{TIME(2026-11-26T14:05:00Z)}} in [inc-20261126-x](https://teams.microsoft.com/l/message/19%3Aabc%40thread.tacv2/1764)");
    expect(card).toContain('"value":"2026-11-26 15:05 CET"');
    expect(card).toContain("✓ bob · {{TIME(2026-11-26T14:05:00Z)}}");
    expect(card).not.toMatch(/\.073Z|T14:05:00\.0/);
    expect(cardTime(at, "date")).toBe("{{DATE(2026-11-26T14:05:00Z, SHORT)}}");
  });

  it("links a Teams channel by its URL, and names other platforms' spaces", () => {
    const card = JSON.stringify(
      renderCard({ text: "t", blocks: [{ type: "text", text: [{ space: { platform: "teams", id: "19:c@thread.tacv2", name: "inc-a", url: "https://teams.example/c" } }, " ", { space: { platform: "shell", id: "C-x", name: "inc-b" } }] }] }),
    );
    expect(card).toContain("[#inc-a](https://teams.example/c) #inc-b");
  });

  it("puts bold around words only", () => {
    const card = JSON.stringify(renderCard({ text: "t", blocks: [{ type: "text", text: [{ strong: "⚠ " }, "No."] }] }));
    expect(card).toContain('"text":"**⚠** No."');
  });
});

describe("{ time } and { space } as text (shell, fallbacks, the log)", () => {
  afterEach(() => useTimeZone("UTC"));

  it("writes FIREBREAK_TIMEZONE with its name, in one format", () => {
    expect(plain(["at ", { time: at }])).toBe("at 2026-11-26 14:05 UTC");
    expect(plain([{ time: at, show: "time" }], "America/New_York")).toBe("09:05 EST");
    expect(plain([{ space: { platform: "slack", id: "C1", name: "inc-x", url: "https://slack.com/app_redirect?channel=C1" } }])).toBe("#inc-x");
    useTimeZone("Europe/Berlin");
    const lines = renderShell(message);
    expect(lines[0]).toBe("Declared 2026-11-26 15:05 CET in #inc-20261126-x");
    expect(lines[1]).toBe("Contained  2026-11-26 15:05 CET");
    expect(lines.slice(2)).toEqual(["S", "[x]  1. Step  ✓ @bob 15:05 CET"]);
  });

  it("shows the summary's key times in the zone, never as ISO strings", () => {
    const incident = {
      id: "i", humanId: "INC-2026-0001", title: "T", severity: "P2", phase: "triage", vector: "unknown", isDrill: false, playbooks: [], description: null, resolution: null, detectionSource: null,
      startedAt: new Date("2026-11-26T12:00:00Z"), detectedAt: at, declaredAt: at, notifiedAt: null, containedAt: null, resolvedAt: null, closedAt: null,
    } as unknown as IncidentView["incident"];
    useTimeZone("Asia/Tokyo");
    const text = renderShell(summaryMessage({ incident, roles: [], steps: new Map(), evidenceCount: 0 })).join("\n");
    expect(text).toContain("Attack started: 2026-11-26 21:00 UTC+9 · Detected: 2026-11-26 23:05 UTC+9 · Declared: 2026-11-26 23:05 UTC+9");
    expect(text).not.toMatch(/\d{4}-\d\d-\d\dT/);
  });
});
