import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import JSZip from "jszip";
import { colorIcon, outlineIcon } from "./icons.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Builds the zip people upload to Teams (Apps → Manage your apps → Upload an app): the manifest
 * with the bot's app id filled in, plus both icons at the zip's root as Teams requires.
 */
export async function buildTeamsPackage(options: { appId: string; outFile: string; version?: string }): Promise<string> {
  if (!GUID.test(options.appId)) throw new Error(`The app id must be the bot's Microsoft App ID, a GUID (got "${options.appId}").`);
  const template = await readFile(path.join(HERE, "manifest.json"), "utf8");
  const manifest = JSON.parse(template.replaceAll("{{MicrosoftAppId}}", options.appId.toLowerCase())) as { version: string };
  if (options.version) manifest.version = options.version;
  const zip = new JSZip();
  zip.file("manifest.json", `${JSON.stringify(manifest, null, 2)}\n`);
  zip.file("color.png", colorIcon());
  zip.file("outline.png", outlineIcon());
  await mkdir(path.dirname(options.outFile), { recursive: true });
  await writeFile(options.outFile, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
  return options.outFile;
}

/** `npm run teams:package -- --app-id <guid> [--out dist/firebreak-teams.zip]` */
async function main(argv: string[]): Promise<void> {
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  let appId = arg("--app-id");
  if (!appId) {
    const { loadConfig } = await import("../../../src/core.js");
    appId = loadConfig().teams?.appId;
  }
  if (!appId) {
    throw new Error("Which bot? Pass --app-id <Microsoft App ID> (npm run teams:package -- --app-id 0000…) or set MicrosoftAppId.");
  }
  const out = await buildTeamsPackage({ appId, outFile: path.resolve(arg("--out") ?? "dist/firebreak-teams.zip") });
  process.stdout.write(`Wrote ${out}. Upload it in Teams: Apps → Manage your apps → Upload an app.\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`teams:package failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
