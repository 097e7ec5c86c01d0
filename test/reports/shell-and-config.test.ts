import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ShellChat } from "../../adapters/shell/shell-chat.js";
import { runCommand } from "../../src/app/run-command.js";
import { loadConfig } from "../../src/config.js";
import { ConfigError } from "../../src/config/errors.js";
import { useTestDatabase } from "../support/database.js";
import { shellActor, testRuntime } from "../support/runtime.js";

const database = useTestDatabase();
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "firebreak-reports-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("shell: documents are written to FIREBREAK_REPORT_DIR and the path printed", () => {
  it("writes the report and prints where", async () => {
    const lines: string[] = [];
    const folder = path.join(dir, "reports");
    const chat = new ShellChat((l) => lines.push(l), { fileDir: folder });
    const rt = testRuntime(database.current.db, { shell: chat });
    const alice = shellActor("alice");
    const incident = (await runCommand(rt, { actor: alice, port: chat, text: "declare P2 prompt-injection Support bot leaks its system prompt" })).incident!;
    await runCommand(rt, { actor: alice, port: chat, text: `${incident.humanId} report` });
    await runCommand(rt, { actor: alice, port: chat, text: `${incident.humanId} report --json` });
    await rt.deliverer.drain();

    const md = path.join(folder, "INC-2026-0001-post-incident-report.md");
    expect(fs.readFileSync(md, "utf8")).toMatch(/^# INC-2026-0001: Support bot leaks its system prompt\n/);
    expect(JSON.parse(fs.readFileSync(path.join(folder, "INC-2026-0001-post-incident-report.json"), "utf8")).schema).toBe("firebreak.report/1");
    expect(lines).toContain(`│ 📎 wrote ${md}`);
    expect(lines).toContain(`┌─ #${incident.spaceName} 📎 INC-2026-0001 post-incident report`);
  });
});

describe("report settings", () => {
  it("defaults the report folder to ./reports and links to nothing", () => {
    expect(loadConfig({}, dir).reports).toEqual({ dir: path.join(dir, "reports"), publicUrl: undefined, linkDays: 30, evidenceMaxBytes: 100 * 1024 * 1024 });
  });

  it("takes a folder, a public address (without its trailing slash), a link lifetime and a size cap", () => {
    const reports = loadConfig({ FIREBREAK_REPORT_DIR: "out/docs", FIREBREAK_PUBLIC_URL: "https://firebreak.example.com/", FIREBREAK_DOCUMENT_LINK_DAYS: "7", FIREBREAK_EVIDENCE_MAX_MB: "20" }, dir).reports;
    expect(reports).toEqual({ dir: path.join(dir, "out/docs"), publicUrl: "https://firebreak.example.com", linkDays: 7, evidenceMaxBytes: 20 * 1024 * 1024 });
  });

  it("refuses a public address that is not http(s) and a link lifetime that is not whole days, saying how to fix them", () => {
    let error: unknown;
    try {
      loadConfig({ FIREBREAK_PUBLIC_URL: "firebreak.example.com", FIREBREAK_DOCUMENT_LINK_DAYS: "1.5" }, dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'FIREBREAK_PUBLIC_URL must be the http(s) address people reach Firebreak at, e.g. https://firebreak.example.com (got "firebreak.example.com").',
      'FIREBREAK_DOCUMENT_LINK_DAYS must be a whole number from 1 to 3650 (got "1.5").',
    ]);
  });
});
