import { and, eq, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "../context.js";
import { conflict } from "../errors.js";
import { changeIncident } from "../incidents/change.js";
import { reminders } from "../store/schema.js";
import { findReminder } from "./find-reminder.js";
import { cancelReminders } from "./reconcile.js";

export const DismissInput = z.object({ incidentId: z.uuid(), reminder: z.string().min(4) });

export interface Dismissed {
  reminderId: string;
  key: string;
  /** Follow-ups cancelled with it: its snoozes and, for an overdue nudge, the escalation. */
  cancelled: string[];
}

/** "Done": the nudge was handled. Its pending snoozes and escalation will not fire. */
export async function dismissReminder(ctx: Ctx, raw: z.input<typeof DismissInput>): Promise<Dismissed> {
  const input = DismissInput.parse(raw);
  return changeIncident<Dismissed>(ctx, input.incidentId, "dismiss", async (tx, incident) => {
    const reminder = await findReminder(tx, incident.id, input.reminder);
    if (reminder.status === "done") throw conflict("That reminder was already marked done.");
    if (reminder.status === "cancelled" || reminder.status === "skipped") throw conflict(`That reminder was ${reminder.status}; nothing to dismiss.`);
    const now = ctx.clock.now();
    const base = typeof reminder.payload.snoozeOf === "string" ? reminder.payload.snoozeOf : reminder.key;
    const followUpKeys = [`${base}~snooze@%`];
    if (reminder.kind === "overdue" && reminder.payload.stage === "nudge") followUpKeys.push(`overdue:${String(reminder.payload.window)}:escalate%`);
    const followUps = await tx
      .select({ id: reminders.id, key: reminders.key })
      .from(reminders)
      .where(and(eq(reminders.incidentId, incident.id), eq(reminders.status, "scheduled"), or(...followUpKeys.map((k) => sql`${reminders.key} like ${k}`))));
    const cancelled = await cancelReminders(tx, ctx.reminders, [...followUps.map((f) => f.id), ...(reminder.status === "scheduled" ? [reminder.id] : [])], now, "done");
    if (reminder.status === "fired") await tx.update(reminders).set({ status: "done", settledAt: now }).where(eq(reminders.id, reminder.id));
    const keys = followUps.filter((f) => cancelled.some((c) => c.id === f.id)).map((f) => f.key);
    return { result: { reminderId: reminder.id, key: reminder.key, cancelled: keys }, payload: { reminderId: reminder.id, key: reminder.key, cancelled: keys } };
  });
}
