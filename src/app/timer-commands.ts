import { and, asc, eq } from "drizzle-orm";
import type { Command } from "../commands/command.js";
import { type Message, textMessage } from "../chat/message.js";
import type { Ctx } from "../context.js";
import { formatDuration, formatUtc } from "../domain/time.js";
import { findScenario } from "../drills/scenarios.js";
import { declareIncident } from "../incidents/declare-incident.js";
import { flagPersonalData } from "../incidents/flag-personal-data.js";
import { notifyRegulator } from "../incidents/notify-regulator.js";
import { recordRead } from "../incidents/record.js";
import { type IncidentRow, reminders } from "../store/schema.js";
import { dismissReminder } from "../timers/dismiss-reminder.js";
import { shortReminderRef } from "../timers/ids.js";
import { REGULATORY_DEADLINE_HOURS } from "../timers/plan.js";
import { snoozeReminder } from "../timers/snooze-reminder.js";
import { announce, reply } from "./handlers.js";
import { openIncidentSpace } from "./open-space.js";
import type { Invocation, Outcome } from "./run-command.js";
import type { Runtime } from "./runtime.js";

type TimerCommand = Extract<Command, { kind: "flag" | "snooze" | "dismiss" | "reminders" | "drill" | "notify" }>;

/** The commands about time: the regulatory clock, nudges, drills. */
export async function handleTimerCommand(rt: Runtime, ctx: Ctx, inv: Invocation, command: TimerCommand, incident?: IncidentRow): Promise<Outcome> {
  switch (command.kind) {
    case "flag": {
      const result = await flagPersonalData(ctx, { incidentId: incident!.id });
      const problems: string[] = [];
      const speed = incident!.clockSpeed;
      const due = new Date(result.at.getTime() + (REGULATORY_DEADLINE_HOURS * 3_600_000) / speed);
      if (result.firstTime) await announce(rt, ctx, incident!.id, textMessage(`⚖️ Flagged: personal data exposed. Regulator notification is due within ${REGULATORY_DEADLINE_HOURS}h, by ${formatUtc(due)}. The legal advisor gets reminders until \`notify regulator\`.`), problems);
      return reply(result.firstTime ? undefined : textMessage(`Already flagged at ${formatUtc(result.at)}; the clock keeps that start.`), problems, { ok: true, incident });
    }
    case "notify": {
      const result = await notifyRegulator(ctx, { incidentId: incident!.id });
      const problems: string[] = [];
      if (result.firstTime) await announce(rt, ctx, incident!.id, textMessage(`⚖️ Regulator notified at ${formatUtc(result.at)}${result.flaggedAt ? `, ${formatDuration((result.at.getTime() - result.flaggedAt.getTime()) / 60_000)} after the personal-data flag` : ""}.`), problems);
      return reply(result.firstTime ? undefined : textMessage(`The regulator was already marked notified at ${formatUtc(result.at)}.`), problems, { ok: true, incident });
    }
    case "snooze": {
      const minutes = command.minutes ?? rt.config.timers.snooze;
      const result = await snoozeReminder(ctx, { incidentId: incident!.id, reminder: command.reminder, minutes });
      return { ok: true, incident, reply: textMessage(`😴 Snoozed for ${formatDuration(minutes)}: I will remind you again at ${formatUtc(result.until)} (\`${shortReminderRef(result.snoozeId)}\`).`) };
    }
    case "dismiss": {
      const result = await dismissReminder(ctx, { incidentId: incident!.id, reminder: command.reminder });
      const also = result.cancelled.length ? ` Also cancelled: ${result.cancelled.join(", ")}.` : "";
      return { ok: true, incident, reply: textMessage(`✅ Marked done: ${result.key}.${also}`) };
    }
    case "reminders": {
      const rows = await rt.db
        .select()
        .from(reminders)
        .where(and(eq(reminders.incidentId, incident!.id), eq(reminders.status, "scheduled")))
        .orderBy(asc(reminders.fireAt))
        .limit(20);
      await recordRead(ctx, "reminders", incident!.id);
      const now = rt.clock.now().getTime();
      const lines = rows.map((r) => `${formatUtc(r.fireAt)} (in ${formatDuration(Math.max(0, (r.fireAt.getTime() - now) / 60_000))}) · ${r.key} · \`${shortReminderRef(r.id)}\``);
      return { ok: true, incident, reply: textMessage(lines.length ? `Coming up for ${incident!.humanId}:\n${lines.join("\n")}` : `Nothing scheduled for ${incident!.humanId}.`) };
    }
    case "drill":
      return startDrill(rt, ctx, inv, command.scenario, command.speed ?? rt.config.timers.drillSpeed);
  }
}

/** A drill is a real incident marked as a drill, on a clock `speed` times faster, with injects. */
async function startDrill(rt: Runtime, ctx: Ctx, inv: Invocation, name: string, speed: number): Promise<Outcome> {
  const scenario = findScenario(name)!;
  const declared = await declareIncident(ctx, {
    title: `Drill: ${scenario.title}`,
    severity: scenario.severity,
    vector: scenario.vector,
    description: scenario.brief,
    drill: true,
    clockSpeed: speed,
    drillScenario: scenario.name,
    origin: inv.space,
  });
  const opened = await openIncidentSpace(rt, ctx, declared.incident.id, inv.port);
  const firstHour = formatDuration(60 / speed);
  const brief: Message = {
    text: `DRILL ${declared.incident.humanId}: ${scenario.brief}`,
    blocks: [
      { type: "header", text: `🎭 DRILL — ${scenario.title}` },
      { type: "text", text: [scenario.brief] },
      { type: "context", text: [`This is a tabletop exercise. The clock runs ×${speed}: the first hour plays in ${speed >= 60 ? `${Math.round(3600 / speed)}s` : firstHour}. Injects will arrive on that clock. Drills never count in metrics.`] },
    ],
  };
  await announce(rt, ctx, declared.incident.id, brief, opened.problems);
  return reply(
    { text: `Drill ${declared.incident.humanId} started`, blocks: [{ type: "text", text: [{ strong: `🎭 Drill ${declared.incident.humanId} started` }, ` — ${scenario.name}, clock ×${speed}${opened.space ? `, in #${opened.space.name}` : ""}`] }] },
    opened.problems,
    { ok: true, incident: declared.incident, space: opened.space },
  );
}
