import type { AttackVector } from "../domain/attack-vector.js";
import { FIRST_HOUR_SECTION } from "./first-hour.js";
import { PASTED_CREDENTIAL_SECTION } from "./pasted-credential.js";
import { PHASE_SECTIONS } from "./phase-sections.js";
import { READINESS_SECTIONS } from "./readiness.js";
import { SCENARIO_PLAYBOOKS } from "./scenarios.js";
import type { Section, Step } from "./types.js";

export * from "./types.js";
export { FIRST_HOUR, FIRST_HOUR_SECTION } from "./first-hour.js";
export { PHASE_SECTIONS } from "./phase-sections.js";
export { SCENARIO_PLAYBOOKS } from "./scenarios.js";
export { READINESS_SECTIONS } from "./readiness.js";
export { METRICS } from "./metrics.js";
export { PASTED_CREDENTIAL_SECTION } from "./pasted-credential.js";

const ALL_SECTIONS: Section[] = [FIRST_HOUR_SECTION, ...PHASE_SECTIONS, ...SCENARIO_PLAYBOOKS];
/** Sections an incident gets only when something happens to it (a pasted credential), not from the reference. */
const OCCASIONAL_SECTIONS: Section[] = [PASTED_CREDENTIAL_SECTION];

/** The playbooks an incident starts with: the first hour, every phase, a matching scenario. */
export function playbooksFor(vector: AttackVector): string[] {
  const keys = [FIRST_HOUR_SECTION.key, ...PHASE_SECTIONS.map((s) => s.key)];
  const scenario = SCENARIO_PLAYBOOKS.find((p) => p.vector === vector);
  if (scenario) keys.push(scenario.key);
  return keys;
}

/** When the vector changes, a newly matching scenario is added at the end so numbers stay put. */
export function withScenarioFor(current: string[], vector: AttackVector): string[] {
  const scenario = SCENARIO_PLAYBOOKS.find((p) => p.vector === vector);
  return scenario && !current.includes(scenario.key) ? [...current, scenario.key] : current;
}

export function sectionByKey(key: string): Section | undefined {
  return ALL_SECTIONS.find((s) => s.key === key) ?? OCCASIONAL_SECTIONS.find((s) => s.key === key) ?? READINESS_SECTIONS.find((s) => s.key === key);
}

export interface NumberedStep extends Step {
  number: number;
  section: Section;
}

/** The incident's steps numbered 1..n in playbook order: what `check 12` refers to. */
export function numberedSteps(playbookKeys: string[]): NumberedStep[] {
  const out: NumberedStep[] = [];
  for (const key of playbookKeys) {
    const section = sectionByKey(key);
    if (!section) continue;
    for (const step of section.steps) out.push({ ...step, number: out.length + 1, section });
  }
  return out;
}

export function findSection(playbookKeys: string[], query: string): Section | undefined {
  const q = query.trim().toLowerCase();
  const sections = playbookKeys.map(sectionByKey).filter((s): s is Section => !!s);
  return (
    sections.find((s) => s.key === q) ??
    sections.find((s) => s.key.startsWith(q) || s.title.toLowerCase().startsWith(q)) ??
    sections.find((s) => s.phase === q) ??
    sections.find((s) => s.title.toLowerCase().includes(q))
  );
}

export function allSections(): Section[] {
  return ALL_SECTIONS;
}

/** The section a step belongs to (first-hour, a phase section or a scenario), by its key. */
export function sectionOfStep(stepKey: string): string | undefined {
  return [...ALL_SECTIONS, ...OCCASIONAL_SECTIONS].find((s) => s.steps.some((step) => step.key === stepKey))?.key;
}
