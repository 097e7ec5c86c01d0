import { and, eq, or, sql } from "drizzle-orm";
import { z } from "zod";
import { textMessage } from "../chat/message.js";
import { conflict } from "../errors.js";
import { reminders } from "../store/schema.js";
import { findReminder } from "../timers/find-reminder.js";
import { reminderName } from "../timers/names.js";
import { cancelReminders } from "../timers/reconcile.js";
import { type CommandSpec, defineCommand } from "./define.js";
import { usage } from "./grammar.js";
import { REMINDER_REF, settleNudge } from "./snooze.js";

const spec: CommandSpec = {
  name: "dismiss",
  aliases: ["ack", "acknowledge"],
  usage: ["dismiss <reminder>"],
  summary: "Mark a nudge handled: its snoozes (and, for an overdue step, the escalation) are cancelled",
  examples: ["dismiss 3f2a9c1b"],
  scope: "incident",
};

/** "Done": the nudge was handled. Its pending snoozes and escalation will not fire. */
export const dismiss = defineCommand({
  spec,
  access: "snooze",
  changes: true,
  // A nudge posted after close (a check-in, the regulator clock) can still be marked done.
  allowClosed: true,
  parse(args) {
    if (args.length !== 1) throw usage(spec, "Name one reminder: the code under the nudge.");
    return { reminder: args[0]! };
  },
  schema: z.object({ reminder: REMINDER_REF }),
  async run({ tx, ctx, incident, effects }, input) {
    const reminder = await findReminder(tx, incident!.id, input.reminder);
    if (reminder.status === "cancelled" || reminder.status === "skipped") throw conflict(`That reminder was ${reminder.status}; nothing to dismiss.`);
    const now = ctx.clock.now();
    const base = typeof reminder.payload.snoozeOf === "string" ? reminder.payload.snoozeOf : reminder.key;
    const followUpKeys = [`${base}~snooze@%`];
    if (reminder.kind === "overdue" && reminder.payload.stage === "nudge") followUpKeys.push(`overdue:${String(reminder.payload.window)}:escalate%`);
    const followUps = await tx
      .select({ id: reminders.id, key: reminders.key })
      .from(reminders)
      .where(and(eq(reminders.incidentId, incident!.id), eq(reminders.status, "scheduled"), or(...followUpKeys.map((k) => sql`${reminders.key} like ${k}`))));
    // Done after Snooze: the nudge itself is settled already, but its snoozed copy must not fire.
    if (reminder.status === "done" && followUps.length === 0) throw conflict("That reminder was already marked done.");
    const cancelled = await cancelReminders(tx, ctx.reminders, [...followUps.map((f) => f.id), ...(reminder.status === "scheduled" ? [reminder.id] : [])], now, "done");
    if (reminder.status === "fired") await tx.update(reminders).set({ status: "done", settledAt: now }).where(eq(reminders.id, reminder.id));
    // Everyone sees the nudge answered: its buttons go.
    effects.push(settleNudge(incident!.id, reminder.id, { action: "done", by: ctx.actor.name, at: now }));
    const keys = followUps.filter((f) => cancelled.some((c) => c.id === f.id)).map((f) => f.key);
    const also = keys.length ? ` Also cancelled: ${keys.map(reminderName).join(", ")}.` : "";
    return {
      reply: textMessage(`✅ Marked done: ${reminderName(reminder.key)}.${also}`),
      log: { payload: { reminderId: reminder.id, key: reminder.key, cancelled: keys } },
    };
  },
});
