import { describe, expect, it } from "vitest";
import { executeCommand, runCommand } from "../../src/app/run-command.js";
import { transactionRetries } from "../../src/store/failures.js";
import { verifyLog } from "../../src/store/log.js";
import { incidentLog } from "../../src/store/schema.js";
import { useTestDatabase } from "../support/database.js";
import { shellActor, testRuntime } from "../support/runtime.js";
import { RecordingChat } from "../timers/harness.js";

/**
 * Many people on one incident at the same moment, on the Postgres server (real concurrency, a
 * pool of connections): changes, reads and refusals interleave without a deadlock, a lost update
 * or an error anyone sees. Before the lock order was fixed, `severity` racing `roles` deadlocked.
 */
const database = useTestDatabase();

describe("concurrent commands on one incident (server)", () => {
  it("24 mixed commands at once: every one answered, none failed, the log chain intact", async () => {
    const chat = new RecordingChat();
    const rt = testRuntime(database.current.db, { shell: chat });
    const declared = await runCommand(rt, { actor: shellActor("alice"), text: "declare P3 prompt-injection Busy incident", port: chat });
    const incident = declared.incident!;
    const typed = [
      "severity P1", "roles", "note first finding", "timeline", "check 1", "severity P2", "roles", "assign tech-lead @bob",
      "status", "note second finding", "check 2 3", "list", "severity P1", "sevrity P4", "uncheck 1", "update Model offline",
      "assign comms-lead @carol", "evidence s3://forensics/a.json", "roles", "timeline", "notify", "check 999", "checklist", "verify",
    ];
    const before = transactionRetries.count;
    const outcomes = await Promise.all(
      typed.map((text, i) => executeOrType(text, i)),
    );
    async function executeOrType(text: string, i: number) {
      const actor = shellActor(["alice", "bob", "carol", "dan"][i % 4]!);
      return i % 5 === 4
        ? executeCommand(rt, { actor, port: chat }, { kind: "note", text: `form note ${i}` }, { incidentId: incident.id, logText: "[form] note" })
        : runCommand(rt, { actor, text: `${incident.humanId} ${text}`, port: chat });
    }
    // Refusals are the policy's (bob may not change the severity, dan may not assign others) or the
    // person's own mistakes (a typo, step 999); nothing failed on our side.
    const failed = outcomes.filter((o) => !o.ok && /went wrong|can't reach/.test(o.reply?.text ?? ""));
    expect(failed).toEqual([]);
    expect(outcomes.filter((o) => !o.ok).map((o) => o.reply?.text)).toEqual([
      "Only the incident commander (@alice), their backup or a Firebreak admin can change the severity.",
      "Only the incident commander (@alice), their backup or a Firebreak admin can assign someone else to a role.",
      "Unknown command “sevrity”. Did you mean severity?",
      "There is no step 999: this incident's steps are numbered 1 to 69.",
    ]);
    // No transaction needed to be retried: the lock order prevents deadlocks outright.
    expect(transactionRetries.count - before).toBe(0);
    const rows = await database.current.db.select().from(incidentLog).orderBy(incidentLog.seq);
    expect(rows.filter((r) => r.outcome === "failed")).toEqual([]);
    expect(rows.filter((r) => r.kind !== "space.created")).toHaveLength(typed.length + 1);
    expect(await verifyLog(database.current.db)).toMatchObject({ ok: true });
  });
});
