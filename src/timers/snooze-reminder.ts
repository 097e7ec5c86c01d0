import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "../context.js";
import { conflict } from "../errors.js";
import { changeIncident } from "../incidents/change.js";
import { reminders } from "../store/schema.js";
import { findReminder } from "./find-reminder.js";
import { cancelReminders, scheduleReminders } from "./reconcile.js";
import type { ReminderKind } from "./plan.js";

export const SnoozeInput = z.object({ incidentId: z.uuid(), reminder: z.string().min(4), minutes: z.number().int().min(1).max(7 * 24 * 60) });

export interface Snoozed {
  original: string;
  until: Date;
  snoozeId: string;
}

/**
 * Puts a nudge off: a copy of it is scheduled `minutes` from now (on the incident's clock, so a
 * drill's snooze is compressed too). It is re-checked when it fires like any other reminder.
 */
export async function snoozeReminder(ctx: Ctx, raw: z.input<typeof SnoozeInput>): Promise<Snoozed> {
  const input = SnoozeInput.parse(raw);
  return changeIncident<Snoozed>(ctx, input.incidentId, "snooze", async (tx, incident) => {
    const reminder = await findReminder(tx, incident.id, input.reminder);
    if (reminder.status !== "fired" && reminder.status !== "scheduled") {
      throw conflict(`That reminder is ${reminder.status}; there is nothing to snooze.`);
    }
    const now = ctx.clock.now();
    const until = new Date(now.getTime() + (input.minutes * 60_000) / Math.max(1, incident.clockSpeed));
    const base = typeof reminder.payload.snoozeOf === "string" ? reminder.payload.snoozeOf : reminder.key;
    // Snoozing one not yet due just moves it; a fired one is marked handled-for-now.
    if (reminder.status === "scheduled") await cancelReminders(tx, ctx.reminders, [reminder.id], now, "done");
    else await tx.update(reminders).set({ status: "done", settledAt: now }).where(eq(reminders.id, reminder.id));
    const key = `${base}~snooze@${until.toISOString()}`;
    const [row] = await scheduleReminders(tx, ctx.reminders, incident.id, [{ key, kind: reminder.kind as ReminderKind, fireAt: until, payload: { ...reminder.payload, snoozeOf: base } }], now, "snooze");
    const snoozeId = row?.id ?? reminder.id;
    return { result: { original: reminder.id, until, snoozeId }, payload: { reminderId: reminder.id, key: reminder.key, minutes: input.minutes, until: until.toISOString(), snoozeId } };
  });
}
