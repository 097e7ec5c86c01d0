import { type Block, type Inline, type Message, plain } from "../chat/message.js";
import { richText } from "../chat/rich-text.js";
import { holder } from "../chat/views/summary.js";
import type { Config } from "../config.js";
import { describeDeadline, formatRegulatorDuration, NAMED_DEADLINES, type RegulatoryRegime } from "../domain/regulatory.js";
import { samePerson } from "../domain/people.js";
import { escalationTarget, whoAnswers } from "./recipients.js";
import { ROLE_INFO, type Role } from "../domain/roles.js";
import { dueDateLabel } from "../domain/due-date.js";
import type { Person } from "../domain/people.js";
import type { Severity } from "../domain/severity.js";
import { formatDuration } from "../domain/time.js";
import type { IncidentView } from "../incidents/queries.js";
import { TARGET_CLOCK_LABELS } from "../metrics/index.js";
import { FIRST_HOUR } from "../playbooks/index.js";
import type { ReminderRow } from "../store/schema.js";
import { openWindowSteps, unfilledRoles } from "./checks.js";
import { shortReminderRef } from "./ids.js";

/** Who a nudge is for: the role's holder, or the commander standing in (never an empty role). */
function mention(view: IncidentView, role: Role): Inline[] {
  return whoAnswers(view, role).who;
}

/** Snooze and Done buttons, plus the typed equivalents for platforms without buttons. */
export function nudgeActions(reminderId: string, config: Pick<Config, "timers">): Block[] {
  const ref = shortReminderRef(reminderId);
  return [
    {
      type: "actions",
      buttons: [
        { action: "nudge.snooze", label: `Snooze ${formatDuration(config.timers.snooze)}`, value: reminderId },
        { action: "nudge.done", label: "Done", value: reminderId, style: "primary" },
      ],
    },
    { type: "context", text: richText(`\`snooze ${ref}\` · \`dismiss ${ref}\``) },
  ];
}

function nudge(view: IncidentView, r: ReminderRow, config: Pick<Config, "timers">, text: Inline[], header?: string): Message {
  const drill = view.incident.isDrill ? "🎭 DRILL · " : "";
  const plainText = plain(text);
  return {
    text: `${drill}${view.incident.humanId}: ${plainText}`,
    blocks: [...(header ? [{ type: "header" as const, text: `${drill}${header}` }] : []), { type: "text", text: header ? text : [drill, ...text] }, ...nudgeActions(r.id, config)],
  };
}

/** The message a fired reminder posts (prompts excepted: they reuse the first-hour view). */
export function reminderMessage(r: ReminderRow, view: IncidentView, config: Pick<Config, "targets" | "timers">): Message {
  const p = r.payload;
  const speed = view.incident.clockSpeed;
  switch (r.kind) {
    case "role-commander":
      return nudge(view, r, config, richText(`🔔 Nobody is incident commander 5 minutes in. Take it with \`assign commander me\`, or name someone: \`assign commander @name\`.`));
    case "roles-unfilled": {
      // The one nudge about unfilled roles, to the commander; first-hour nudges do not repeat it.
      const missing = unfilledRoles(view).map((u) => `${ROLE_INFO[u.role].label}${u.slot === "backup" ? " (backup)" : ""}`);
      const to: Inline[] = holder(view.roles, "commander", "primary") ? [...mention(view, "commander"), ": 15"] : ["15"];
      return nudge(view, r, config, ["🔔 ", ...to, ...richText(` minutes in, roles still unfilled: ${missing.join(", ")}. Fill them with \`assign <role> [backup] @name\`.`)]);
    }
    case "overdue": {
      const window = FIRST_HOUR.find((w) => w.key === p.window)!;
      const open = openWindowSteps(view, window.key).map((s) => `${s.number}. ${s.text}`);
      const span = `minute ${window.from}–${window.to} "${window.title}"`;
      if (p.stage === "nudge") {
        return nudge(view, r, config, ["⏰ ", ...whoAnswers(view, window.owner).who, ...richText(`: ${span} ended 5 minutes ago with steps open:\n${open.join("\n")}\nDone? \`check <number>\`.`)]);
      }
      const target = escalationTarget(view, window.owner);
      const still = `Still open 10 minutes after the window:\n${open.join("\n")}`;
      // checks.ts skips an escalation with nobody to go to; this is the fallback for a direct render.
      if (!target) return nudge(view, r, config, [`🚨 Escalation: ${span} — ${still}`], "Escalation: first-hour steps overdue");
      const commander = holder(view.roles, "commander", "primary");
      const awareness: Inline[] = target.asBackup && commander && !samePerson(commander, target.person) ? ["; ", { person: commander }, ` (${ROLE_INFO.commander.label}) for awareness`] : [];
      const role = target.asBackup ? ` (${ROLE_INFO[window.owner].label} backup)` : ` (${ROLE_INFO.commander.label})`;
      return nudge(view, r, config, ["🚨 Escalation: ", { person: target.person }, role, `, please take over ${span}${target.asBackup ? "" : " or hand it to someone"}`, ...awareness, `. ${still}`], "Escalation: first-hour steps overdue");
    }
    case "cadence":
      return nudge(view, r, config, ["📢 ", ...mention(view, "comms-lead"), ...richText(`: no stakeholder update for ${formatDuration(Number(p.period))} (the ${p.severity} cadence). Post one with \`update <text>\`.`)]);
    case "target": {
      const label = TARGET_CLOCK_LABELS[p.target as keyof typeof TARGET_CLOCK_LABELS] ?? String(p.target);
      // `minutes` is the target the clock is held to: a drill's is compressed by its speed.
      const minutes = Number(p.minutes);
      const configured = Number(p.configuredMinutes ?? minutes);
      const held = speed > 1 && configured !== minutes ? `${p.severity}'s ${formatDuration(configured)} at drill speed ×${speed}` : String(p.severity);
      const target = `${label} within ${formatDuration(minutes)} (${held})`;
      if (Number(p.percent) >= 100) return nudge(view, r, config, ["🚨 ", ...mention(view, "commander"), `: target breached — ${target}.`], "Target breached");
      return nudge(view, r, config, ["⏳ ", ...mention(view, "commander"), `: ${p.percent}% of the target used — ${target}; ${formatDuration((minutes * (100 - Number(p.percent))) / 100)} left.`]);
    }
    case "regulatory": {
      // Reminders planned before the deadline was a choice carry `hours` and were GDPR's 72 h.
      const deadline = { regime: (p.regime ?? "gdpr") as RegulatoryRegime, minutes: Number(p.deadlineMinutes ?? NAMED_DEADLINES.gdpr.minutes) };
      const offset = Number(p.offsetMinutes ?? Number(p.hours) * 60);
      const flagged = new Date(String(p.flaggedAt));
      const due = new Date(flagged.getTime() + (deadline.minutes * 60_000) / speed);
      const left = deadline.minutes - offset;
      const when: Inline[] = left > 0 ? [`${formatRegulatorDuration(left)} left (due `, { time: due }, ")"] : ["the deadline (", { time: due }, ") is now"];
      return nudge(
        view,
        r,
        config,
        ["⚖️ ", ...mention(view, "legal"), `: personal data was flagged ${formatRegulatorDuration(offset)} ago; regulator notification (${describeDeadline(deadline)}): `, ...when, ...richText(". When done: `notify regulator`.")],
        left > 0 ? undefined : "Regulatory deadline",
      );
    }
    case "review": {
      const due = new Date(new Date(String(p.resolvedAt)).getTime() + (Number(p.within) * 60_000) / speed);
      return nudge(view, r, config, ["📝 ", ...mention(view, "commander"), ": hold the blameless post-incident review by ", { time: due }, ...richText(`${p.stage === "due" ? " — that is today" : ""}. Start it with \`status review\`.`)]);
    }
    case "recurrence":
      return nudge(view, r, config, ["🔁 ", ...mention(view, "commander"), `: ${formatDuration(Number(p.minutes))} since ${view.incident.humanId} closed — recurrence check. Any sign it is back (same payloads, drift, the same dependency)? If so, declare a new incident.`]);
    case "inject":
      return { text: `🎭 DRILL inject: ${p.text}`, blocks: [{ type: "header", text: `🎭 Drill inject ${Number(p.index) + 1}` }, { type: "text", text: [String(p.text)] }, { type: "context", text: ["This is a drill. Respond as you would for real."] }] };
    case "first-hour-summary":
      return firstHourSummary(view);
    case "action":
      return actionNudge(view, r);
    default:
      return { text: `${view.incident.humanId}: reminder ${r.key}`, blocks: [{ type: "text", text: [`⏰ Reminder ${r.key}`] }] };
  }
}

/**
 * A follow-up action on its due day, and once overdue. No Snooze/Done buttons: they act on the
 * incident, which may be closed by now; `action done <n>` works either way.
 */
function actionNudge(view: IncidentView, r: ReminderRow): Message {
  const p = r.payload as { number: number; text: string; owner: Person; dueOn: string; stage: "due" | "overdue" };
  const drill = view.incident.isDrill ? "🎭 DRILL · " : "";
  const when = p.stage === "overdue" ? `was due ${dueDateLabel(p.dueOn)} and is still open` : "is due today";
  const text: Inline[] = [p.stage === "overdue" ? "⚠️ " : "📌 ", { person: p.owner }, `: follow-up action ${p.number} of ${view.incident.humanId} ${when}: ${p.text}`];
  return {
    text: `${drill}${view.incident.humanId}: follow-up action ${p.number} ${when}`,
    blocks: [{ type: "text", text: [drill, ...text] }, { type: "context", text: [`Done? \`/incident ${view.incident.humanId} action done ${p.number}\` · \`actions\` lists them all.`] }],
  };
}

/** +60: what the first hour got done and what is still open. */
function firstHourSummary(view: IncidentView): Message {
  const done = FIRST_HOUR.filter((w) => view.steps.get(w.step.key)?.checked).map((w) => `✅ ${w.title}`);
  const open = FIRST_HOUR.filter((w) => !view.steps.get(w.step.key)?.checked).map((w) => `⬜ ${w.title} (${ROLE_INFO[w.owner].label})`);
  const sev = view.incident.severity as Severity;
  return {
    text: `${view.incident.humanId} first hour: ${done.length}/${FIRST_HOUR.length} done`,
    blocks: [
      { type: "header", text: `${view.incident.isDrill ? "🎭 DRILL · " : ""}🏁 First hour: ${done.length}/${FIRST_HOUR.length} done` },
      ...(done.length ? [{ type: "text" as const, text: [{ strong: "Done" }, `\n${done.join("\n")}`] }] : []),
      ...(open.length ? [{ type: "text" as const, text: [{ strong: "Still open" }, `\n${open.join("\n")}`] }] : []),
      { type: "context", text: richText(`${view.incident.humanId} · ${sev} · \`checklist\` shows every step`) },
    ],
  };
}

/** A nudge once someone answered it: its question stays, its buttons go, who answered is said. */
export function settledNudge(nudge: Message, settled?: { action: "snoozed" | "done"; by: string; at: Date; until?: Date }): Message {
  if (!settled) return nudge;
  const actionsAt = nudge.blocks.findIndex((b) => b.type === "actions");
  const kept = nudge.blocks.slice(0, actionsAt < 0 ? undefined : actionsAt);
  const line: Inline[] =
    settled.action === "snoozed" ? [`😴 Snoozed by @${settled.by}`, ...(settled.until ? [" until ", { time: settled.until, show: "time" as const }] : [])] : [`✅ Done — marked by @${settled.by} at `, { time: settled.at, show: "time" }];
  return { text: `${nudge.text} — ${settled.action === "snoozed" ? "snoozed" : "done"}`, blocks: [...kept, { type: "context", text: line }] };
}
