import { Writable } from "node:stream";
import { sql } from "drizzle-orm";
import pino, { type Logger } from "pino";
import { redactingLogOptions } from "../../src/security/log-redaction.js";
import type { Db } from "../../src/store/db.js";
import { FAKE_SECRETS, type FakeSecret, fragmentsOf } from "./fake-secrets.js";

/** Every row of every table in the database, as JSON text: whatever a table holds, it is searched. */
export async function everythingStored(db: Db): Promise<{ tables: string[]; text: string }> {
  const result = await db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`);
  const tables = (result as unknown as { rows: { table_name: string }[] }).rows.map((r) => r.table_name);
  const parts: string[] = [];
  for (const table of tables) {
    const rows = await db.execute(sql.raw(`select row_to_json(t)::text as row from "${table}" t`));
    for (const row of (rows as unknown as { rows: { row: string }[] }).rows) parts.push(row.row);
  }
  return { tables, text: parts.join("\n") };
}

/** The process log as the real one is made (the redacting hook), at the most verbose level, captured. */
export function capturedLog(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...chunk.toString().split("\n").filter(Boolean));
      done();
    },
  });
  return { logger: pino({ ...redactingLogOptions, level: "trace" }, stream), lines };
}

/** Which of the secrets (by label) left any 12-character run of themselves in `text`. */
export function leaked(text: string, secrets: FakeSecret[] = FAKE_SECRETS): string[] {
  return secrets.filter((s) => text.includes(s.secret) || fragmentsOf(s.secret).some((f) => text.includes(f))).map((s) => s.label);
}

/** A note a responder might write around a pasted key. */
export const pasteNote = (s: FakeSecret) => `found in the support bot's config: ${s.pasted} (rotating it now)`;
