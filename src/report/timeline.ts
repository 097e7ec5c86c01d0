import { ATTACK_VECTOR_INFO, type AttackVector } from "../domain/attack-vector.js";
import { MILESTONE_LABELS, type Milestone, type Phase, PHASE_LABELS, PHASES } from "../domain/lifecycle.js";
import { ROLE_INFO, type Role } from "../domain/roles.js";
import { formatUtc } from "../domain/time.js";
import { milestonesStampedByMove } from "../metrics/moves.js";
import type { NumberedStep } from "../playbooks/index.js";
import type { LogRow, WriteupField } from "../store/schema.js";
import { WRITEUP_LABELS } from "./labels.js";
import type { ReportEvent, ReportEventKind } from "./document.js";

type Payload = Record<string, any>;

const PHASE_MOVES = new Set(["status", "resolve", "close"]);

const phaseLabel = (p: unknown) => ((PHASES as readonly unknown[]).includes(p) ? PHASE_LABELS[p as Phase] : String(p));
const vectorLabel = (v: unknown) => ATTACK_VECTOR_INFO[v as AttackVector]?.label ?? String(v);
const roleLabel = (role: unknown, slot: unknown) => `${ROLE_INFO[role as Role]?.label ?? String(role)}${slot === "backup" ? " (backup)" : ""}`;
const iso = (value: unknown) => (typeof value === "string" && !Number.isNaN(Date.parse(value)) ? formatUtc(new Date(value)) : "an unknown time");

/** The close row's reason when `close --force <reason>` was used (payload `forceReason`). */
export function forceReasonOf(row: LogRow): string | undefined {
  const reason = (row.payload as Payload).forceReason;
  return row.kind === "close" && typeof reason === "string" && reason.trim() ? reason.trim() : undefined;
}

function describePhaseMove(row: LogRow): string | undefined {
  const p = row.payload as Payload;
  if (!p.from || !p.to) return undefined;
  const effect = (PHASES as readonly unknown[]).includes(p.from) && (PHASES as readonly unknown[]).includes(p.to) ? milestonesStampedByMove(p.from, p.to) : undefined;
  const force = forceReasonOf(row);
  if (p.to === "resolved") return `Resolved${p.resolution ? `: ${p.resolution}` : ""} (from ${phaseLabel(p.from)})`;
  if (p.to === "closed") return force ? `Closed with --force: ${force}` : "Closed";
  if (effect?.reopens) return `Reopened: back to ${phaseLabel(p.to)}`;
  const contained = effect?.stamps.includes("contained") ? "; contained" : "";
  return `Moved to ${phaseLabel(p.to)} (from ${phaseLabel(p.from)})${contained}`;
}

function describeChecklist(row: LogRow, steps: ReadonlyMap<string, NumberedStep>): string | undefined {
  const changed = ((row.payload as Payload).changed as { key: string }[] | undefined) ?? [];
  if (changed.length === 0) return undefined;
  const names = changed.map((c) => {
    const step = steps.get(c.key);
    return step ? `${step.number}. ${step.text}` : c.key;
  });
  return `${row.kind === "check" ? "Done" : "Reopened"}: ${names.join("; ")}`;
}

/**
 * One log row as a line of the report's timeline, or undefined for rows the report leaves out
 * (reads, bot housekeeping, confirmations that changed nothing).
 */
export function reportEvent(row: LogRow, steps: ReadonlyMap<string, NumberedStep>): ReportEvent | undefined {
  const p = row.payload as Payload;
  const make = (kind: ReportEventKind, text: string | undefined): ReportEvent | undefined => (text ? { at: row.at.toISOString(), by: row.actor.kind === "system" ? row.actor.name : `@${row.actor.name}`, kind, text } : undefined);
  if (PHASE_MOVES.has(row.kind)) return make("phase", describePhaseMove(row));
  switch (row.kind) {
    case "declare":
      return make("milestone", `Declared ${p.humanId} at ${p.severity}: ${p.title}`);
    case "notify":
      if (p.firstTime === false) return undefined;
      return make("milestone", p.audience === "regulator" ? "Regulator notified" : "Stakeholders notified");
    case "flag":
      return p.firstTime === false ? undefined : make("milestone", "Flagged: personal data exposed (regulator clock started)");
    case "milestone": {
      const label = MILESTONE_LABELS[p.milestone as Milestone] ?? String(p.milestone);
      return make("milestone", `${label} time set to ${iso(p.at)}${p.previous ? ` (was ${iso(p.previous)})` : ""}`);
    }
    case "severity":
      return p.changed ? make("severity", `Severity ${p.from} → ${p.to}`) : undefined;
    case "vector":
      return p.changed === false ? undefined : make("vector", `Attack vector: ${vectorLabel(p.to)} (was ${vectorLabel(p.from)})`);
    case "assign":
      if (p.changed === false) return undefined;
      return make("role", `${roleLabel(p.role, p.slot)}: @${p.person?.name}${p.previous ? ` (took over from @${p.previous.name})` : ""}`);
    case "unassign":
      return make("role", `${roleLabel(p.role, p.slot)} left unfilled (was @${p.previous?.name})`);
    case "note":
      return make("note", `Note: ${p.text}`);
    case "update":
      return make("update", `Status update: ${p.text}`);
    case "evidence":
      return make("evidence", `Evidence: ${p.description}${p.url && p.url !== p.description ? ` (${p.url})` : ""}`);
    case "check":
    case "uncheck":
      return make("checklist", describeChecklist(row, steps));
    case "writeup": {
      const label = WRITEUP_LABELS[p.field as WriteupField] ?? String(p.field);
      if (p.cleared) return make("writeup", `${label} cleared`);
      return typeof p.text === "string" ? make("writeup", `${label} written`) : undefined;
    }
    case "action":
      if (p.op === "done") return make("action", `Follow-up action ${p.number} done: ${p.text}`);
      return p.op === "add" ? make("action", `Follow-up action ${p.number}: ${p.text} (@${p.owner?.name}, due ${p.dueOn})`) : undefined;
    default:
      return undefined;
  }
}
