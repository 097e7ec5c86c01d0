import type { HomeView, KnownBlock } from "@slack/types";
import { formatDuration, holder, type IncidentView, type Message, numberedSteps, type Phase, PHASE_LABELS, progress, type Role, ROLE_INFO, WRITEUP_FORM_ACTION } from "../../../src/core.js";
import { capBlocks, renderMessage } from "./message.js";
import { LIMITS } from "./limits.js";
import { channelMention, clipMrkdwn, emphasis, escapeMrkdwn } from "./text.js";

const TASKS_PER_INCIDENT = 8;
export const DECLARE_FROM_HOME = "declare.open";

/** The roles `userId` holds on an incident (primary or backup). */
function rolesHeld(view: IncidentView, userId: string): Role[] {
  return [...new Set(view.roles.filter((r) => r.person.platform === "slack" && r.person.id === userId).map((r) => r.role as Role))];
}

/** Open steps owned by a role the person holds, in the incident's numbering. */
export function openTasksFor(view: IncidentView, userId: string) {
  const roles = rolesHeld(view, userId);
  if (!roles.length) return { roles, steps: [] };
  const steps = numberedSteps(view.incident.playbooks).filter((s) => roles.includes(s.owner) && !view.steps.get(s.key)?.checked);
  return { roles, steps };
}

function incidentLink(view: IncidentView): string {
  const { incident } = view;
  const name = `${incident.humanId} · ${incident.title}`;
  return incident.space?.platform === "slack" ? `${channelMention(incident.space.id)} · ${emphasis(name)}` : emphasis(name);
}

/** What the Home tab shows besides the incidents: the person's follow-up actions and `stats`. */
export interface HomeExtras {
  /** Open follow-up actions this person owns, on any incident (closed ones too). */
  actions?: Message;
  /** The last 30 days' figures, as `stats` gives them. */
  stats?: Message;
  timeZone?: string;
}

/** Phases in which the review's write-up is being written: their incidents offer the form. */
const WRITING_PHASES = new Set<Phase>(["resolved", "review"]);

/**
 * The App Home tab: every open incident at a glance, then the steps waiting on this person, their
 * follow-up actions and the month's metrics. Built from the same views as the channel messages,
 * so the numbers agree with `check <n>`, `actions` and `stats`.
 */
export function homeView(views: IncidentView[], userId: string, now: Date, extras: HomeExtras = {}): HomeView {
  const blocks: KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: `Open incidents (${views.length})`, emoji: true } },
    {
      type: "actions",
      elements: [{ type: "button", action_id: DECLARE_FROM_HOME, style: "danger", text: { type: "plain_text", text: "🚨 Declare an incident", emoji: true } }],
    },
  ];
  if (!views.length) blocks.push({ type: "section", text: { type: "mrkdwn", text: "No open incidents. 🎉 Declare one with `/incident declare` in any channel." } });
  for (const view of views) {
    const { incident } = view;
    const ic = holder(view.roles, "commander", "primary");
    const { done, total } = progress(view);
    const age = formatDuration((now.getTime() - incident.declaredAt.getTime()) / 60_000);
    const commander = ic ? (ic.platform === "slack" ? `<@${ic.id}>` : `@${escapeMrkdwn(ic.name)}`) : "unfilled";
    const drill = incident.isDrill ? "[DRILL] " : "";
    const lines = [`${drill}${incidentLink(view)}`, `${emphasis(incident.severity)} · ${escapeMrkdwn(PHASE_LABELS[incident.phase as Phase])} · ${age} old · IC ${commander} · checklist ${done}/${total}`];
    const writeup = WRITING_PHASES.has(incident.phase as Phase)
      ? { accessory: { type: "button" as const, action_id: WRITEUP_FORM_ACTION, value: incident.id, text: { type: "plain_text" as const, text: "📝 Write-up", emoji: true } } }
      : {};
    blocks.push({ type: "section", text: { type: "mrkdwn", text: clipMrkdwn(lines.join("\n"), LIMITS.sectionText) }, ...writeup });
  }

  const mine = views.map((v) => ({ view: v, ...openTasksFor(v, userId) })).filter((t) => t.roles.length);
  blocks.push({ type: "divider" }, { type: "header", text: { type: "plain_text", text: "Your open tasks", emoji: true } });
  if (!mine.length) blocks.push({ type: "section", text: { type: "mrkdwn", text: "You hold no role on an open incident." } });
  for (const { view, roles, steps } of mine) {
    const title = `${emphasis(view.incident.humanId)} — as ${roles.map((r) => ROLE_INFO[r].label.toLowerCase()).join(", ")}`;
    const shown = steps.slice(0, TASKS_PER_INCIDENT).map((s) => `⬜ ${s.number}. ${escapeMrkdwn(s.text)}`);
    const more = steps.length > TASKS_PER_INCIDENT ? [`_…and ${steps.length - TASKS_PER_INCIDENT} more: \`/incident ${escapeMrkdwn(view.incident.humanId)} checklist\`_`] : [];
    const body = steps.length ? [...shown, ...more] : ["All your steps are done. ✅"];
    blocks.push({ type: "section", text: { type: "mrkdwn", text: clipMrkdwn([title, ...body].join("\n"), LIMITS.sectionText) } });
  }
  blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: escapeMrkdwn("Check steps off in the incident channel, or type `/incident check <number>` there.") }] });
  // Follow-up actions outlive their incident, so they are listed whether it is open or closed.
  for (const extra of [extras.actions, extras.stats]) {
    if (extra) blocks.push({ type: "divider" }, ...renderMessage(extra, { interactive: false, timeZone: extras.timeZone, maxBlocks: 20 }).blocks);
  }
  return { type: "home", blocks: capBlocks(blocks, LIMITS.homeBlocks) };
}
