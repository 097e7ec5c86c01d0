import { ATTACK_VECTOR_INFO, ATTACK_VECTORS } from "../../domain/attack-vector.js";
import { DETECTION_SOURCE_INFO, DETECTION_SOURCES } from "../../domain/detection-source.js";
import { type Phase, PHASE_LABELS, PHASES, TRANSITIONS } from "../../domain/lifecycle.js";
import { DEFAULT_REGIME, describeDeadline, NAMED_DEADLINES, type RegulatoryRegime } from "../../domain/regulatory.js";
import { ROLE_INFO, ROLES } from "../../domain/roles.js";
import { SEVERITIES, SEVERITY_LEVELS } from "../../domain/severity.js";
import { formatDuration } from "../../domain/time.js";
import type { CommandSpec } from "../../commands/define.js";
import { examplesOf, usageOf } from "../../commands/grammar.js";
import { CoreError } from "../../errors.js";
import type { IncidentView } from "../../incidents/queries.js";
import { describeMetric, METRIC_KEYS, type MetricInput, type Metrics } from "../../metrics/index.js";
import { findSection, numberedSteps, READINESS_SECTIONS } from "../../playbooks/index.js";
import type { IncidentRow, LogRow } from "../../store/schema.js";
import type { VerifyResult } from "../../store/log.js";
import { type Block, type Inline, type Message, plain } from "../message.js";
import { commandText, quoted, richText } from "../rich-text.js";
import { checklistItem } from "./checklist.js";
import { regulatorKeyTime } from "./regulator.js";
import { holder, incidentHeadline, keyTimes, progress, roleLine } from "./summary.js";

/** A refusal: what is wrong, then how to do it right; commands in either show as typed on the platform. */
export function errorMessage(error: CoreError): Message {
  return {
    text: commandText(error.message),
    blocks: [{ type: "text", text: [{ strong: "⚠" }, " ", ...richText(error.message)] }, ...(error.help ? [{ type: "context" as const, text: richText(error.help) }] : [])],
  };
}

export function rolesMessage(view: IncidentView): Message {
  return {
    text: `${view.incident.humanId} roles`,
    blocks: [
      { type: "header", text: `Roles · ${view.incident.humanId}` },
      { type: "fields", fields: ROLES.map((role) => ({ label: ROLE_INFO[role].label, value: roleLine(view.roles, role) })) },
      { type: "context", text: richText("Change with `assign <role> [backup] @name`; one person may hold several roles.") },
    ],
  };
}

/** `checklist` with no section: every section with its numbered steps. */
export function checklistOverview(view: IncidentView, query?: string): Message {
  const all = numberedSteps(view.incident.playbooks);
  const section = query ? findSection(view.incident.playbooks, query) : undefined;
  if (query && !section) {
    throw new CoreError("not_found", `No checklist section matches ${quoted(query)}.`, `Sections: ${view.incident.playbooks.join(", ")}`);
  }
  const keys = section ? [section.key] : view.incident.playbooks;
  const blocks: Block[] = [];
  for (const key of keys) {
    const steps = all.filter((s) => s.section.key === key);
    if (!steps.length) continue;
    blocks.push({ type: "checklist", section: key, title: steps[0]!.section.title, items: steps.map((s) => checklistItem(view, s)), incidentId: view.incident.id });
  }
  const { done, total } = progress(view);
  return {
    text: `${view.incident.humanId} checklist ${done}/${total}`,
    blocks: [{ type: "header", text: `Checklist · ${view.incident.humanId} · ${done}/${total} done` }, ...blocks, { type: "context", text: richText("`check <number>` marks a step done; `uncheck <number>` reopens it.") }],
  };
}

/**
 * How much of the log a timeline shows: the newest events, at most this many and this much text,
 * older ones counted. That keeps one timeline within what every platform takes in one message
 * (Slack: ~12,000 characters of markup; Teams: 28 KB), and readable.
 */
export const TIMELINE_EVENTS = 50;
const TIMELINE_TEXT = 4000;
/** A note or update longer than this is shortened in the timeline (the log keeps it whole). */
const EVENT_TEXT = 120;

/** What the timeline measures: the incident's metric input and the metrics computed from it. */
export interface Measured {
  input: MetricInput;
  metrics: Metrics;
}

/**
 * Key times, every metric in its state (unknown, running, reached, inconsistent) from the metrics
 * module, then the logged events in order, newest kept.
 */
export function timelineMessage(view: IncidentView, rows: LogRow[], measured: Measured, options: { maxEvents?: number } = {}): Message {
  const { incident } = view;
  const stamps = joinLines(timelineKeyTimes(incident, measured.input));
  const metrics = METRIC_KEYS.map((key) => describeMetric(measured.metrics[key]));
  const lines: Inline[][] = [];
  let size = 0;
  for (const r of [...rows].reverse()) {
    const line: Inline[] = [{ time: r.at }, `  ${clipped(r.actorName, 40)}: `, ...describeEvent(r)];
    size += plain(line).length;
    if (lines.length >= (options.maxEvents ?? TIMELINE_EVENTS) || (lines.length && size > TIMELINE_TEXT)) break;
    lines.unshift(line);
  }
  const hidden = rows.length - lines.length;
  const events = joinLines([...(hidden ? [richText(`… ${hidden} earlier event${hidden === 1 ? "" : "s"} not shown; the ${lines.length} newest follow. \`timeline --file\` posts all of them as a document.`)] : []), ...lines]);
  return {
    text: `${incident.humanId} timeline`,
    blocks: [
      { type: "header", text: `Timeline · ${incidentHeadline(incident)}` },
      { type: "text", text: stamps },
      { type: "text", text: richText(metrics.join("\n")) },
      { type: "divider" },
      { type: "text", text: events.length ? events : ["No events yet."] },
    ],
  };
}

/** One line per key time; every resolution with its reopening; the personal-data flag and its deadline. */
function timelineKeyTimes(incident: IncidentRow, input: MetricInput): Inline[][] {
  const line = (t: { label: string; at: Date | null }): Inline[] => [`${t.label}: `, t.at ? { time: t.at } : "—"];
  const times = keyTimes(incident);
  const resolved: Inline[][] = input.resolutions.length
    ? input.resolutions.map((r) => ["Resolved: ", { time: r.at }, ...(r.reopenedAt ? [" (reopened ", { time: r.reopenedAt }, ")"] : [])] as Inline[])
    : [["Resolved: —"]];
  const regulator = regulatorKeyTime(incident);
  return [
    ...times.filter((t) => t.milestone !== "resolved" && t.milestone !== "closed").map(line),
    ...resolved,
    ...times.filter((t) => t.milestone === "closed").map(line),
    ...(regulator ? [regulator] : []),
  ];
}

function joinLines(lines: Inline[][]): Inline[] {
  return lines.flatMap((line, i) => (i ? ["\n", ...line] : line));
}

function clipped(text: unknown, max: number = EVENT_TEXT): string {
  const s = String(text ?? "");
  return s.length > max ? `${s.slice(0, max - 1).trimEnd()}…` : s;
}

/** One logged event in words; a time in it is a `{ time }`, so it reads like every other stamp. */
export function describeEvent(row: LogRow): Inline[] {
  const p = row.payload as Record<string, any>;
  if (row.kind === "milestone") {
    const at = new Date(p.at);
    return [`${p.milestone} set to `, Number.isNaN(at.getTime()) ? String(p.at) : { time: at }];
  }
  return [describeEventText(row, p)];
}

function describeEventText(row: LogRow, p: Record<string, any>): string {
  switch (row.kind) {
    case "declare":
      return `declared ${p.humanId} (${p.severity}, ${p.vector}): ${clipped(p.title)}`;
    case "assign":
      return `${p.slot === "backup" ? "backup " : ""}${p.role} → @${p.person?.name}${p.changed === false ? " (unchanged)" : ""}`;
    case "unassign":
      return `${p.slot === "backup" ? "backup " : ""}${p.role} left empty (was @${p.previous?.name})`;
    case "severity":
      return p.changed ? `severity ${p.from} → ${p.to}` : `severity confirmed ${p.to}`;
    case "vector":
      return `attack vector ${p.from} → ${p.to}`;
    case "status":
    case "resolve":
    case "close":
      return `phase ${p.from} → ${p.to}${p.resolution ? ` (${clipped(p.resolution)})` : ""}${p.forceReason ? ` — forced: ${clipped(p.forceReason)}` : ""}`;
    case "check":
    case "uncheck":
      return `${row.kind === "check" ? "checked" : "unchecked"} ${(p.changed as { key: string }[] | undefined)?.map((c) => c.key).join(", ") || "nothing new"}`;
    case "note":
      return `note: ${clipped(p.text)}`;
    case "update":
      return `status update: ${clipped(p.text)}`;
    case "evidence":
      return `evidence: ${clipped(p.description)} (sha256 ${String(p.sha256).slice(0, 12)}…)`;
    case "notify":
      return p.audience === "regulator" ? "regulator notified" : "stakeholders notified";
    case "flag": {
      const deadline = describeDeadline({ regime: (p.regime ?? DEFAULT_REGIME) as RegulatoryRegime, minutes: Number(p.deadlineMinutes ?? NAMED_DEADLINES.gdpr.minutes) });
      if (p.previous) return `regulator deadline changed to ${deadline}`;
      return p.firstTime === false ? `personal-data flag confirmed (${deadline})` : `personal data flagged (${deadline})`;
    }
    case "space.created":
      return `channel #${p.space?.name} created`;
    case "space.filled":
      return `posted ${(p.posted as string[] | undefined)?.length ?? 0} messages (summary, checklists, first-hour prompt)`;
    default:
      return row.outcome === "ok" ? row.kind : `${row.kind} (${row.outcome}${row.reason ? `: ${row.reason}` : ""})`;
  }
}

export function listMessage(rows: IncidentRow[], now: Date): Message {
  if (rows.length === 0) return { text: "No open incidents.", blocks: [{ type: "text", text: ["No open incidents. 🎉"] }] };
  const blocks: Block[] = rows.map((i) => {
    const age = formatDuration((now.getTime() - i.declaredAt.getTime()) / 60_000);
    const where: Inline[] = i.space ? [" · ", { space: i.space }] : [" · no channel yet"];
    return { type: "text", text: [{ strong: incidentHeadline(i) }, ` · ${PHASE_LABELS[i.phase as Phase]} · ${age} old`, ...where] };
  });
  return { text: `${rows.length} open incident(s)`, blocks: [{ type: "header", text: `Open incidents (${rows.length})` }, ...blocks] };
}

export function verifyMessage(result: VerifyResult): Message {
  const text = result.ok
    ? `Incident log verified: ${result.rows} rows, hash chain intact (head ${result.headHash.slice(0, 16)}…).`
    : `Incident log BROKEN at row ${result.brokenAt}: ${result.problem}. ${result.rows} rows before it are intact.`;
  return { text, blocks: [{ type: "text", text: [result.ok ? "✅ " : "❌ ", text] }] };
}

export function readinessMessage(): Message {
  const blocks: Block[] = READINESS_SECTIONS.map((section) => ({
    type: "checklist",
    section: section.key,
    title: section.title,
    items: section.steps.map((s, i) => ({ key: s.key, number: i + 1, label: commandText(s.text), checked: false })),
  }));
  return { text: "Preparation checklist", blocks: [{ type: "header", text: "Before an incident: preparation" }, ...blocks] };
}

export function helpMessage(topic: string | undefined, specs: readonly CommandSpec[]): Message {
  const findSpec = (word: string) => specs.find((s) => s.name === word || s.aliases.includes(word));
  // Lines are the core's own text: their marked commands show as typed on each platform.
  const lines = (...l: string[]) => ({ text: commandText(l[0]!), blocks: [{ type: "text" as const, text: richText(l.join("\n")) }] });
  switch (topic) {
    case undefined:
      return {
        text: "Firebreak commands",
        blocks: [
          { type: "header", text: "Firebreak — AI incident response" },
          { type: "text", text: richText(specs.map((s) => `${usageOf(s)}\n    ${s.summary}`).join("\n")) },
          {
            type: "context",
            text: richText("In an incident's channel commands act on that incident; elsewhere put its id first: `INC-2026-0042 timeline`. Topics: `help severity`, `help vectors`, `help roles`, `help phases`, `help sources`."),
          },
        ],
      };
    case "severity":
    case "severities":
      return lines(...SEVERITIES.flatMap((s) => [`${s} — ${SEVERITY_LEVELS[s].name}: ${SEVERITY_LEVELS[s].summary}`, ...SEVERITY_LEVELS[s].criteria.map((c) => `    • ${c}`)]));
    case "vectors":
    case "vector":
      return lines(...ATTACK_VECTORS.map((v) => `${v} — ${ATTACK_VECTOR_INFO[v].label}. Investigate: ${ATTACK_VECTOR_INFO[v].focus.join(", ")}`));
    case "roles":
    case "role": {
      // `roles` is a command too: its usage first, then what each role does.
      const spec = findSpec("roles")!;
      return lines(usageOf(spec), `  ${spec.summary}`, "", ...ROLES.map((r) => `${r} — ${ROLE_INFO[r].label}: ${ROLE_INFO[r].duty}`), "Each role has a primary and a backup: `assign <role> backup @name`.");
    }
    case "phases":
    case "phase":
      return lines(
        ...PHASES.map((p) => `${p} — ${PHASE_LABELS[p]}${TRANSITIONS[p].length ? ` → ${TRANSITIONS[p].join(", ")}` : ""}`),
        "",
        "Moving on from containment records when it was contained; triage → investigation and a false positive (triage → resolved) record no containment. `contained` is a milestone, not a phase: `milestone contained <time>`.",
        "Every move into resolved records a resolution; moving back into work reopens it, so the remediation clock runs again and the review deadline restarts at the next resolution.",
        "The blameless review is due within FIREBREAK_REVIEW_WITHIN (14 days) of resolution: the reference's \"within two weeks of incident closure\" is counted from resolution.",
        "`close` ends the whole response: it waits for the review and reporting steps and, after `flag personal-data`, for `notify regulator`; `close --force <reason>` overrides and logs the reason.",
      );
    case "sources":
    case "source":
      return lines(...DETECTION_SOURCES.map((d) => `${d} — ${DETECTION_SOURCE_INFO[d].label}: ${DETECTION_SOURCE_INFO[d].signals} (typically ${DETECTION_SOURCE_INFO[d].typicalResponse})`));
    default: {
      const spec = findSpec(topic);
      if (!spec) throw new CoreError("not_found", `No help on ${quoted(topic)}.`, "Try `help`, or a command name such as `help assign`.");
      return lines(usageOf(spec), `  ${spec.summary}`, ...(spec.details ?? []).map((d) => `  ${d}`), "Examples:", examplesOf(spec));
    }
  }
}

export function commanderOf(view: IncidentView) {
  return holder(view.roles, "commander", "primary");
}
