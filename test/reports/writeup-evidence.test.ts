import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { type Outcome, runCommand } from "../../src/app/run-command.js";
import { evidence, incidentLog, incidents, incidentWriteups } from "../../src/store/schema.js";
import { FAKE_SECRETS } from "../security/fake-secrets.js";
import { useTestDatabase } from "../support/database.js";
import { shellActor, testRuntime, type TestRuntime } from "../support/runtime.js";
import { DocumentChat } from "./document-chat.js";

const database = useTestDatabase();
let rt: TestRuntime;
let port: DocumentChat;
beforeEach(() => {
  port = new DocumentChat();
  rt = testRuntime(database.current.db, { shell: port });
});

async function typed(text: string): Promise<Outcome> {
  const outcome = await runCommand(rt, { actor: shellActor("alice"), port, text });
  await rt.deliverer.drain();
  return outcome;
}
const json = (o: Outcome) => JSON.stringify(o.reply);
const lastLog = async () => (await rt.db.select().from(incidentLog).orderBy(incidentLog.seq)).at(-1)!;
const declared = async () => (await typed("declare P2 prompt-injection Support bot leaks its system prompt")).incident!;

describe("writeup", () => {
  it("shows every field as not yet written until set, then the text and who wrote it", async () => {
    const { humanId } = await declared();
    const empty = await typed(`${humanId} writeup`);
    expect(empty.ok).toBe(true);
    expect(empty.reply!.text).toBe("INC-2026-0001 write-up: 0 of 5 written");
    expect(json(empty).match(/\(not yet written\)/g)).toHaveLength(5);

    expect((await typed(`${humanId} writeup root-cause Order-note field passed to the model as trusted context`)).ok).toBe(true);
    expect((await typed(`${humanId} writeup lessons Treat every customer field as untrusted`)).ok).toBe(true);
    const shown = await typed(`${humanId} writeup`);
    expect(shown.reply!.text).toBe("INC-2026-0001 write-up: 2 of 5 written");
    expect(json(shown)).toContain("Order-note field passed to the model as trusted context");
    expect(json(shown).match(/\(not yet written\)/g)).toHaveLength(3);
    const rows = await rt.db.select().from(incidentWriteups);
    expect(rows.map((r) => [r.field, r.writtenBy.name]).sort()).toEqual([["lessons-learned", "alice"], ["root-cause", "alice"]]);
    // The channel hears it; the log keeps the text.
    expect(port.texts().some((t) => t === "Root cause: Order-note field passed to the model as trusted context")).toBe(true);
    expect(await lastLog()).toMatchObject({ kind: "writeup", outcome: "ok" });
  });

  it("replaces a field (the log keeps both) and clears one with --clear", async () => {
    const { humanId } = await declared();
    await typed(`${humanId} writeup impact 300 conversations`);
    await typed(`${humanId} writeup impact 312 conversations, 14 with order numbers`);
    const [row] = await rt.db.select().from(incidentWriteups);
    expect(row!.text).toBe("312 conversations, 14 with order numbers");
    const logged = (await rt.db.select().from(incidentLog).where(eq(incidentLog.kind, "writeup")).orderBy(incidentLog.seq)).map((r) => r.payload.text);
    expect(logged).toEqual(["300 conversations", "312 conversations, 14 with order numbers"]);
    expect((await typed(`${humanId} writeup impact --clear`)).ok).toBe(true);
    expect(await rt.db.$count(incidentWriteups)).toBe(0);
  });

  it("redacts secrets before storing or posting, and says so", async () => {
    const { humanId } = await declared();
    const key = FAKE_SECRETS.find((s) => s.kind === "openai-key")!.secret;
    const outcome = await typed(`${humanId} writeup root-cause The leaked key ${key} was in the prompt`);
    // The runner redacted the line before the command read it, and tells the asker so.
    expect(outcome.reply!.text).toBe("Root cause saved.\n⚠️ What you sent held a credential (openai-key). It was not stored — revoke it and issue a new one.");
    const [row] = await rt.db.select().from(incidentWriteups);
    expect(row!.text).toBe("The leaked key [REDACTED:openai-key] was in the prompt");
    // The payload and the post carry the redacted text (the typed line in `text` is the runner's).
    expect(JSON.stringify((await lastLog()).payload)).not.toContain(key);
    expect(port.texts().join("\n")).not.toContain(key);
  });

  it("refuses an unknown field and an over-long text with the usage, logged", async () => {
    const { humanId } = await declared();
    const unknown = await typed(`${humanId} writeup summary It went badly`);
    expect(unknown.ok).toBe(false);
    expect(json(unknown)).toContain("“summary” is not a write-up field; use one of root-cause, contributing-factors, detection-gap, impact, lessons-learned.");
    expect(await lastLog()).toMatchObject({ kind: "writeup", outcome: "rejected" });
    const long = await typed(`${humanId} writeup impact ${"x".repeat(5001)}`);
    expect(long.ok).toBe(false);
    expect(json(long)).toContain("That write-up is too long (at most 5000 characters)");
    expect(await rt.db.$count(incidentWriteups)).toBe(0);
  });

  it("works on a closed incident: the review often comes after close", async () => {
    const incident = await declared();
    await rt.db.update(incidents).set({ phase: "closed", closedAt: rt.clock.now() }).where(eq(incidents.id, incident.id));
    expect((await typed(`${incident.humanId} writeup detection-gap No alert on prompt echoes`)).ok).toBe(true);
    expect(await rt.db.$count(incidentWriteups)).toBe(1);
  });
});

describe("evidence says what its hash is of", () => {
  it("labels a typed line's hash as the description's", async () => {
    const { humanId } = await declared();
    expect((await typed(`${humanId} evidence Screenshot of leaked prompt in ticket 4411`)).ok).toBe(true);
    const [row] = await rt.db.select().from(evidence);
    expect(row).toMatchObject({ hashOf: "description", sha256: createHash("sha256").update("Screenshot of leaked prompt in ticket 4411").digest("hex") });
    expect(JSON.stringify(port.posts.at(-1)!.message)).toContain("SHA-256 of this description as typed (not of any file)");
  });

  it("records the artefact's own hash given with --sha256 (either form), lower-cased", async () => {
    const { humanId } = await declared();
    const hex = "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08";
    expect((await typed(`${humanId} evidence s3://forensics/inc-1/weights.tar.gz --sha256 ${hex}`)).ok).toBe(true);
    expect((await typed(`${humanId} evidence --sha256=${hex.toLowerCase()} Model weights copy on the NAS`)).ok).toBe(true);
    const rows = await rt.db.select().from(evidence).orderBy(evidence.collectedAt);
    expect(rows.map((r) => [r.hashOf, r.sha256, r.description, r.url])).toEqual([
      ["artefact", hex.toLowerCase(), "s3://forensics/inc-1/weights.tar.gz", "s3://forensics/inc-1/weights.tar.gz"],
      ["artefact", hex.toLowerCase(), "Model weights copy on the NAS", null],
    ]);
    expect(JSON.stringify(port.posts.at(-1)!.message)).toContain(`SHA-256 of the artefact, as given: ${hex.toLowerCase()}`);
  });

  it("refuses a hash that is not 64 hex characters, or a missing one, with the usage", async () => {
    const { humanId } = await declared();
    const short = await typed(`${humanId} evidence s3://x/y --sha256 abc123`);
    expect(short.ok).toBe(false);
    expect(json(short)).toContain("“abc123” is not a SHA-256: that is 64 hexadecimal characters (0-9, a-f); this has 6.");
    const wrong = await typed(`${humanId} evidence s3://x/y --sha256 ${"z".repeat(64)}`);
    expect(json(wrong)).toContain("this has 64 and other characters");
    const missing = await typed(`${humanId} evidence s3://x/y --sha256`);
    expect(json(missing)).toContain("“--sha256” needs the artefact's hash after it");
    expect(json(missing)).toContain('{"command":"evidence <URL or description> --sha256 <hash of the artefact>"}');
    expect(await rt.db.$count(evidence)).toBe(0);
    expect(await lastLog()).toMatchObject({ kind: "evidence", outcome: "rejected" });
  });
});
