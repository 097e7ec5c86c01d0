import { Readable, Writable } from "node:stream";
import { beforeEach, describe, expect, it } from "vitest";
import { runShell } from "../../adapters/shell/run-shell.js";
import { ShellChat } from "../../adapters/shell/shell-chat.js";
import { incidentLog, incidents, roleAssignments } from "../../src/store/schema.js";
import { useTestDatabase } from "../support/database.js";
import { testRuntime, type TestRuntime } from "../support/runtime.js";

/**
 * The permission table of issue 8 through the shell adapter's own entry point: lines typed into
 * `runShell`, switching person with `/as`. Alice declares (and so commands); Ada is an admin.
 */
const database = useTestDatabase();
let rt: TestRuntime;
let chat: ShellChat;
let printed: string[];

beforeEach(() => {
  printed = [];
  chat = new ShellChat((line) => printed.push(line));
  rt = testRuntime(database.current.db, { shell: chat }, { FIREBREAK_ADMINS: "shell:ada" });
});

/** Types the lines as `user` would (a pipe, not a terminal) and returns everything printed. */
async function type(lines: string[], user = "alice"): Promise<string> {
  const out: string[] = [];
  const output = new Writable({
    write(chunk, _encoding, done) {
      out.push(chunk.toString());
      done();
    },
  });
  await runShell(rt, chat, { input: Readable.from(lines.map((l) => `${l}\n`)), output, user, interactive: false });
  return out.join("") + printed.splice(0).join("\n");
}

const logs = () => database.current.db.select().from(incidentLog).orderBy(incidentLog.seq);
const byActor = async (actor: string) => (await logs()).filter((r) => r.actorId === actor).map((r) => `${r.text}:${r.outcome}`);

describe("shell: who may do what, switching person with /as", () => {
  it("severity and phase moves: the commander, the backup and admins; anyone else is told who may", async () => {
    const out = await type(["declare P1 prompt-injection Support bot leaks orders", "/as @bob", "severity P2", "resolve false alarm", "/as @ada", "status containment", "/as @alice", "severity P2"]);
    expect(out).toContain("Only the incident commander (@alice), their backup or a Firebreak admin can change the severity.");
    expect(out).toContain("can resolve the incident.");
    expect(await byActor("bob")).toEqual(["/incident severity P2:rejected", "/incident resolve false alarm:rejected"]);
    expect((await database.current.db.select().from(incidents))[0]).toMatchObject({ severity: "P2", phase: "containment" });
  });

  it("assigning someone else and changing the commander: the commander, the backup and admins", async () => {
    const out = await type(["declare P2 Jailbreak in the HR assistant", "/as @bob", "assign tech-lead @dan", "assign commander me", "/as @alice", "assign tech-lead @dan"]);
    expect(out).toContain("can assign someone else to a role.");
    expect(out).toContain("can change the incident commander.");
    const held = (await database.current.db.select().from(roleAssignments)).filter((r) => !r.endedAt).map((r) => `${r.role}=${r.person.id}`).sort();
    expect(held).toEqual(["commander=alice", "tech-lead=dan"]);
  });

  it("an empty role: anyone may take it; a held one is not theirs", async () => {
    const out = await type(["declare P3 Odd refusals", "/as @dan", "assign comms-lead me", "/as @eve", "assign comms-lead me"]);
    expect(out).toContain("The communications lead role on INC-2026-0001 is held by @dan. Only the incident commander (@alice), their backup or a Firebreak admin can reassign it.");
    expect(await byActor("dan")).toEqual(["/incident assign comms-lead me:ok"]);
  });

  it("notes, ticks, evidence, updates, notify: anyone on a public incident; on a private one only its members", async () => {
    await type(["declare P3 Model drift", "/as @dan", "note looked at the dashboard", "check 3", "evidence s3://forensics/drift.csv eval export", "update next update 16:00", "notify"]);
    expect(await byActor("dan")).toEqual(["/incident note looked at the dashboard:ok", "/incident check 3:ok", "/incident evidence s3://forensics/drift.csv eval export:ok", "/incident update next update 16:00:ok", "/incident notify:ok"]);

    const out = await type(["declare P1 --private Insider copying weights", "assign tech-lead @bob", "/join #general", "/as @dan", "INC-2026-0002 note hello", "INC-2026-0077 note hello", "list", "/as @bob", "INC-2026-0002 note from bob"]);
    expect(out).toContain("There is no incident INC-2026-0002.");
    const danLines = out.slice(out.indexOf("dan@#general> INC-2026-0002"), out.indexOf("bob@#general>"));
    expect(danLines).not.toContain("Insider");
    expect(await byActor("bob")).toEqual(["/incident INC-2026-0002 note from bob:ok"]);
    const hidden = (await logs()).find((r) => r.actorId === "dan" && r.text === "/incident INC-2026-0002 note hello")!;
    expect(hidden).toMatchObject({ outcome: "rejected", reason: "shell:dan may not see private INC-2026-0002 (not a member, not in its space, not an admin)" });
  });

  it("declare, drill, list, help: anyone", async () => {
    await type(["declare P4 Prompt filter false positives", "/join #general", "drill supply-chain --speed 60", "list", "help assign"], "dan");
    expect(await byActor("dan")).toEqual(["/incident declare P4 Prompt filter false positives:ok", "/incident drill supply-chain --speed 60:ok", "/incident list:ok", "/incident help assign:ok"]);
    expect((await logs()).filter((r) => r.outcome !== "ok")).toEqual([]);
  });
});
