import type { AttackVector } from "../domain/attack-vector.js";
import type { Phase } from "../domain/lifecycle.js";
import type { Role } from "../domain/roles.js";

export interface Step {
  /** Stable forever: stored on checklist rows and typed by people (`check triage.scope`). */
  key: string;
  /** Our wording: short enough for a checkbox label. */
  text: string;
  /** A line of guidance shown under the label. */
  hint?: string;
  /** The role that usually owns the step. */
  owner: Role;
  /**
   * The reference bullet this step implements, quoted verbatim (for the first hour: without the
   * "Minute a-b:" prefix). A test proves every bullet is claimed and that its modality (consider,
   * if, immediately …) survives in `text`.
   */
  source: string;
}

export interface Section {
  key: string;
  title: string;
  /** The phase whose work this section is. */
  phase: Phase;
  /** The reference's heading, for the coverage test. */
  ref: string;
  steps: Step[];
}

export interface ScenarioPlaybook extends Section {
  /** Attached automatically to incidents with this attack vector. */
  vector: AttackVector;
  /** Drill scenario name (the timers issue's `drill <scenario>`). */
  scenario: string;
  when: string;
}

export interface FirstHourWindow {
  key: string;
  /** Minutes after declaration. */
  from: number;
  to: number;
  owner: Role;
  title: string;
  /** The one step this window stands for (its key lives in the "first-hour" section). */
  step: Step;
  /** Phase-checklist steps that belong to this window's work. */
  related: string[];
}
