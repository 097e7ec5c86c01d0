import { beforeEach, describe, expect, it } from "vitest";
import { ShellChat } from "../../adapters/shell/shell-chat.js";
import { declareFormRequest } from "../../src/app/check-input.js";
import { runCommand } from "../../src/app/run-command.js";
import { type Message, plain } from "../../src/chat/message.js";
import { incidentLog, incidents } from "../../src/store/schema.js";
import { type TestDatabase, useTestDatabase } from "../support/database.js";
import { shellActor, testRuntime, type TestRuntime } from "../support/runtime.js";

let t: TestDatabase;
let rt: TestRuntime;
let chat: ShellChat;
const alice = shellActor("alice");

const database = useTestDatabase();
beforeEach(() => {
  t = database.current;
  chat = new ShellChat(() => {});
  rt = testRuntime(t.db, { shell: chat });
});

const run = (text: string) => runCommand(rt, { actor: alice, text, port: chat, space: chat.ensureChannel("general") });
const said = (m?: Message) => (m ? m.blocks.map((b) => ("text" in b && Array.isArray(b.text) ? plain(b.text) : "")).join("\n") : "");

describe("declare never reads input another way without saying so", () => {
  it("refuses a severity outside P1–P4 with a did-you-mean, and declares nothing", async () => {
    for (const typed of ["declare P5 Support bot leaks its prompt", "declare p0 Support bot leaks", "declare sev9 x", "declare --severity P7 x"]) {
      const out = await run(typed);
      expect(out.ok, typed).toBe(false);
      expect(said(out.reply), typed).toMatch(/is not a severity: did you mean P1–P4\? P1 is the most severe/);
    }
    expect(await t.db.select().from(incidents)).toHaveLength(0);
    const refused = await t.db.select().from(incidentLog).orderBy(incidentLog.seq);
    expect(refused.map((r) => [r.kind, r.outcome])).toEqual(Array(4).fill(["declare", "rejected"]));
  });

  it("understands a vector written with spaces or hyphens, and says what it understood", async () => {
    const out = await run("declare p1 prompt injection Support bot leaks its prompt");
    expect(out.incident).toMatchObject({ severity: "P1", vector: "prompt-injection", title: "Support bot leaks its prompt" });
    expect(said(out.reply)).toContain("Understood: severity P1 (Critical) · vector Prompt injection · title “Support bot leaks its prompt”.");
    const three = await run("declare P2 training data poisoning Fraud model drifts");
    expect(three.incident).toMatchObject({ vector: "data-poisoning", title: "Fraud model drifts" });
    const hyphen = await run("declare P3 Model-Theft Weights exfiltrated");
    expect(hyphen.incident).toMatchObject({ vector: "model-theft", title: "Weights exfiltrated" });
  });

  it("keeps a bare number in the title, and names the defaults it used", async () => {
    const out = await run("declare 3 models leak training data");
    expect(out.incident).toMatchObject({ severity: "P3", vector: "unknown", title: "3 models leak training data" });
    expect(said(out.reply)).toContain("severity P3 (Moderate), the default · vector Unknown (not yet classified), not given · title “3 models leak training data”. Change with severity P1 or vector prompt-injection.");
  });

  it("a declare with no title asks for the form, with what was typed filled in", () => {
    expect(declareFormRequest("declare")).toEqual({ private: false });
    expect(declareFormRequest("/incident declare P1")).toEqual({ private: false, severity: "P1" });
    expect(declareFormRequest("new p2 prompt injection --source audit --private")).toEqual({ private: true, severity: "P2", vector: "prompt-injection", source: "audit" });
    // With a title it is a declaration; with a mistake the command answers; other commands are not forms.
    expect(declareFormRequest("declare P1 Support bot leaks")).toBeUndefined();
    expect(declareFormRequest("declare P9")).toBeUndefined();
    expect(declareFormRequest("severity P1")).toBeUndefined();
  });
});
