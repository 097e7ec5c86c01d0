import { eq } from "drizzle-orm";
import { describeDeadline, regulatorClock } from "../domain/regulatory.js";
import { formatInZone } from "../domain/time-zone.js";
import { type NumberedStep, numberedSteps } from "../playbooks/index.js";
import type { Tx } from "../store/db.js";
import { checklistSteps, type IncidentRow } from "../store/schema.js";

/**
 * The review steps the reference leaves to judgement, which `close` does not wait for:
 * "Consider sharing anonymized findings…" is a suggestion, and the regulatory filing applies
 * "if required by regulation" — which Firebreak only knows from `flag personal-data`.
 */
const OPTIONAL_REVIEW_STEPS = new Set(["report.share"]);
const REGULATORY_FILING_STEP = "report.regulatory";

/** What still stands between an incident and `close`. */
export interface CloseBlockers {
  /** Personal data was flagged and the regulator has not been notified. */
  regulator?: { dueAt: Date; deadline: string };
  /** Review and reporting steps not done, in checklist order. */
  steps: NumberedStep[];
}

/** The steps of the post-incident phase (the review and reporting sections) on this incident. */
export function reviewSteps(incident: Pick<IncidentRow, "playbooks">): NumberedStep[] {
  return numberedSteps(incident.playbooks).filter((s) => s.section.phase === "review");
}

/** Reads what is missing before the incident may close; empty when nothing is. */
export async function closeBlockers(tx: Tx, incident: IncidentRow): Promise<CloseBlockers> {
  const done = new Set((await tx.select().from(checklistSteps).where(eq(checklistSteps.incidentId, incident.id))).filter((s) => s.checked).map((s) => s.stepKey));
  const clock = regulatorClock(incident);
  const required = reviewSteps(incident).filter((s) => !OPTIONAL_REVIEW_STEPS.has(s.key) && (s.key !== REGULATORY_FILING_STEP || !!clock));
  return {
    regulator: clock && !clock.notifiedAt ? { dueAt: clock.dueAt, deadline: describeDeadline(clock) } : undefined,
    steps: required.filter((s) => !done.has(s.key)),
  };
}

export function isBlocked(blockers: CloseBlockers): boolean {
  return !!blockers.regulator || blockers.steps.length > 0;
}

/** "the regulator has not been notified (…); 2 review steps are open: 61. …; 63. …" */
export function describeBlockers(blockers: CloseBlockers, zone: string): string[] {
  const out: string[] = [];
  if (blockers.regulator) {
    out.push(`the regulator has not been notified (${blockers.regulator.deadline} after the personal-data flag: due ${formatInZone(blockers.regulator.dueAt, zone)})`);
  }
  const n = blockers.steps.length;
  if (n) out.push(`${n} review step${n === 1 ? " is" : "s are"} open: ${blockers.steps.map((s) => `${s.number}. ${s.text}`).join("; ")}`);
  return out;
}

/** How to clear them, with the typed commands. */
export function blockersHelp(blockers: CloseBlockers): string {
  const todo = [...(blockers.steps.length ? [`\`check ${blockers.steps.map((s) => s.number).join(" ")}\``] : []), ...(blockers.regulator ? ["`notify regulator`"] : [])];
  return `Finish them (${todo.join(", ")}), or close anyway with \`close --force <reason>\`: the reason is logged and shown in the report.`;
}
