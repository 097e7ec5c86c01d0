/**
 * Renders a few of Firebreak's Teams cards with the Adaptive Cards HTML renderer in headless
 * Chromium and saves each as a PNG under test/cards/screenshots/, to look at by eye. Run with
 * `npm run cards:screenshot` (not part of the test suite). The cards come from a real incident on
 * an in-memory database, through the same views and renderer Teams is sent.
 *
 * Chromium: /usr/bin/chromium, or CHROMIUM_PATH.
 */
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import pino from "pino";
import { chromium } from "playwright-core";
import { welcomeCard } from "../../adapters/teams/bot.js";
import type { AdaptiveCard } from "../../adapters/teams/cards/adaptive.js";
import { declareForm, severityForm } from "../../adapters/teams/cards/forms.js";
import { renderCard } from "../../adapters/teams/cards/render-message.js";
import { createRuntime } from "../../src/app/create-runtime.js";
import { executeCommand, runCommand } from "../../src/app/run-command.js";
import type { Message } from "../../src/chat/message.js";
import type { ChatPort, MessageRef, SpaceRef } from "../../src/chat/port.js";
import { ManualClock } from "../../src/clock.js";
import { loadConfig } from "../../src/config.js";
import type { Person } from "../../src/domain/people.js";
import { openPglite } from "../../src/store/db.js";

const OUT = path.join(import.meta.dirname, "screenshots");
const require = createRequire(import.meta.url);
const RENDERER = require.resolve("adaptivecards/dist/adaptivecards.min.js");

/** Teams as a port that keeps the last message posted or updated under each purpose-ish name. */
class KeepingTeams implements ChatPort {
  readonly platform = "teams" as const;
  readonly maxSpaceName = 50;
  readonly posted: Message[] = [];
  private next = 1;
  async createSpace(input: { name: string }): Promise<SpaceRef> {
    return { platform: "teams", id: `19:inc${this.next++}@thread.tacv2`, name: input.name, url: "https://teams.microsoft.com/l/channel/x" };
  }
  async setTopic(): Promise<void> {}
  async invite(): Promise<void> {}
  async post(_space: SpaceRef, message: Message): Promise<MessageRef> {
    this.posted.push(message);
    return { spaceId: "19:x", messageId: String(this.next++) };
  }
  async update(): Promise<void> {}
  announcementPlace(): { space: SpaceRef } {
    return { space: { platform: "teams", id: "19:incidents@thread.tacv2", name: "incidents" } };
  }
  async replyPrivately(): Promise<void> {}
  async resolvePerson(ref: { id?: string; handle?: string }): Promise<Person> {
    const name = (ref.handle ?? ref.id!).replace(/_/g, " ");
    return { platform: "teams", id: `aad-${name}`, name };
  }
}

/** What a dialog stamps on its form when it opens (see adapters/teams/dialogs.ts). */
const STAMP = { formId: "8d0a3c7e-0000-4000-8000-000000000001", openedBy: "aad-alice" };

async function cards(): Promise<Record<string, AdaptiveCard>> {
  const database = await openPglite();
  const teams = new KeepingTeams();
  const clock = new ManualClock("2026-11-25T14:00:00Z");
  const rt = createRuntime({ db: database.db, clock, config: loadConfig({ FIREBREAK_TIMEZONE: "Europe/Berlin" }, "/tmp"), logger: pino({ level: "silent" }) });
  rt.ports.teams = teams;
  const alice = { kind: "teams" as const, tenantId: "t", userId: "aad-alice", name: "Alice Smith" };
  const general: SpaceRef = { platform: "teams", id: "19:general@thread.tacv2", name: "General" };
  const run = async (text: string, space = general) => (await runCommand(rt, { actor: alice, text, port: teams, space })).reply!;
  try {
    const declared = await executeCommand(rt, { actor: alice, port: teams, space: general }, { kind: "declare", title: "Support bot leaks other customers' orders", severity: "P1", vector: "prompt-injection", private: false }, { logText: "[card] declare" });
    await rt.deliverer.drain();
    // The declaration's last post is its announcement (here it goes to the incidents channel).
    const announcement = teams.posted.at(-1)!;
    const space = declared.space!;
    await run("assign tech-lead @Bob_Jones", space);
    await run("check 1 2", space);
    clock.advance(12);
    await run("note Payload hidden in a support ticket attachment; tool access not yet abused", space);
    await rt.deliverer.drain();
    const [summary, firstPrompt] = teams.posted;
    return {
      "declare-reply": renderCard(declared.reply!),
      summary: renderCard(summary!),
      "first-hour-prompt": renderCard(firstPrompt!),
      announcement: renderCard(announcement),
      "checklist-all-compact": renderCard(await run("checklist", space)),
      "help-declare": renderCard(await run("help declare")),
      "error-usage": renderCard(await run("declare P5 Support bot leaks")),
      "declare-form-prefilled": declareForm(STAMP, { severity: "P1", vector: "prompt-injection" }),
      "severity-form": severityForm("x", "INC-2026-0001", "P1", STAMP),
      welcome: welcomeCard({ channelData: { team: { id: "19:team@thread.tacv2", aadGroupId: "fbe2bf47-16c8-47cf-b4a5-4b9b187ef508" }, channel: { id: "19:incidents@thread.tacv2" } } } as never, { setupNeeded: "TEAMS_INCIDENTS_CHANNEL_ID is not set" }),
    };
  } finally {
    await rt.deliverer.stop();
    await database.close();
  }
}

/** A small host config in the spirit of Teams' light theme. */
const HOST_CONFIG = {
  fontFamily: "'Segoe UI', system-ui, sans-serif",
  spacing: { small: 4, default: 8, medium: 12, large: 16, extraLarge: 24, padding: 16 },
  supportsInteractivity: true,
  containerStyles: { default: { backgroundColor: "#FFFFFF", foregroundColors: { default: { default: "#242424", subtle: "#616161" }, accent: { default: "#5B5FC7", subtle: "#5B5FC7" }, attention: { default: "#C4314B", subtle: "#C4314B" }, good: { default: "#237B4B", subtle: "#237B4B" }, warning: { default: "#835C00", subtle: "#835C00" } } } },
  actions: { maxActions: 6, buttonSpacing: 8, actionsOrientation: "horizontal", actionAlignment: "left", spacing: "default" },
};

const page = (card: AdaptiveCard) => `<!doctype html><html><head><meta charset="utf-8">
<style>body{margin:0;background:#f5f5f5;font-family:'Segoe UI',system-ui,sans-serif}#card{width:560px;margin:16px;background:#fff;border:1px solid #e0e0e0;border-radius:8px;overflow:hidden}
.ac-pushButton{border:1px solid #d1d1d1;border-radius:4px;background:#fff;padding:5px 12px;font:inherit;color:#242424}.ac-pushButton.style-positive{background:#5B5FC7;color:#fff;border-color:#5B5FC7}.ac-pushButton.style-destructive{color:#C4314B}
.ac-input{font:inherit}</style>
<script>${fs.readFileSync(RENDERER, "utf8")}</script></head><body><div id="card"></div><script>(() => {
  // What Teams does with card markdown: bold, italics, links, line breaks (nothing else).
  AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
    const html = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/\\*\\*([^*]+)\\*\\*/g, "<strong>$1</strong>")
      .replace(/(^|[^\\p{L}\\p{N}])_([^_]+)_(?![\\p{L}\\p{N}])/gu, "$1<em>$2</em>")
      .replace(/\\[([^\\]]+)\\]\\(([^)]+)\\)/g, '<a href="$2">$1</a>')
      .replace(/&lt;at&gt;(.*?)&lt;\\/at&gt;/g, '<span style="color:#5B5FC7;font-weight:600">$1</span>')
      .replace(/\\n/g, "<br>");
    result.outputHtml = html;
    result.didProcess = true;
  };
  const card = new AdaptiveCards.AdaptiveCard();
  card.hostConfig = new AdaptiveCards.HostConfig(${JSON.stringify(HOST_CONFIG)});
  card.parse(${JSON.stringify(card)});
  document.getElementById("card").appendChild(card.render());
})();</script></body></html>`;

async function main(): Promise<void> {
  const all = await cards();
  fs.mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
  try {
    const tab = await browser.newPage({ viewport: { width: 600, height: 400 }, deviceScaleFactor: 1 });
    tab.on("pageerror", (error) => process.stderr.write(`page error: ${error.message}\n`));
    for (const [name, card] of Object.entries(all)) {
      await tab.setContent(page(card), { waitUntil: "load" });
      const file = path.join(OUT, `${name}.png`);
      await tab.locator("#card").screenshot({ path: file });
      process.stdout.write(`${path.relative(process.cwd(), file)}\n`);
    }
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
