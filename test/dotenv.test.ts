import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ConfigError, loadConfig, withDotEnv } from "../src/config.js";
import { runMain } from "./support/main-process.js";

/** Settings in `.env` in the working folder are read at start; the real environment wins. */
describe(".env", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "firebreak-dotenv-"));
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("loadConfig sees a value from .env in the working folder", () => {
    fs.writeFileSync(path.join(dir, ".env"), "# local settings\nFIREBREAK_SNOOZE=2h\nFIREBREAK_DRILL_SPEED=\"60\"\n");
    vi.stubEnv("FIREBREAK_SNOOZE", undefined);
    vi.stubEnv("FIREBREAK_DRILL_SPEED", undefined);
    const config = loadConfig(undefined, dir);
    expect(config.timers.snooze).toBe(120);
    expect(config.timers.drillSpeed).toBe(60);
  });

  it("a variable set in the real environment wins over .env", () => {
    fs.writeFileSync(path.join(dir, ".env"), "FIREBREAK_SNOOZE=2h\nLOG_LEVEL=error\n");
    vi.stubEnv("FIREBREAK_SNOOZE", "45m");
    vi.stubEnv("LOG_LEVEL", undefined);
    const config = loadConfig(undefined, dir);
    expect(config.timers.snooze).toBe(45);
    expect(config.logLevel).toBe("error");
    expect(withDotEnv({ LOG_LEVEL: "debug" }, dir)).toMatchObject({ LOG_LEVEL: "debug", FIREBREAK_SNOOZE: "2h" });
  });

  it("no .env is fine; an unreadable one is a configuration problem naming the file", () => {
    expect(withDotEnv({ A: "1" }, dir)).toEqual({ A: "1" });
    fs.mkdirSync(path.join(dir, ".env"));
    expect(() => withDotEnv({}, dir)).toThrow(ConfigError);
    expect(() => withDotEnv({}, dir)).toThrow(`${path.join(dir, ".env")} cannot be read (EISDIR)`);
  });

  it("tests that pass their own environment read no file", () => {
    fs.writeFileSync(path.join(dir, ".env"), "LOG_LEVEL=loud\n");
    expect(loadConfig({}, dir).logLevel).toBe("warn");
  });

  it("npm start reads .env from its working folder, under the real environment", async () => {
    fs.writeFileSync(path.join(dir, ".env"), "FIREBREAK_DATA_DIR=from-dotenv\nFIREBREAK_USER=dotty\n");
    const run = await runMain({ FIREBREAK_USER: "alice" }, "/channels\n", { cwd: dir });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    // The data folder came from .env; the user from the real environment.
    expect(fs.existsSync(path.join(dir, "from-dotenv", "pglite"))).toBe(true);
    expect(run.stdout).toContain("alice@#general> /channels");
  }, 60_000);
});
