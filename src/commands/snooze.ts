import { eq } from "drizzle-orm";
import { z } from "zod";
import { formatDuration, parseDuration } from "../domain/time.js";
import { quoted } from "../chat/rich-text.js";
import { inlineMessage } from "../chat/message.js";
import { conflict } from "../errors.js";
import { reminders } from "../store/schema.js";
import { AFTER_CLOSE } from "../timers/checks.js";
import { findReminder } from "../timers/find-reminder.js";
import { shortReminderRef } from "../timers/ids.js";
import type { ReminderKind } from "../timers/plan.js";
import { cancelReminders, scheduleReminders } from "../timers/reconcile.js";
import type { Effect, NudgeSettled } from "../effects/effect.js";
import { type CommandSpec, defineCommand } from "./define.js";
import { usage } from "./grammar.js";

export const REMINDER_REF = z.string().regex(/^[0-9a-f][0-9a-f-]{3,35}$/i, "A reminder id is the hex code under a nudge");

const spec: CommandSpec = {
  name: "snooze",
  aliases: ["later", "remind-later"],
  usage: ["snooze <reminder> [duration]"],
  summary: "Put a nudge off (default 30m); the reminder id is shown under each nudge",
  examples: ["snooze 3f2a9c1b", "snooze 3f2a9c1b 1h"],
  scope: "incident",
};

/**
 * Puts a nudge off: a copy is scheduled `minutes` from now (on the incident's clock, so a drill's
 * snooze is compressed too) and re-checked when it fires like any other reminder.
 */
export const snooze = defineCommand({
  spec,
  access: "snooze",
  changes: true,
  // The nudges that still speak after close (check-ins, the regulator clock) can be put off too.
  allowClosed: true,
  parse(args) {
    if (args.length < 1 || args.length > 2) throw usage(spec, "Name the reminder (the code under the nudge) and, if you like, for how long.");
    const minutes = args[1] === undefined ? undefined : parseDuration(args[1]);
    if (args[1] !== undefined && minutes === undefined) throw usage(spec, `${quoted(args[1])} is not a duration like 30m, 2h or 1d.`);
    return { reminder: args[0]!, minutes };
  },
  schema: z.object({ reminder: REMINDER_REF, minutes: z.number().int().min(1).max(7 * 24 * 60).optional() }),
  async run({ tx, ctx, incident, effects }, input) {
    const minutes = input.minutes ?? ctx.config.timers.snooze;
    const reminder = await findReminder(tx, incident!.id, input.reminder);
    if (reminder.status !== "fired" && reminder.status !== "scheduled") throw conflict(`That reminder is ${reminder.status}; there is nothing to snooze.`);
    if (incident!.phase === "closed" && !AFTER_CLOSE.has(reminder.kind)) throw conflict(`${incident!.humanId} is closed; only recurrence check-ins and the regulator clock still remind.`);
    const now = ctx.clock.now();
    const until = new Date(now.getTime() + (minutes * 60_000) / Math.max(1, incident!.clockSpeed));
    const base = typeof reminder.payload.snoozeOf === "string" ? reminder.payload.snoozeOf : reminder.key;
    // Snoozing one not yet due just moves it; a fired one is marked handled-for-now.
    if (reminder.status === "scheduled") await cancelReminders(tx, ctx.reminders, [reminder.id], now, "done");
    else await tx.update(reminders).set({ status: "done", settledAt: now }).where(eq(reminders.id, reminder.id));
    const key = `${base}~snooze@${until.toISOString()}`;
    const [row] = await scheduleReminders(tx, ctx.reminders, incident!.id, [{ key, kind: reminder.kind as ReminderKind, fireAt: until, payload: { ...reminder.payload, snoozeOf: base } }], now, "snooze");
    const snoozeId = row?.id ?? reminder.id;
    effects.push(settleNudge(incident!.id, reminder.id, { action: "snoozed", by: ctx.actor.name, at: now, until }));
    return {
      reply: inlineMessage([`😴 Snoozed for ${formatDuration(minutes)}: I will remind you again at `, { time: until, show: "time" }, " (", { code: shortReminderRef(snoozeId) }, ")."]),
      log: { payload: { reminderId: reminder.id, key: reminder.key, minutes, until: until.toISOString(), snoozeId } },
    };
  },
});

/** Redraws a nudge for everyone once answered: buttons gone, who answered (and until when) said. */
export function settleNudge(incidentId: string, reminderId: string, settled: NudgeSettled): Effect {
  return { kind: "update", incidentId, purpose: `nudge:${reminderId}`, view: { type: "nudge", reminderId, settled } };
}
