import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "../context.js";
import { SETTABLE_MILESTONES } from "../domain/lifecycle.js";
import { formatUtc } from "../domain/time.js";
import { invalid } from "../errors.js";
import { incidents } from "../store/schema.js";
import { changeIncident } from "./change.js";

export const SetMilestoneInput = z.object({ incidentId: z.uuid(), milestone: z.enum(SETTABLE_MILESTONES), at: z.date() });

const COLUMN = { started: "startedAt", detected: "detectedAt", notified: "notifiedAt", contained: "containedAt", resolved: "resolvedAt" } as const;

export interface MilestoneSet {
  milestone: (typeof SETTABLE_MILESTONES)[number];
  at: Date;
  previous: Date | null;
}

/** Sets or corrects a milestone time; the old value stays in the log. */
export async function setMilestone(ctx: Ctx, raw: z.input<typeof SetMilestoneInput>): Promise<MilestoneSet> {
  const input = SetMilestoneInput.parse(raw);
  return changeIncident<MilestoneSet>(ctx, input.incidentId, "milestone", async (tx, incident) => {
    if (input.at.getTime() > ctx.clock.now().getTime()) throw invalid(`${formatUtc(input.at)} is in the future.`);
    const started = input.milestone === "started" ? input.at : incident.startedAt;
    const detected = input.milestone === "detected" ? input.at : incident.detectedAt;
    if (started && started.getTime() > detected.getTime()) {
      throw invalid(`The attack cannot start (${formatUtc(started)}) after it was detected (${formatUtc(detected)}).`, "Correct the other milestone first, e.g. `milestone detected <time>`.");
    }
    const column = COLUMN[input.milestone];
    const previous = incident[column];
    await tx.update(incidents).set({ [column]: input.at }).where(eq(incidents.id, incident.id));
    return { result: { milestone: input.milestone, at: input.at, previous }, payload: { milestone: input.milestone, at: input.at.toISOString(), previous: previous?.toISOString() ?? null } };
  });
}
