import type { MetricKey } from "../metrics/types.js";
import type { WriteupField } from "../store/schema.js";

/**
 * The post-incident report as data: what `report --json` prints and what the Markdown is rendered
 * from. Every time is an ISO 8601 string in UTC; every field a responder has not written yet is
 * null (the Markdown says "Not yet written.").
 */
export interface ReportDocument {
  schema: "firebreak.report/1";
  generatedAt: string;
  incident: {
    id: string;
    humanId: string;
    title: string;
    description: string | null;
    drill: boolean;
    clockSpeed: number;
    severity: { current: string; label: string; highest: string; history: { at: string; severity: string }[] };
    vector: { key: string; label: string };
    detectionSource: { key: string; label: string; automatic: boolean } | null;
    phase: { key: string; label: string };
    resolution: string | null;
    declaredBy: string;
    /** Steps done out of all steps on the incident's checklists. */
    checklist: { done: number; total: number };
  };
  keyTimes: { milestone: string; label: string; at: string | null }[];
  /** Every resolution, including the ones that were reopened. */
  resolutions: { at: string; reopenedAt: string | null }[];
  regulatory: { personalDataFlaggedAt: string; regulatorNotifiedAt: string | null } | null;
  roles: ReportRole[];
  metrics: ReportMetric[];
  writeup: ReportWriteup[];
  actions: ReportAction[];
  riskRegister: ReportRiskEntry;
  completion: ReportPhaseCompletion[];
  evidence: ReportEvidence[];
  timeline: ReportEvent[];
  /** Set when the incident was closed with `close --force <reason>`. */
  forcedClose: { reason: string; at: string; by: string } | null;
}

export interface ReportRole {
  role: string;
  roleLabel: string;
  slot: "primary" | "backup";
  /** Null for a primary role nobody ever held (listed so the gap shows). */
  person: string | null;
  from: string | null;
  /** When the assignment ended (a hand-over or unassign); null while held. */
  until: string | null;
  endedBy: string | null;
  /** Who took the role over when this assignment ended, if someone did. */
  handedTo: string | null;
}

export interface ReportMetric {
  key: MetricKey;
  label: string;
  state: "unknown" | "running" | "reached" | "inconsistent";
  /** Minutes: the duration when reached, the time elapsed so far when running. */
  minutes: number | null;
  target: { minutes: number; configuredMinutes: number; severity: string; clockSpeed: number } | null;
  /** Reached: met or missed; running: overdue; otherwise null. */
  met: boolean | null;
  /** A sentence for unknown and inconsistent states. */
  reason: string | null;
  /** The same line the timeline shows. */
  summary: string;
}

export interface ReportWriteup {
  field: WriteupField;
  label: string;
  text: string | null;
  writtenBy: string | null;
  writtenAt: string | null;
}

export interface ReportAction {
  number: number;
  text: string;
  owner: string;
  dueOn: string;
  done: boolean;
  doneAt: string | null;
  doneBy: string | null;
  /** Open and past its due date when the report was generated. */
  overdue: boolean;
}

/** The reference: "add the identified vulnerability and any new risk factors" to the model risk register. */
export interface ReportRiskEntry {
  reference: string;
  title: string;
  vulnerability: string | null;
  riskFactors: string | null;
  detectionGap: string | null;
  attackVector: string;
  /** The most severe severity the incident held. */
  severity: string;
  owner: string | null;
  treatment: string;
  status: "open" | "treated";
}

export interface ReportEvidence {
  collectedAt: string;
  collectedBy: string;
  description: string;
  url: string | null;
  sha256: string;
  /** What the hash is of: the description as typed, a hash the responder gave, or a file's bytes. */
  hashOf: "description" | "artefact" | "file";
  /** For a file Firebreak downloaded and hashed. */
  file: { name: string | null; sizeBytes: number | null } | null;
}

export interface ReportPhaseCompletion {
  phase: string;
  label: string;
  done: number;
  total: number;
  open: { number: number; key: string; text: string }[];
}

export type ReportEventKind = "milestone" | "phase" | "severity" | "vector" | "role" | "note" | "update" | "evidence" | "checklist" | "writeup" | "action";

export interface ReportEvent {
  at: string;
  by: string;
  kind: ReportEventKind;
  text: string;
}
