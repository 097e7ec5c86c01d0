import { ATTACK_VECTOR_INFO, type AttackVector } from "../domain/attack-vector.js";
import { DETECTION_SOURCE_INFO, type DetectionSource } from "../domain/detection-source.js";
import { MILESTONE_LABELS, type Phase, PHASE_LABELS, PHASES } from "../domain/lifecycle.js";
import { type Actor } from "../domain/people.js";
import { ROLE_INFO, ROLES, type Role } from "../domain/roles.js";
import { type Severity, SEVERITY_LEVELS } from "../domain/severity.js";
import { AUTOMATIC_SOURCES } from "../metrics/aggregate.js";
import { computeMetrics } from "../metrics/compute.js";
import { describeMetricValue } from "../metrics/describe.js";
import { moreSevere } from "../metrics/targets.js";
import { METRIC_KEYS, type MetricState } from "../metrics/types.js";
import { numberedSteps } from "../playbooks/index.js";
import { WRITEUP_FIELDS, type WriteupField } from "../store/schema.js";
import type { ReportBundle } from "./bundle.js";
import type { ReportDocument, ReportMetric, ReportPhaseCompletion, ReportRiskEntry, ReportRole, ReportWriteup } from "./document.js";
import { WRITEUP_LABELS } from "./labels.js";
import { forceReasonOf, reportEvent } from "./timeline.js";

export { WRITEUP_LABELS };

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const actorName = (a: Actor | null | undefined) => (a ? (a.kind === "system" ? a.name : `@${a.name}`) : null);

/** The report as data, from the bundle. Pure: the same bundle always gives the same document. */
export function buildReport(bundle: ReportBundle): ReportDocument {
  const { incident, metricInput } = bundle;
  const history = metricInput.severityHistory;
  const highest = history.reduce<Severity>((worst, c) => moreSevere(worst, c.severity), history[0]!.severity);
  const source = incident.detectionSource as DetectionSource | null;
  const steps = numberedSteps(incident.playbooks);
  const checked = new Set(bundle.steps.filter((s) => s.checked).map((s) => s.stepKey));
  const stepByKey = new Map(steps.map((s) => [s.key, s]));
  const closeRow = [...bundle.events].reverse().find((r) => forceReasonOf(r));
  const writeup = buildWriteup(bundle);
  const text = (field: WriteupField) => writeup.find((w) => w.field === field)?.text ?? null;
  const metrics = computeMetrics(metricInput, bundle.targets, bundle.generatedAt);

  return {
    schema: "firebreak.report/1",
    generatedAt: iso(bundle.generatedAt),
    incident: {
      id: incident.id,
      humanId: incident.humanId,
      title: incident.title,
      description: incident.description,
      drill: incident.isDrill,
      clockSpeed: incident.clockSpeed,
      severity: {
        current: incident.severity,
        label: SEVERITY_LEVELS[incident.severity as Severity]?.name ?? incident.severity,
        highest,
        history: history.map((c) => ({ at: iso(c.at), severity: c.severity })),
      },
      vector: { key: incident.vector, label: ATTACK_VECTOR_INFO[incident.vector as AttackVector]?.label ?? incident.vector },
      detectionSource: source ? { key: source, label: DETECTION_SOURCE_INFO[source].label, automatic: AUTOMATIC_SOURCES.has(source) } : null,
      phase: { key: incident.phase, label: PHASE_LABELS[incident.phase as Phase] ?? incident.phase },
      resolution: incident.resolution,
      declaredBy: actorName(incident.declaredBy)!,
      checklist: { done: steps.filter((s) => checked.has(s.key)).length, total: steps.length },
    },
    keyTimes: [
      { milestone: "started", label: MILESTONE_LABELS.started, at: isoOrNull(metricInput.startedAt) },
      { milestone: "detected", label: MILESTONE_LABELS.detected, at: iso(metricInput.detectedAt) },
      { milestone: "declared", label: MILESTONE_LABELS.declared, at: iso(metricInput.declaredAt) },
      { milestone: "notified", label: MILESTONE_LABELS.notified, at: isoOrNull(metricInput.notifiedAt) },
      { milestone: "contained", label: MILESTONE_LABELS.contained, at: isoOrNull(metricInput.containedAt) },
      { milestone: "resolved", label: MILESTONE_LABELS.resolved, at: isoOrNull(metricInput.resolutions.at(-1)?.at) },
      { milestone: "closed", label: MILESTONE_LABELS.closed, at: isoOrNull(metricInput.closedAt) },
    ],
    resolutions: metricInput.resolutions.map((r) => ({ at: iso(r.at), reopenedAt: isoOrNull(r.reopenedAt) })),
    regulatory: incident.personalDataAt ? { personalDataFlaggedAt: iso(incident.personalDataAt), regulatorNotifiedAt: isoOrNull(incident.regulatorNotifiedAt) } : null,
    roles: buildRoles(bundle),
    metrics: METRIC_KEYS.map((key) => reportMetric(metrics[key])),
    writeup,
    actions: bundle.actions.map((a) => ({
      number: a.number,
      text: a.text,
      owner: `@${a.owner.name}`,
      dueOn: a.dueOn,
      done: a.doneAt !== null,
      doneAt: isoOrNull(a.doneAt),
      doneBy: actorName(a.doneBy),
      overdue: a.doneAt === null && a.dueOn < iso(bundle.generatedAt).slice(0, 10),
    })),
    riskRegister: buildRiskEntry(bundle, highest, text),
    completion: buildCompletion(steps, checked),
    evidence: bundle.evidence.map((e) => ({
      collectedAt: iso(e.collectedAt),
      collectedBy: actorName(e.collectedBy)!,
      description: e.description,
      url: e.url,
      sha256: e.sha256,
      hashOf: e.hashOf,
      file: e.hashOf === "file" ? { name: e.fileName, sizeBytes: e.sizeBytes } : null,
    })),
    timeline: bundle.events.map((r) => reportEvent(r, stepByKey)).filter((e) => e !== undefined),
    forcedClose: closeRow ? { reason: forceReasonOf(closeRow)!, at: iso(closeRow.at), by: actorName(closeRow.actor)! } : null,
  };
}

function reportMetric(m: MetricState): ReportMetric {
  const base = { key: m.key, label: m.label, state: m.state, summary: describeMetricValue(m) };
  switch (m.state) {
    case "unknown":
    case "inconsistent":
      return { ...base, minutes: null, target: null, met: null, reason: m.reason };
    case "running":
      return { ...base, minutes: m.elapsedMinutes, target: targetOf(m.target), met: m.overdue ? false : null, reason: null };
    case "reached":
      return { ...base, minutes: m.minutes, target: targetOf(m.target), met: m.met, reason: null };
  }
}

const targetOf = (t: Extract<MetricState, { state: "reached" }>["target"]) => ({ minutes: t.minutes, configuredMinutes: t.configuredMinutes, severity: t.severity, clockSpeed: t.clockSpeed });

function buildRoles(bundle: ReportBundle): ReportRole[] {
  const rows = [...bundle.roles].sort((a, b) => a.assignedAt.getTime() - b.assignedAt.getTime());
  const held: ReportRole[] = rows.map((r) => {
    const next = r.endedAt ? rows.find((n) => n !== r && n.role === r.role && n.slot === r.slot && n.assignedAt.getTime() === r.endedAt!.getTime()) : undefined;
    return {
      role: r.role,
      roleLabel: ROLE_INFO[r.role as Role]?.label ?? r.role,
      slot: r.slot as "primary" | "backup",
      person: `@${r.person.name}`,
      from: iso(r.assignedAt),
      until: isoOrNull(r.endedAt),
      endedBy: actorName(r.endedBy),
      handedTo: next ? `@${next.person.name}` : null,
    };
  });
  const never: ReportRole[] = ROLES.filter((role) => !rows.some((r) => r.role === role && r.slot === "primary")).map((role) => ({
    role,
    roleLabel: ROLE_INFO[role].label,
    slot: "primary",
    person: null,
    from: null,
    until: null,
    endedBy: null,
    handedTo: null,
  }));
  const order = (r: ReportRole) => ROLES.indexOf(r.role as Role) * 2 + (r.slot === "primary" ? 0 : 1);
  // Stable sort: within a role and slot, holders stay in the order they held it.
  return [...held, ...never].sort((a, b) => order(a) - order(b));
}

function buildWriteup(bundle: ReportBundle): ReportWriteup[] {
  return WRITEUP_FIELDS.map((field) => {
    const row = bundle.writeups.find((w) => w.field === field && w.text.trim());
    return { field, label: WRITEUP_LABELS[field], text: row?.text.trim() ?? null, writtenBy: actorName(row?.writtenBy), writtenAt: isoOrNull(row?.writtenAt) };
  });
}

function buildCompletion(steps: ReturnType<typeof numberedSteps>, checked: Set<string>): ReportPhaseCompletion[] {
  return PHASES.map((phase) => {
    const inPhase = steps.filter((s) => s.section.phase === phase);
    const open = inPhase.filter((s) => !checked.has(s.key));
    return { phase, label: PHASE_LABELS[phase], done: inPhase.length - open.length, total: inPhase.length, open: open.map((s) => ({ number: s.number, key: s.key, text: s.text })) };
  }).filter((c) => c.total > 0);
}

function buildRiskEntry(bundle: ReportBundle, highest: Severity, text: (f: WriteupField) => string | null): ReportRiskEntry {
  const { incident, actions } = bundle;
  const commander = [...bundle.roles].reverse().find((r) => r.role === "commander" && r.slot === "primary" && !r.endedAt)?.person;
  const open = actions.filter((a) => !a.doneAt).length;
  const treatment = actions.length === 0 ? "No follow-up actions recorded." : `${actions.length} follow-up action${actions.length === 1 ? "" : "s"}, ${open} open.`;
  return {
    reference: incident.humanId,
    title: incident.title,
    vulnerability: text("root-cause"),
    riskFactors: text("contributing-factors"),
    detectionGap: text("detection-gap"),
    attackVector: ATTACK_VECTOR_INFO[incident.vector as AttackVector]?.label ?? incident.vector,
    severity: highest,
    owner: commander ? `@${commander.name}` : null,
    treatment,
    // Treated once the cause is known and every action is done.
    status: text("root-cause") && actions.length > 0 && open === 0 ? "treated" : "open",
  };
}
