import { Readable, Writable } from "node:stream";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { runShell } from "../../adapters/shell/run-shell.js";
import { ShellChat } from "../../adapters/shell/shell-chat.js";
import { incidentLog, incidents } from "../../src/store/schema.js";
import { useTestDatabase } from "../support/database.js";
import { testRuntime } from "../support/runtime.js";
import { FAKE_SECRETS } from "./fake-secrets.js";
import { INCIDENT_PROSE } from "./incident-prose.js";
import { capturedLog, everythingStored, leaked, pasteNote } from "./leaks.js";

/** The shell adapter's entry point: lines typed into `runShell` (a key pasted on one line). */
const database = useTestDatabase();

async function shell(lines: string[]) {
  const log = capturedLog();
  const printed: string[] = [];
  const chat = new ShellChat((line) => printed.push(line));
  const rt = testRuntime(database.current.db, { shell: chat });
  rt.logger = log.logger;
  const output = new Writable({
    write(chunk, _encoding, done) {
      printed.push(chunk.toString());
      done();
    },
  });
  await runShell(rt, chat, { input: Readable.from(lines.map((l) => `${l}\n`)), output, user: "alice", interactive: false });
  return { printed: printed.join("\n"), log: log.lines.join("\n") };
}

const oneLine = (text: string) => text.replace(/\s*\n\s*/g, " ");

describe("shell: a pasted credential is never stored, logged or echoed", () => {
  it("every kind, typed into a note: stored and shown as [REDACTED:<kind>], the channel warned", async () => {
    const { printed, log } = await shell(["declare P1 prompt-injection Support bot leaks orders", ...FAKE_SECRETS.map((s) => `note ${oneLine(pasteNote(s))}`), "checklist pasted-credential"]);
    expect(leaked((await everythingStored(database.current.db)).text)).toEqual([]);
    expect(leaked(log)).toEqual([]);
    expect(leaked(printed)).toEqual([]);
    const notes = (await database.current.db.select().from(incidentLog).where(eq(incidentLog.kind, "note")).orderBy(incidentLog.seq)).map((r) => (r.payload as { text: string }).text);
    FAKE_SECRETS.forEach((s, i) => expect(notes[i], s.label).toContain(`[REDACTED:${s.kind}]`));
    expect(printed).toContain("pasted a credential (slack-token) at 14:00 UTC. It was not stored — revoke it and issue a new one.");
    expect(printed).toContain("Revoke the credential pasted into chat and issue a new one");
  });

  it("a 100 KB note is refused with a clear message and logged cut short", async () => {
    const line = `note ${"the retrieval index returned stale pages again. ".repeat(2200)}`.slice(0, 100 * 1024);
    const { printed } = await shell(["declare P2 Model drift", line]);
    expect(printed).toContain("That note is 100 KB; the limit is 3,000 characters — attach a file as evidence instead.");
    const [row] = await database.current.db.select().from(incidentLog).where(eq(incidentLog.outcome, "rejected")).orderBy(incidentLog.seq);
    expect(row).toMatchObject({ kind: "note", reason: "That note is 100 KB; the limit is 3,000 characters — attach a file as evidence instead." });
    expect(row!.text!.length).toBeLessThan(600);
    expect(row!.text).toMatch(/… \[100 KB in all; the rest is not logged\]$/);
  });

  it("ordinary incident prose is kept as typed", async () => {
    await shell(["declare P2 Model drift", `note ${oneLine(INCIDENT_PROSE)}`]);
    const [note] = await database.current.db.select().from(incidentLog).where(eq(incidentLog.kind, "note")).orderBy(incidentLog.seq);
    expect((note!.payload as { text: string }).text).toBe(oneLine(INCIDENT_PROSE));
    expect((await database.current.db.select().from(incidents))[0]!.playbooks).not.toContain("pasted-credential");
  });
});
