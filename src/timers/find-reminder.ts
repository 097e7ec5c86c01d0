import { and, asc, eq, sql } from "drizzle-orm";
import { invalid, notFound } from "../errors.js";
import type { Executor } from "../store/db.js";
import { type ReminderRow, reminders } from "../store/schema.js";

/** Finds a reminder of this incident by the hex code people type (a prefix of its id). */
export async function findReminder(db: Executor, incidentId: string, ref: string): Promise<ReminderRow> {
  const prefix = ref.trim().toLowerCase();
  const rows = await db
    .select()
    .from(reminders)
    .where(and(eq(reminders.incidentId, incidentId), sql`${reminders.id}::text like ${`${prefix}%`}`))
    .orderBy(asc(reminders.fireAt))
    .limit(2);
  if (rows.length === 0) throw notFound(`This incident has no reminder \`${ref}\`.`, "The code is under each nudge; `reminders` lists the ones still to come.");
  if (rows.length > 1) throw invalid(`\`${ref}\` matches more than one reminder.`, "Give more of the code, e.g. all 8 characters shown under the nudge.");
  return rows[0]!;
}
