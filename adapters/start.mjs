/**
 * `npm start`: runs adapters/main.ts as JavaScript bundled once, instead of compiling TypeScript
 * through tsx at every start (seconds of module loading, ~90 MB of memory). When anything in src/
 * or adapters/ is newer than the bundle, it is rebuilt first with esbuild (well under a second:
 * only our code; packages stay in node_modules) into dist/firebreak/. If the bundle cannot be built
 * or written (a read-only install), it runs the TypeScript through tsx as before.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ENTRY = path.join(ROOT, "adapters", "main.ts");
const OUT = path.join(ROOT, "dist", "firebreak");
const BUNDLE = path.join(OUT, "main.mjs");
/** What the bundle is built from: a newer file (or a folder where one was added or removed) means rebuild. */
const SOURCES = ["src", "adapters", "package.json", "tsconfig.json"].map((p) => path.join(ROOT, p));

function newestChange(file) {
  const stat = fs.statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of fs.readdirSync(file)) newest = Math.max(newest, newestChange(path.join(file, name)));
  return newest;
}

function isFresh() {
  try {
    const built = fs.statSync(BUNDLE).mtimeMs;
    return SOURCES.every((source) => newestChange(source) <= built);
  } catch {
    return false;
  }
}

/**
 * Builds into a folder of its own, then moves it into place, so a start never runs half a
 * bundle. Split into chunks: a platform loaded on demand (Slack, Teams) keeps its SDK out of
 * the other platforms' start-up.
 */
async function build() {
  const { build: esbuild } = await import("esbuild");
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  const scratch = fs.mkdtempSync(`${OUT}-build-`);
  try {
    await esbuild({
      entryPoints: { main: ENTRY },
      outdir: scratch,
      outExtension: { ".js": ".mjs" },
      bundle: true,
      splitting: true,
      packages: "external",
      platform: "node",
      format: "esm",
      target: "node20",
      sourcemap: "linked",
      logLevel: "silent",
    });
    const old = `${OUT}-old-${process.pid}`;
    if (fs.existsSync(OUT)) fs.renameSync(OUT, old);
    try {
      fs.renameSync(scratch, OUT);
    } catch (error) {
      // Another start moved its (equally fresh) build in first.
      if (!isFresh()) throw error;
    }
    fs.rmSync(old, { recursive: true, force: true });
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

async function compiled() {
  if (isFresh()) return true;
  try {
    await build();
    return isFresh();
  } catch {
    return false;
  }
}

if (await compiled()) {
  // Stack traces name the TypeScript files and lines.
  process.setSourceMapsEnabled(true);
  await import(pathToFileURL(BUNDLE).href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import(pathToFileURL(ENTRY).href);
}
