import { formatDuration, parseDuration } from "./time.js";

/**
 * The reference: "If required by regulation such as GDPR or HIPAA, file incident reports within
 * mandated timeframes". The deadline is chosen when personal data is flagged. GDPR (Art. 33) gives
 * 72 hours; HIPAA's breach rule gives 60 days; anything else is a duration the legal advisor names.
 */
export const REGULATORY_REGIMES = ["gdpr", "hipaa", "custom"] as const;
export type RegulatoryRegime = (typeof REGULATORY_REGIMES)[number];

export const NAMED_DEADLINES: Record<Exclude<RegulatoryRegime, "custom">, { label: string; minutes: number }> = {
  gdpr: { label: "GDPR", minutes: 72 * 60 },
  hipaa: { label: "HIPAA", minutes: 60 * 24 * 60 },
};

export const DEFAULT_REGIME = "gdpr" as const;
/** A custom deadline is at least an hour and at most a year. */
export const CUSTOM_DEADLINE_LIMITS = { min: 60, max: 365 * 24 * 60 } as const;

export interface RegulatorDeadline {
  regime: RegulatoryRegime;
  /** In minutes of the incident's own clock (a drill's clock runs faster). */
  minutes: number;
}

/** The regime word as people read it: "GDPR", "HIPAA", "custom". */
export function regimeLabel(regime: RegulatoryRegime): string {
  return regime === "custom" ? "custom" : NAMED_DEADLINES[regime].label;
}

/**
 * A regulator duration the way regulations state them: whole hours up to a week ("72h", not
 * formatDuration's "3d"), whole days beyond ("60d"), anything else as formatDuration writes it.
 */
export function formatRegulatorDuration(minutes: number): string {
  const m = Math.round(minutes);
  if (m % (24 * 60) === 0 && m >= 7 * 24 * 60) return `${m / (24 * 60)}d`;
  if (m % 60 === 0 && m < 7 * 24 * 60) return `${m / 60}h`;
  return formatDuration(m);
}

/** "GDPR, 72h", "HIPAA, 60d", "custom, 30d". */
export function describeDeadline(deadline: RegulatorDeadline): string {
  return `${regimeLabel(deadline.regime)}, ${formatRegulatorDuration(deadline.minutes)}`;
}

/** Reads a regime or a duration: `gdpr`, `HIPAA`, `30d`, `96h`. Undefined when it is neither. */
export function parseRegulatorDeadline(word: string): RegulatorDeadline | { problem: string } | undefined {
  const w = word.trim().toLowerCase();
  if (w === "gdpr" || w === "hipaa") return { regime: w, minutes: NAMED_DEADLINES[w].minutes };
  const minutes = parseDuration(w);
  if (minutes === undefined) return undefined;
  if (minutes < CUSTOM_DEADLINE_LIMITS.min || minutes > CUSTOM_DEADLINE_LIMITS.max) {
    return { problem: `A custom deadline must be from ${formatRegulatorDuration(CUSTOM_DEADLINE_LIMITS.min)} to ${formatRegulatorDuration(CUSTOM_DEADLINE_LIMITS.max)} (got ${word}).` };
  }
  return { regime: "custom", minutes };
}

/** The incident columns the regulator clock reads. */
interface FlagColumns {
  personalDataAt: Date | null;
  regulatorRegime: string | null;
  regulatorDeadlineMinutes: number | null;
  regulatorNotifiedAt: Date | null;
  clockSpeed: number;
}

/** The incident's regulator clock, if personal data was flagged. Rows flagged before the choice existed are GDPR. */
export function regulatorClock(incident: FlagColumns): (RegulatorDeadline & { flaggedAt: Date; dueAt: Date; notifiedAt: Date | null }) | undefined {
  if (!incident.personalDataAt) return undefined;
  const regime = (REGULATORY_REGIMES as readonly string[]).includes(incident.regulatorRegime ?? "") ? (incident.regulatorRegime as RegulatoryRegime) : DEFAULT_REGIME;
  const minutes = incident.regulatorDeadlineMinutes ?? NAMED_DEADLINES[DEFAULT_REGIME].minutes;
  const speed = Math.max(1, incident.clockSpeed);
  const dueAt = new Date(incident.personalDataAt.getTime() + (minutes * 60_000) / speed);
  return { regime, minutes, flaggedAt: incident.personalDataAt, dueAt, notifiedAt: incident.regulatorNotifiedAt };
}

/**
 * When the legal advisor is reminded, in minutes after the flag on the incident's clock: at a
 * third, two thirds and eleven twelfths of the deadline, and at the deadline. For GDPR's 72 h that
 * is 24, 48, 66 and 72 h; for HIPAA's 60 days, 20, 40, 55 and 60 days.
 */
export function regulatoryReminderOffsets(deadlineMinutes: number): number[] {
  return [1 / 3, 2 / 3, 11 / 12, 1].map((share) => Math.round(deadlineMinutes * share));
}
