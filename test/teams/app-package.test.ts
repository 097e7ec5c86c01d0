import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { inflateSync } from "node:zlib";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { buildTeamsPackage } from "../../adapters/teams/appPackage/build-package.js";
import { findCommand } from "../../src/commands/parse.js";

const APP_ID = "6b1c2a9e-6a57-4c0e-9f4f-3f5d4b1e2a10";
const ROOT = path.resolve(import.meta.dirname, "../..");

/** Width, height and RGBA pixels of an 8-bit RGBA, unfiltered PNG (what icons.ts writes). */
function decodePng(data: Buffer) {
  expect(data.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
  const width = data.readUInt32BE(16);
  const height = data.readUInt32BE(20);
  expect([data[24], data[25]]).toEqual([8, 6]);
  const idat: Buffer[] = [];
  for (let at = 8; at < data.length; ) {
    const length = data.readUInt32BE(at);
    if (data.toString("ascii", at + 4, at + 8) === "IDAT") idat.push(data.subarray(at + 8, at + 8 + length));
    at += length + 12;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const pixels: number[][] = [];
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) pixels.push([...raw.subarray(y * (width * 4 + 1) + 1 + x * 4, y * (width * 4 + 1) + 5 + x * 4)]);
  return { width, height, pixels };
}

describe("Teams app package", () => {
  it("zips the manifest with the bot id, both icons and a command list of real commands", async () => {
    const out = await buildTeamsPackage({ appId: APP_ID, outFile: path.join(await mkdtemp(path.join(tmpdir(), "fb-pkg-")), "firebreak.zip") });
    const zip = await JSZip.loadAsync(await readFile(out));
    expect(Object.keys(zip.files).sort()).toEqual(["color.png", "manifest.json", "outline.png"]);

    const manifest = JSON.parse(await zip.file("manifest.json")!.async("string"));
    expect(manifest.$schema).toBe(`https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`);
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots[0].botId).toBe(APP_ID);
    expect(manifest.webApplicationInfo.id).toBe(APP_ID);
    expect(JSON.stringify(manifest)).not.toContain("{{");
    expect(manifest.authorization.permissions.resourceSpecific).toContainEqual({ name: "Channel.Create.Group", type: "Application" });
    expect(manifest.name.short.length).toBeLessThanOrEqual(30);
    expect(manifest.description.short.length).toBeLessThanOrEqual(80);
    expect(manifest.description.full.length).toBeLessThanOrEqual(4000);
    for (const list of manifest.bots[0].commandLists) {
      expect(list.commands.length).toBeLessThanOrEqual(10);
      for (const command of list.commands) {
        expect(findCommand(command.title), command.title).toBeDefined();
        expect(command.title.length).toBeLessThanOrEqual(32);
        expect(command.description.length).toBeLessThanOrEqual(128);
      }
    }

    const color = decodePng(await zip.file("color.png")!.async("nodebuffer"));
    expect([color.width, color.height]).toEqual([192, 192]);
    expect(color.pixels.every((p) => p[3] === 255)).toBe(true);

    const outline = decodePng(await zip.file("outline.png")!.async("nodebuffer"));
    expect([outline.width, outline.height]).toEqual([32, 32]);
    // Teams wants white on transparent and nothing else.
    expect(outline.pixels.every((p) => p[3] === 0 || (p[0] === 255 && p[1] === 255 && p[2] === 255 && p[3] === 255))).toBe(true);
    expect(outline.pixels.some((p) => p[3] === 255)).toBe(true);
    expect(outline.pixels.some((p) => p[3] === 0)).toBe(true);
  });

  it("links a privacy statement and terms of use that are files in this repository", async () => {
    const manifest = JSON.parse(await readFile(path.join(ROOT, "adapters/teams/appPackage/manifest.json"), "utf8"));
    const repo = `${manifest.developer.websiteUrl}/blob/main/`;
    for (const url of [manifest.developer.privacyUrl, manifest.developer.termsOfUseUrl]) {
      expect(url.startsWith(repo), url).toBe(true);
      const file = path.join(ROOT, url.slice(repo.length));
      expect((await readFile(file, "utf8")).length, file).toBeGreaterThan(200);
    }
  });

  it("asks only for permissions the code uses", async () => {
    const manifest = JSON.parse(await readFile(path.join(ROOT, "adapters/teams/appPackage/manifest.json"), "utf8"));
    const source = (await Promise.all(["graph-channels.ts", "teams-chat.ts"].map((f) => readFile(path.join(ROOT, "adapters/teams", f), "utf8")))).join("\n");
    // Each permission, and the call in the code that needs it.
    const usedBy: Record<string, RegExp> = {
      "Channel.Create.Group": /"POST", `\/teams\/\$\{encodeURIComponent\(teamId\)\}\/channels`/,
      "ChannelSettings.ReadWrite.Group": /"PATCH", `\/teams\/\$\{encodeURIComponent\(teamId\)\}\/channels\//,
      messageTeamMembers: /isGroup: false/,
      identity: /aadObjectId|teamsUserIdOf/,
    };
    const asked = [...manifest.permissions, ...manifest.authorization.permissions.resourceSpecific.map((p: { name: string }) => p.name)];
    for (const permission of asked) {
      expect(Object.keys(usedBy), `${permission} is asked for but nothing here uses it`).toContain(permission);
      expect(source, `${permission}: no call that needs it`).toMatch(usedBy[permission]!);
    }
    expect(asked).not.toContain("TeamMember.Read.Group");
  });

  it("refuses an app id that is not a GUID", async () => {
    await expect(buildTeamsPackage({ appId: "my-bot", outFile: "/tmp/never.zip" })).rejects.toThrow(/Microsoft App ID, a GUID/);
  });
});
