import { canTransition, isActive, type Phase } from "../domain/lifecycle.js";

/** What a phase move records. `review-started` has no column today: the log row carries it. */
export type MoveStamp = "contained" | "resolved" | "review-started" | "closed";

export interface MoveEffect {
  /**
   * Milestones the move stamps with the time of the move. `resolved` is a new resolution every
   * time (a second resolution after a reopening gets its own time); `contained` keeps the first
   * time it was stamped, so leaving containment twice does not move it.
   */
  stamps: MoveStamp[];
  /** The move takes a resolved (or in-review) incident back into work: the resolution is reopened. */
  reopens: boolean;
}

/**
 * What moving from `from` to `to` stamps. "Contained" means the blast radius was bounded, which
 * only leaving containment forwards says (or an explicit `milestone contained`):
 *   containment → investigation | remediation | resolved   stamps contained
 *   triage → investigation                                 stamps nothing (never contained)
 *   triage → resolved (a false positive)                   stamps resolved only
 *   any → resolved                                         stamps resolved
 *   any → review / closed                                  stamps review-started / closed
 *   resolved | review → containment | investigation | remediation   reopens
 * Illegal moves stamp nothing; the verb refuses them before asking.
 */
export function milestonesStampedByMove(from: Phase, to: Phase): MoveEffect {
  if (from === to || !canTransition(from, to)) return { stamps: [], reopens: false };
  const stamps: MoveStamp[] = [];
  if (from === "containment") stamps.push("contained");
  if (to === "resolved") stamps.push("resolved");
  if (to === "review") stamps.push("review-started");
  if (to === "closed") stamps.push("closed");
  return { stamps, reopens: !isActive(from) && isActive(to) };
}

/** Stamps that keep the first time they were set; the others record each occurrence. */
export const KEEP_FIRST_STAMPS: ReadonlySet<MoveStamp> = new Set(["contained", "closed"]);
