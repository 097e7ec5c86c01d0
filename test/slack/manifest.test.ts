import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { CHECKLIST_ACTION } from "../../adapters/slack/render/ids.js";
import { METHOD_SCOPES, requiredBotScopes } from "../../adapters/slack/scopes.js";
import { SLASH_COMMAND } from "../../adapters/slack/start.js";

const root = path.resolve(import.meta.dirname, "../..");
const manifest = parse(fs.readFileSync(path.join(root, "manifest.yml"), "utf8"));

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : []));
}
const adapterSource = sourceFiles(path.join(root, "adapters/slack")).map((f) => fs.readFileSync(f, "utf8")).join("\n");

describe("manifest.yml", () => {
  it("parses and declares the bot user, the slash command with a usage hint, and escaped mentions", () => {
    expect(manifest.features.bot_user.display_name).toBe("Firebreak");
    const [command] = manifest.features.slash_commands;
    expect(command.command).toBe(SLASH_COMMAND);
    expect(command.usage_hint).toMatch(/declare/);
    expect(command.description.length).toBeLessThanOrEqual(100);
    expect(command.should_escape).toBe(true);
  });

  it("turns on what the code relies on: interactivity, the Home tab, Socket Mode, the events we handle", () => {
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    const handled = [...adapterSource.matchAll(/app\.event\("([a-z_]+)"/g)].map((m) => m[1]);
    expect(handled.length).toBeGreaterThan(0);
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual([...new Set(handled)].sort());
    // Interactivity carries these: the checkbox action and the modal callbacks.
    expect(adapterSource).toContain("app.action");
    expect(adapterSource).toContain("app.view");
    expect(CHECKLIST_ACTION).toBeTruthy();
  });

  it("asks for exactly the scopes the Web API calls in the code need", () => {
    const called = new Set([...adapterSource.matchAll(/client\.([a-z]+)\.([a-zA-Z]+)\(/g)].map((m) => `${m[1]}.${m[2]}`));
    expect(called.size).toBeGreaterThan(5);
    for (const method of called) expect(Object.keys(METHOD_SCOPES), `${method} needs an entry in METHOD_SCOPES`).toContain(method);
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(requiredBotScopes());
  });
});

describe("manifest.http.yml", () => {
  const http = parse(fs.readFileSync(path.join(root, "manifest.http.yml"), "utf8"));

  it("is manifest.yml with Socket Mode off and every request sent to /slack/events", () => {
    expect(http.settings.socket_mode_enabled).toBe(false);
    const urls = [http.features.slash_commands[0].url, http.settings.interactivity.request_url, http.settings.event_subscriptions.request_url];
    for (const url of urls) expect(url).toBe("https://firebreak.example.com/slack/events");
    // Apart from those, the two are the same app: scopes, command, events, features.
    const socketTwin = structuredClone(http);
    delete socketTwin.features.slash_commands[0].url;
    delete socketTwin.settings.interactivity.request_url;
    delete socketTwin.settings.event_subscriptions.request_url;
    socketTwin.settings.socket_mode_enabled = true;
    expect(socketTwin).toEqual(manifest);
  });

  it("npm run slack:manifest fills in your host, https only", async () => {
    const { httpManifestFor } = await import("../../adapters/slack/manifest-for.js");
    const mine = parse(httpManifestFor("https://firebreak.acme.com/"));
    expect(mine.settings.interactivity.request_url).toBe("https://firebreak.acme.com/slack/events");
    expect(mine.features.slash_commands[0].url).toBe("https://firebreak.acme.com/slack/events");
    expect(JSON.stringify(mine)).not.toContain("example.com");
    expect(() => httpManifestFor("http://firebreak.acme.com")).toThrow(/https/);
  });
});
