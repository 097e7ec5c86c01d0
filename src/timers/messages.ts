import { type Block, type Inline, type Message, plain } from "../chat/message.js";
import { holder } from "../chat/views/summary.js";
import type { Config } from "../config.js";
import { describeDeadline, formatRegulatorDuration, NAMED_DEADLINES, type RegulatoryRegime } from "../domain/regulatory.js";
import { ROLE_INFO, type Role } from "../domain/roles.js";
import { dueDateLabel } from "../domain/due-date.js";
import type { Person } from "../domain/people.js";
import type { Severity } from "../domain/severity.js";
import { formatDuration, formatUtc } from "../domain/time.js";
import type { IncidentView } from "../incidents/queries.js";
import { TARGET_CLOCK_LABELS } from "../metrics/index.js";
import { FIRST_HOUR } from "../playbooks/index.js";
import type { ReminderRow } from "../store/schema.js";
import { openWindowSteps, unfilledRoles } from "./checks.js";
import { shortReminderRef } from "./ids.js";

/** Who a nudge is for: the role's holder, or a line saying nobody holds it. */
function mention(view: IncidentView, role: Role, slot: "primary" | "backup" = "primary"): Inline[] {
  const person = holder(view.roles, role, slot);
  const label = `${ROLE_INFO[role].label}${slot === "backup" ? " backup" : ""}`;
  return person ? [{ person }, ` (${label})`] : [`${label} (unfilled)`];
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
    { type: "context", text: [`\`snooze ${ref}\` · \`dismiss ${ref}\``] },
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
      return nudge(view, r, config, [`🔔 Nobody is incident commander 5 minutes in. Take it with \`assign commander me\`, or name someone: \`assign commander @name\`.`]);
    case "roles-unfilled": {
      const missing = unfilledRoles(view).map((u) => `${ROLE_INFO[u.role].label}${u.slot === "backup" ? " (backup)" : ""}`);
      return nudge(view, r, config, ["🔔 ", ...mention(view, "commander"), `: 15 minutes in, still unfilled: ${missing.join(", ")}. Fill them with \`assign <role> [backup] @name\`.`]);
    }
    case "overdue": {
      const window = FIRST_HOUR.find((w) => w.key === p.window)!;
      const open = openWindowSteps(view, window.key).map((s) => `${s.number}. ${s.text}`);
      if (p.stage === "nudge") {
        // Nobody owns the window: the commander hears about it instead, and is asked to assign.
        const owner = holder(view.roles, window.owner, "primary") ? mention(view, window.owner) : [...mention(view, window.owner), "; ", ...mention(view, "commander"), `, please assign one (\`assign ${window.owner} @name\`)`];
        return nudge(view, r, config, ["⏰ ", ...owner, `: minute ${window.from}–${window.to} "${window.title}" ended 5 minutes ago with steps open:\n${open.join("\n")}\nDone? \`check <n>\`.`]);
      }
      return nudge(
        view,
        r,
        config,
        ["🚨 Escalation: ", ...mention(view, window.owner, "backup"), `, please take over minute ${window.from}–${window.to} "${window.title}"; `, ...mention(view, "commander"), ` for awareness. Still open 10 minutes after the window:\n${open.join("\n")}`],
        "Escalation: first-hour steps overdue",
      );
    }
    case "cadence":
      return nudge(view, r, config, ["📢 ", ...mention(view, "comms-lead"), `: no stakeholder update for ${formatDuration(Number(p.period))} (the ${p.severity} cadence). Post one with \`update <text>\`.`]);
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
        ["⚖️ ", ...mention(view, "legal"), `: personal data was flagged ${formatRegulatorDuration(offset)} ago; regulator notification (${describeDeadline(deadline)}): `, ...when, ". When done: `notify regulator`."],
        left > 0 ? undefined : "Regulatory deadline",
      );
    }
    case "review": {
      const due = new Date(new Date(String(p.resolvedAt)).getTime() + (Number(p.within) * 60_000) / speed);
      return nudge(view, r, config, ["📝 ", ...mention(view, "commander"), `: hold the blameless post-incident review by ${formatUtc(due)}${p.stage === "due" ? " — that is today" : ""}. Start it with \`status review\`.`]);
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
      { type: "context", text: [`${view.incident.humanId} · ${sev} · \`checklist\` shows every step`] },
    ],
  };
}

/** A nudge once someone answered it: its question stays, its buttons go, who answered is said. */
export function settledNudge(nudge: Message, settled?: { action: "snoozed" | "done"; by: string; at: Date; until?: Date }): Message {
  if (!settled) return nudge;
  const actionsAt = nudge.blocks.findIndex((b) => b.type === "actions");
  const kept = nudge.blocks.slice(0, actionsAt < 0 ? undefined : actionsAt);
  const line = settled.action === "snoozed" ? `😴 Snoozed by @${settled.by}${settled.until ? ` until ${formatUtc(settled.until)}` : ""}` : `✅ Done — marked by @${settled.by} at ${formatUtc(settled.at)}`;
  return { text: `${nudge.text} — ${settled.action === "snoozed" ? "snoozed" : "done"}`, blocks: [...kept, { type: "context", text: [line] }] };
}
