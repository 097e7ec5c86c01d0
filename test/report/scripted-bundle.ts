import type { Actor, Person } from "../../src/domain/people.js";
import { DEFAULT_TARGETS } from "../../src/domain/severity.js";
import { metricInputFrom } from "../../src/metrics/history.js";
import { numberedSteps, playbooksFor } from "../../src/playbooks/index.js";
import type { ReportBundle } from "../../src/report/bundle.js";
import type { ChecklistStepRow, FollowUpActionRow, IncidentRow, LogRow, RoleAssignmentRow } from "../../src/store/schema.js";

/**
 * INC-2026-0042, told by hand: a support assistant leaks its system prompt and other customers'
 * order details. Declared P2, raised to P1; notified late; contained, resolved, reopened when the
 * leak recurred, resolved again; closed with --force while a legal sign-off was still pending.
 */
const at = (day: number, hhmm: string) => new Date(`2026-11-${day}T${hhmm}:00Z`);
const person = (id: string, name: string): Person => ({ platform: "slack", id, name });
const actor = (p: Person): Actor => ({ kind: "slack", teamId: "T1", userId: p.id, name: p.name });
const alice = person("U1", "alice");
const bob = person("U2", "bob");
const carol = person("U3", "carol");
const dave = person("U4", "dave");
const erin = person("U5", "erin");
const ID = "5b0f3a40-0000-4000-8000-000000000042";

const playbooks = playbooksFor("prompt-injection");

export const INCIDENT: IncidentRow = {
  id: ID,
  humanId: "INC-2026-0042",
  title: "Support bot leaks its system prompt",
  description: "The customer-support assistant answered crafted messages with its system prompt and, for some, other customers' order details.",
  severity: "P1",
  vector: "prompt-injection",
  detectionSource: "monitoring",
  phase: "closed",
  isPrivate: false,
  isDrill: false,
  playbooks,
  declaredBy: actor(alice),
  origin: null,
  space: { platform: "slack", id: "C42", name: "inc-20261125-support-bot-leaks-its-system-prompt" },
  spaceName: "inc-20261125-support-bot-leaks-its-system-prompt",
  spacePlatform: "slack",
  spaceState: "ready",
  startedAt: at(25, "13:20"),
  detectedAt: at(25, "14:00"),
  declaredAt: at(25, "14:05"),
  notifiedAt: at(25, "15:30"),
  containedAt: at(25, "16:00"),
  resolvedAt: at(26, "10:00"),
  closedAt: at(27, "09:00"),
  lastUpdateAt: at(25, "17:30"),
  personalDataAt: at(25, "14:40"),
  regulatorRegime: "gdpr",
  regulatorDeadlineMinutes: 72 * 60,
  regulatorNotifiedAt: at(26, "09:00"),
  clockSpeed: 1,
  drillScenario: null,
  resolution: "Output filter deployed and the system prompt rotated",
  version: 30,
};

const PROMPT_DUMP_SHA256 = "3b7e0c5d1f2a4968b0c7d3e5f1a2b4c6d8e0f2a4b6c8d0e2f4a6b8c0d2e4f6a8";

let seq = 100;
function row(when: Date, who: Person, kind: string, payload: Record<string, unknown>): LogRow {
  seq++;
  return { seq, at: when, actor: actor(who), actorKind: "slack", actorId: who.id, actorName: who.name, incidentId: ID, text: `/incident ${kind}`, kind, outcome: "ok", reason: null, payload, prevHash: `p${seq}`, hash: `h${seq}` };
}

const move = (when: Date, who: Person, from: string, to: string, extra: Record<string, unknown> = {}) =>
  row(when, who, to === "resolved" ? "resolve" : to === "closed" ? "close" : "status", { from, to, ...extra });

export const EVENTS: LogRow[] = [
  row(at(25, "14:05"), alice, "declare", { humanId: "INC-2026-0042", title: INCIDENT.title, severity: "P2", vector: "prompt-injection", source: "monitoring" }),
  row(at(25, "14:06"), alice, "assign", { role: "tech-lead", slot: "primary", person: carol }),
  row(at(25, "14:07"), alice, "assign", { role: "comms-lead", slot: "primary", person: dave }),
  row(at(25, "14:08"), alice, "assign", { role: "commander", slot: "backup", person: erin }),
  row(at(25, "14:10"), alice, "milestone", { milestone: "started", at: at(25, "13:20").toISOString(), previous: null }),
  row(at(25, "14:20"), carol, "evidence", { description: "Chat transcripts 13:00–14:20 exported to s3://forensics/inc-42/chats.jsonl", sha256: "9f2c1a7e5b3d4c6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f" }),
  row(at(25, "14:25"), carol, "check", { changed: [{ key: "evidence.logs", number: 13 }] }),
  row(at(25, "14:30"), alice, "severity", { from: "P2", to: "P1", changed: true }),
  row(at(25, "14:40"), alice, "flag", { flag: "personal-data", at: at(25, "14:40").toISOString(), firstTime: true }),
  row(at(25, "14:45"), alice, "status", { from: "triage", to: "containment" }),
  row(at(25, "14:50"), carol, "evidence", { description: "File shared in the channel: prompt-dump.txt", sha256: PROMPT_DUMP_SHA256, hashOf: "file", fileName: "prompt-dump.txt", sizeBytes: 48_213 }),
  row(at(25, "15:10"), carol, "note", { text: "Payload is a 'repeat everything above' variant hidden in an order-note field." }),
  row(at(25, "15:30"), dave, "notify", { audience: "stakeholders", firstTime: true }),
  row(at(25, "16:00"), carol, "status", { from: "containment", to: "investigation" }),
  row(at(25, "17:00"), alice, "assign", { role: "commander", slot: "primary", person: bob, previous: alice }),
  row(at(25, "17:30"), dave, "update", { text: "Contained: order-note field stripped before it reaches the model. Investigating exposure." }),
  row(at(25, "18:00"), bob, "status", { from: "investigation", to: "remediation" }),
  row(at(25, "19:00"), bob, "resolve", { from: "remediation", to: "resolved", resolution: "Output filter deployed" }),
  row(at(25, "20:00"), carol, "note", { text: "Leak recurred through the returns form: same payload, different field." }),
  row(at(25, "20:00"), bob, "status", { from: "resolved", to: "remediation" }),
  row(at(26, "09:00"), dave, "notify", { audience: "regulator", firstTime: true }),
  row(at(26, "10:00"), bob, "resolve", { from: "remediation", to: "resolved", resolution: "Output filter deployed and the system prompt rotated" }),
  row(at(26, "12:00"), bob, "status", { from: "resolved", to: "review" }),
  row(at(26, "14:00"), dave, "writeup", { field: "impact", text: "312 conversations returned the system prompt…" }),
  row(at(26, "14:10"), carol, "writeup", { field: "root-cause", text: "Free-text order fields were passed to the model as trusted context…" }),
  row(at(26, "15:00"), bob, "action", { op: "add", number: 1, text: "Strip or quote customer-written fields before they reach the model", owner: carol, dueOn: "2026-11-28" }),
  row(at(26, "15:01"), bob, "action", { op: "add", number: 2, text: "Add an output filter test for system-prompt disclosure to CI", owner: carol, dueOn: "2026-12-05" }),
  row(at(26, "15:02"), bob, "action", { op: "add", number: 3, text: "Brief support staff on reporting odd assistant answers", owner: dave, dueOn: "2026-11-30" }),
  row(at(27, "08:30"), bob, "writeup", { field: "lessons-learned", text: "Treat every field a customer can write as untrusted input…" }),
  row(at(27, "09:00"), bob, "close", { from: "review", to: "closed", forceReason: "Review held on 27 Nov; legal sign-off tracked in LEGAL-311" }),
  row(at(28, "11:00"), carol, "action", { op: "done", number: 1, text: "Strip or quote customer-written fields before they reach the model" }),
];

export const ROLES: RoleAssignmentRow[] = [
  { id: "r1", incidentId: ID, role: "commander", slot: "primary", person: alice, assignedAt: at(25, "14:05"), assignedBy: actor(alice), endedAt: at(25, "17:00"), endedBy: actor(alice) },
  { id: "r2", incidentId: ID, role: "tech-lead", slot: "primary", person: carol, assignedAt: at(25, "14:06"), assignedBy: actor(alice), endedAt: null, endedBy: null },
  { id: "r3", incidentId: ID, role: "comms-lead", slot: "primary", person: dave, assignedAt: at(25, "14:07"), assignedBy: actor(alice), endedAt: null, endedBy: null },
  { id: "r4", incidentId: ID, role: "commander", slot: "backup", person: erin, assignedAt: at(25, "14:08"), assignedBy: actor(alice), endedAt: null, endedBy: null },
  { id: "r5", incidentId: ID, role: "commander", slot: "primary", person: bob, assignedAt: at(25, "17:00"), assignedBy: actor(alice), endedAt: null, endedBy: null },
];

/** Everything done except four steps: two of the review, two of the scenario playbook. */
const open = new Set(["review.systemic", "report.share", "pi.payload-analysis", "pi.tool-abuse"]);
const steps: ChecklistStepRow[] = numberedSteps(playbooks)
  .filter((s) => !open.has(s.key))
  .map((s) => ({ incidentId: ID, stepKey: s.key, checked: true, changedAt: at(25, "18:00"), changedBy: actor(carol) }));

const action = (number: number, text: string, owner: Person, dueOn: string, doneAt: Date | null): FollowUpActionRow => ({
  id: `a${number}`, incidentId: ID, number, text, owner, dueOn, doneAt, doneBy: doneAt ? actor(owner) : null, createdAt: at(26, "15:00"), createdBy: actor(bob),
});

export function scriptedBundle(): ReportBundle {
  return {
    incident: INCIDENT,
    metricInput: metricInputFrom(INCIDENT, EVENTS),
    roles: ROLES,
    events: EVENTS,
    steps,
    evidence: [
      { id: "e1", incidentId: ID, description: "Chat transcripts 13:00–14:20 exported to s3://forensics/inc-42/chats.jsonl", url: null, sha256: "9f2c1a7e5b3d4c6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f", hashOf: "description", fileName: null, sizeBytes: null, collectedBy: actor(carol), collectedAt: at(25, "14:20") },
      { id: "e2", incidentId: ID, description: "File shared in the channel: prompt-dump.txt", url: null, sha256: PROMPT_DUMP_SHA256, hashOf: "file", fileName: "prompt-dump.txt", sizeBytes: 48_213, collectedBy: actor(carol), collectedAt: at(25, "14:50") },
    ],
    writeups: [
      { incidentId: ID, field: "impact", text: "312 conversations returned the system prompt; 14 of them included another customer's order number and delivery city. No payment data was exposed.", writtenAt: at(26, "14:00"), writtenBy: actor(dave) },
      { incidentId: ID, field: "root-cause", text: "Free-text order fields were passed to the model as trusted context, so instructions hidden in them were followed.", writtenAt: at(26, "14:10"), writtenBy: actor(carol) },
      { incidentId: ID, field: "lessons-learned", text: "Treat every field a customer can write as untrusted input.\nThe first fix covered one field; test the class of input, not the instance.", writtenAt: at(27, "08:30"), writtenBy: actor(bob) },
    ],
    actions: [
      action(1, "Strip or quote customer-written fields before they reach the model", carol, "2026-11-28", at(28, "11:00")),
      action(2, "Add an output filter test for system-prompt disclosure to CI", carol, "2026-12-05", null),
      action(3, "Brief support staff on reporting odd assistant answers", dave, "2026-11-30", null),
    ],
    targets: DEFAULT_TARGETS,
    generatedAt: new Date("2026-12-02T10:00:00Z"),
  };
}
