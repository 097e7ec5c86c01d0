import { ATTACK_VECTOR_INFO, type AttackVector } from "../../domain/attack-vector.js";
import { DETECTION_SOURCE_INFO, type DetectionSource } from "../../domain/detection-source.js";
import { isActive, MILESTONE_LABELS, type Milestone, type Phase, PHASE_LABELS } from "../../domain/lifecycle.js";
import { ROLE_INFO, ROLES, type Role } from "../../domain/roles.js";
import { type Severity, SEVERITY_LEVELS } from "../../domain/severity.js";
import type { IncidentView } from "../../incidents/queries.js";
import { numberedSteps } from "../../playbooks/index.js";
import type { IncidentRow, RoleAssignmentRow } from "../../store/schema.js";
import type { Field, Inline, Message } from "../message.js";
import { regulatorField } from "./regulator.js";

export function holder(roles: RoleAssignmentRow[], role: Role, slot: "primary" | "backup") {
  return roles.find((r) => r.role === role && r.slot === slot)?.person;
}

export function roleLine(roles: RoleAssignmentRow[], role: Role): Inline[] {
  const primary = holder(roles, role, "primary");
  const backup = holder(roles, role, "backup");
  return [primary ? { person: primary } : "unfilled", " · backup ", backup ? { person: backup } : "unfilled"];
}

export function incidentHeadline(incident: IncidentRow): string {
  const drill = incident.isDrill ? "[DRILL] " : "";
  return `${drill}${incident.humanId} · ${incident.severity} · ${incident.title}`;
}

/** The channel topic: short enough for any platform, what matters at a glance. */
export function topicFor(view: IncidentView): string {
  const ic = holder(view.roles, "commander", "primary");
  const drill = view.incident.isDrill ? "DRILL · " : "";
  return `${drill}${view.incident.severity} · ${PHASE_LABELS[view.incident.phase as Phase]} · IC ${ic ? `@${ic.name}` : "unfilled"} · ${view.incident.humanId}`;
}

export function progress(view: IncidentView): { done: number; total: number } {
  const steps = numberedSteps(view.incident.playbooks);
  return { done: steps.filter((s) => view.steps.get(s.key)?.checked).length, total: steps.length };
}

const MILESTONE_ORDER: [Milestone, keyof IncidentRow][] = [
  ["started", "startedAt"],
  ["detected", "detectedAt"],
  ["declared", "declaredAt"],
  ["notified", "notifiedAt"],
  ["contained", "containedAt"],
  ["resolved", "resolvedAt"],
  ["closed", "closedAt"],
];

export function keyTimes(incident: IncidentRow): { milestone: Milestone; label: string; at: Date | null }[] {
  return MILESTONE_ORDER.map(([milestone, column]) => ({ milestone, label: MILESTONE_LABELS[milestone], at: incident[column] as Date | null }));
}

/** The pinned summary, re-rendered and updated in place whenever any of it changes. */
export function summaryMessage(view: IncidentView): Message {
  const { incident } = view;
  const sev = SEVERITY_LEVELS[incident.severity as Severity];
  const vector = ATTACK_VECTOR_INFO[incident.vector as AttackVector];
  const { done, total } = progress(view);
  const fields: Field[] = [
    { label: "Severity", value: [`${sev.level} — ${sev.name}`] },
    { label: "Phase", value: [PHASE_LABELS[incident.phase as Phase]] },
    { label: "Attack vector", value: [vector.label] },
    { label: "Detected by", value: [incident.detectionSource ? DETECTION_SOURCE_INFO[incident.detectionSource as DetectionSource].label : "not recorded"] },
    ...ROLES.map((role) => ({ label: ROLE_INFO[role].label, value: roleLine(view.roles, role) })),
    { label: "Checklist", value: [`${done}/${total} steps done`] },
    { label: "Evidence", value: [`${view.evidenceCount} item${view.evidenceCount === 1 ? "" : "s"}`] },
  ];
  const regulator = regulatorField(incident);
  if (regulator) fields.push({ label: "Regulator", value: regulator });
  // A reopened incident's last resolution did not hold: say so rather than show it as current.
  const reopened = isActive(incident.phase as Phase);
  const times: Inline[] = keyTimes(incident)
    .filter((t) => t.at)
    .map((t) => (t.milestone === "resolved" && reopened ? { ...t, label: "Last resolved (reopened since)" } : t))
    .flatMap((t, i): Inline[] => [i ? ` · ${t.label}: ` : `${t.label}: `, { time: t.at! }]);
  return {
    text: `${incidentHeadline(incident)} — ${PHASE_LABELS[incident.phase as Phase]}`,
    blocks: [
      { type: "header", text: incidentHeadline(incident) },
      ...(incident.isDrill ? [{ type: "context" as const, text: ["This is a drill. Nothing here counts in metrics."] }] : []),
      ...(incident.description ? [{ type: "text" as const, text: [incident.description] }] : []),
      { type: "fields", fields },
      { type: "context", text: times },
      ...(incident.resolution ? [{ type: "text" as const, text: [{ strong: "Resolution:" }, " ", incident.resolution] }] : []),
      { type: "context", text: [`Investigate first: ${vector.focus.join(", ")}`] },
      {
        type: "actions",
        buttons: [
          { action: "roles.open", label: "Roles", value: incident.id },
          { action: "severity.open", label: "Change severity", value: incident.id },
          { action: "phase.open", label: "Change phase", value: incident.id },
          { action: "update.open", label: "Post update", value: incident.id, style: "primary" },
        ],
      },
    ],
  };
}
