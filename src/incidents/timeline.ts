import { and, asc, eq } from "drizzle-orm";
import type { Executor } from "../store/db.js";
import { incidentLog, type LogRow } from "../store/schema.js";

/** What happened on an incident: its accepted log rows (reads left out), oldest first. */
const READS = new Set(["roles", "checklist", "timeline", "help", "list", "verify", "readiness"]);

export async function incidentEvents(db: Executor, incidentId: string): Promise<LogRow[]> {
  const rows = await db
    .select()
    .from(incidentLog)
    .where(and(eq(incidentLog.incidentId, incidentId), eq(incidentLog.outcome, "ok")))
    .orderBy(asc(incidentLog.seq));
  return rows.filter((r) => !READS.has(r.kind) && !(r.kind === "status" && !r.payload.to));
}
