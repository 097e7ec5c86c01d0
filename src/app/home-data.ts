import { eq } from "drizzle-orm";
import { openActions } from "../actions/queries.js";
import { openActionsMessage } from "../actions/view.js";
import type { Message } from "../chat/message.js";
import { todayIn } from "../domain/due-date.js";
import type { Person } from "../domain/people.js";
import { findSharedDocument } from "../effects/deliver-file.js";
import { computeStats } from "../metrics/aggregate.js";
import { loadStatsIncidents } from "../metrics/load.js";
import { parseStatsPeriod } from "../metrics/period.js";
import { statsMessage } from "../metrics/stats-view.js";
import { incidentWriteups, type SharedDocumentRow, type WriteupField } from "../store/schema.js";
import type { Runtime } from "./runtime.js";

/** `stats` for a dashboard (Slack's App Home): the same figures and message as the command. */
export async function statsView(rt: Runtime, period = "30d"): Promise<Message> {
  const now = rt.clock.now();
  const parsed = parseStatsPeriod(period, now);
  return statsMessage(computeStats(await loadStatsIncidents(rt.db, parsed), rt.config.targets, now), parsed);
}

/** The open follow-up actions a person owns, on any incident (closed ones too). */
export async function actionsOwnedBy(rt: Runtime, person: Pick<Person, "platform" | "id">): Promise<{ count: number; message: Message }> {
  const rows = await openActions(rt.db, person, 50);
  return { count: rows.length, message: openActionsMessage(rows, todayIn(rt.clock.now(), rt.config.timeZone), "Your follow-up actions") };
}

/** The write-up as it stands, field by field, to fill a form with. */
export async function writeupFields(rt: Runtime, incidentId: string): Promise<Partial<Record<WriteupField, string>>> {
  const rows = await rt.db.select().from(incidentWriteups).where(eq(incidentWriteups.incidentId, incidentId));
  return Object.fromEntries(rows.map((r) => [r.field, r.text]));
}

/** A document shared by link (reports on Teams), while the link is valid. */
export function sharedDocument(rt: Runtime, token: string): Promise<SharedDocumentRow | undefined> {
  return findSharedDocument(rt.db, token, rt.clock.now());
}
