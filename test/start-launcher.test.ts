import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ROOT, runMain } from "./support/main-process.js";

const BUNDLE = path.join(ROOT, "dist", "firebreak", "main.mjs");

function newestSource(file: string): number {
  const stat = fs.statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...fs.readdirSync(file).map((name) => newestSource(path.join(file, name))));
}

/**
 * `npm start` runs adapters/start.mjs: Firebreak as JavaScript bundled once into dist/, rebuilt
 * when a source is newer, instead of TypeScript compiled by tsx at every start.
 */
describe("npm start (adapters/start.mjs)", () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "firebreak-launch-"));
  });
  afterEach(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("rebuilds a bundle older than the sources, runs from it, and reuses it on the next start", async () => {
    // As after a `git pull`: the sources are newer than what was built.
    if (fs.existsSync(BUNDLE)) fs.utimesSync(BUNDLE, new Date(0), new Date(0));
    const first = await runMain({ FIREBREAK_DATA_DIR: dataDir }, "/channels\n", { launcher: true });
    expect(first.stderr).toBe("");
    expect(first.stdout).toContain("#general  (you are here)");
    const built = fs.statSync(BUNDLE).mtimeMs;
    expect(built).toBeGreaterThanOrEqual(Math.max(...["src", "adapters"].map((d) => newestSource(path.join(ROOT, d)))));

    const second = await runMain({ FIREBREAK_DATA_DIR: dataDir }, "declare P2 prompt-injection Launched from the bundle\n", { launcher: true });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("Launched from the bundle");
    expect(fs.statSync(BUNDLE).mtimeMs).toBe(built);
  });
});
