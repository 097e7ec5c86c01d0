import { createHash } from "node:crypto";
import { asc, desc, gt, sql } from "drizzle-orm";
import type { Clock } from "../clock.js";
import { type Actor, actorId } from "../domain/people.js";
import type { Db, Tx } from "./db.js";
import { incidentLog, type LogRow } from "./schema.js";

export type LogOutcome = "ok" | "rejected" | "skipped" | "failed";

export interface LogEntry {
  actor: Actor;
  incidentId?: string | null;
  /** What the person typed (or a description of the button they pressed). */
  text?: string | null;
  /** The parsed command kind (`declare`, `check` …) or a bot event (`space.created`). */
  kind: string;
  outcome: LogOutcome;
  reason?: string | null;
  payload?: Record<string, unknown>;
}

export const GENESIS_HASH = "0".repeat(64);

/** Serialises appends so the chain stays linear; held until the transaction ends. */
const LOG_APPEND_LOCK = 0x4c6f6721; // "Log!"

/**
 * Appends one row inside the caller's transaction: if the change it records rolls back, so does
 * the row, and if the row cannot be written the change fails with it.
 *
 * Lock order, the same for every transaction that writes the log: the incident row first, the
 * log's append lock last. The row's foreign key would take a KEY SHARE lock on the incident while
 * inserting, i.e. *after* the append lock; a change holding that incident row and waiting for the
 * append lock would then deadlock with it. So the KEY SHARE is taken here, up front: whoever holds
 * the incident makes us wait before we hold anything global. Keep the append the last statement
 * of a transaction (it holds the global lock until commit), and one incident per transaction.
 */
export async function appendLog(tx: Tx, clock: Clock, entry: LogEntry): Promise<LogRow> {
  if (entry.incidentId) await tx.execute(sql`select 1 from incidents where id = ${entry.incidentId} for key share`);
  await tx.execute(sql`select pg_advisory_xact_lock(${LOG_APPEND_LOCK})`);
  const [head] = await tx
    .select({ seq: incidentLog.seq, hash: incidentLog.hash })
    .from(incidentLog)
    .orderBy(desc(incidentLog.seq))
    .limit(1);
  const content = {
    seq: (head?.seq ?? 0) + 1,
    at: clock.now(),
    actor: entry.actor,
    incidentId: entry.incidentId ?? null,
    text: entry.text ?? null,
    kind: entry.kind,
    outcome: entry.outcome,
    reason: entry.reason ?? null,
    // jsonb keeps what JSON keeps: drop undefined now so the hash matches what is read back.
    payload: JSON.parse(JSON.stringify(entry.payload ?? {})) as Record<string, unknown>,
    prevHash: head?.hash ?? GENESIS_HASH,
  };
  const hash = hashRow(content);
  const [row] = await tx
    .insert(incidentLog)
    .values({
      ...content,
      actorKind: entry.actor.kind,
      actorId: actorId(entry.actor),
      actorName: entry.actor.name,
      hash,
    })
    .returning();
  return row!;
}

/** Appends a row in a transaction of its own (rejected commands, bot events with no change). */
export function appendLogAlone(db: Db, clock: Clock, entry: LogEntry): Promise<LogRow> {
  return db.transaction((tx) => appendLog(tx, clock, entry));
}

type HashedContent = Pick<LogRow, "seq" | "at" | "actor" | "incidentId" | "text" | "kind" | "outcome" | "reason" | "payload" | "prevHash">;

export function hashRow(row: HashedContent): string {
  const canonical = canonicalJson({
    seq: row.seq,
    at: row.at.toISOString(),
    actor: row.actor,
    incidentId: row.incidentId,
    text: row.text,
    kind: row.kind,
    outcome: row.outcome,
    reason: row.reason,
    payload: row.payload,
    prevHash: row.prevHash,
  });
  return createHash("sha256").update(canonical).digest("hex");
}

/** JSON with object keys sorted at every depth, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export type VerifyResult =
  | { ok: true; rows: number; headHash: string }
  | { ok: false; rows: number; brokenAt: number; problem: string };

/** Walks the whole chain in order and reports the first row that does not fit. */
export async function verifyLog(db: Db | Tx, batchSize = 1000): Promise<VerifyResult> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(incidentLog)
      .where(gt(incidentLog.seq, expectedSeq - 1))
      .orderBy(asc(incidentLog.seq))
      .limit(batchSize);
    for (const row of rows) {
      if (row.seq !== expectedSeq) {
        return { ok: false, rows: checked, brokenAt: expectedSeq, problem: `row ${expectedSeq} is missing (next row is ${row.seq})` };
      }
      if (row.prevHash !== prevHash) {
        return { ok: false, rows: checked, brokenAt: row.seq, problem: `row ${row.seq} does not point at row ${row.seq - 1}'s hash` };
      }
      if (hashRow(row) !== row.hash) {
        return { ok: false, rows: checked, brokenAt: row.seq, problem: `row ${row.seq}'s content does not match its hash (edited after it was written)` };
      }
      prevHash = row.hash;
      expectedSeq++;
      checked++;
    }
    if (rows.length < batchSize) return { ok: true, rows: checked, headHash: prevHash };
  }
}
