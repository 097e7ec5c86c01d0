import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/main-process.js";

/** `npm run demo` as it runs: the demo entry with demo.txt on stdin, from a folder of its own. */
function runDemo(env: Record<string, string>, cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const tsx = pathToFileURL(path.join(ROOT, "node_modules/tsx/dist/loader.mjs")).href;
  const child = spawn(process.execPath, ["--import", tsx, path.join(ROOT, "adapters/shell/demo.ts")], { cwd, env: { PATH: process.env.PATH ?? "", HOME: os.tmpdir(), ...env }, stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  child.stdin.end(fs.readFileSync(path.join(ROOT, "adapters/shell/demo.txt")));
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, stdout, stderr })));
}

describe("npm run demo", () => {
  it("runs on a throw-away database: the configured data folder, DATABASE_URL and .env are left alone", async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "firebreak-demo-cwd-"));
    const data = path.join(cwd, "real-data");
    // A .env that would otherwise send the demo to a server, and a configured data folder.
    fs.writeFileSync(path.join(cwd, ".env"), "DATABASE_URL=postgres://nobody@127.0.0.1:1/real\n");
    try {
      const run = await runDemo({ FIREBREAK_DATA_DIR: data, FIREBREAK_USER: "alice" }, cwd);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain("🚨 Declared INC-2026-0001 — P1 · Support bot leaks its system prompt");
      const folder = /Demo on a throw-away database \(([^)]+)\)/.exec(run.stderr)![1]!;
      expect(fs.existsSync(folder)).toBe(false);
      expect(fs.existsSync(data)).toBe(false);
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  }, 120_000);
});
