import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

export const ROOT = path.resolve(import.meta.dirname, "../..");
const MAIN = path.join(ROOT, "adapters/main.ts");
export const LAUNCHER = path.join(ROOT, "adapters/start.mjs");
/** tsx's loader by absolute URL, so the child can run from any folder. */
const TSX = pathToFileURL(path.join(ROOT, "node_modules/tsx/dist/loader.mjs")).href;

export interface StartOptions {
  cwd?: string;
  /** Through adapters/start.mjs, exactly as `npm start` runs (the bundle in dist/), instead of tsx on main.ts. */
  launcher?: boolean;
}

export interface MainProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
}

/**
 * The real `npm start` entry point (node + tsx, one process so signals reach it), with only the
 * given environment. It runs in `cwd` — by default a fresh empty folder, so no `.env` of the
 * developer's leaks in. stdin is a pipe (not a TTY): with no platform configured that is the
 * shell reading commands from it, and the process stays up while the pipe is open.
 */
export function startMain(env: Record<string, string>, options: StartOptions = {}): MainProcess {
  const scratch = options.cwd ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), "firebreak-cwd-"));
  const cwd = options.cwd ?? scratch!;
  const child = spawn(process.execPath, options.launcher ? [LAUNCHER] : ["--import", TSX, MAIN], {
    cwd,
    env: { PATH: process.env.PATH ?? "", HOME: os.tmpdir(), ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (err += d));
  const exited = new Promise<number | null>((resolve) =>
    child.once("close", (code) => {
      if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
      resolve(code);
    }),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Runs the entry point to the end with `input` on stdin. */
export async function runMain(env: Record<string, string>, input = "", options: StartOptions = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const main = startMain(env, options);
  main.child.stdin!.end(input);
  const code = await main.exited;
  return { code, stdout: main.stdout(), stderr: main.stderr() };
}

/**
 * Polls `check` every `everyMs` until it answers something truthy; the timeout is generous and
 * not a measurement (it only keeps a failure from hanging).
 */
export async function until<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 60_000, everyMs = 100): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
