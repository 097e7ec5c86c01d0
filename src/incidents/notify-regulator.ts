import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "../context.js";
import { incidents } from "../store/schema.js";
import { changeIncident } from "./change.js";

export const NotifyRegulatorInput = z.object({ incidentId: z.uuid() });

export interface RegulatorNotified {
  at: Date;
  firstTime: boolean;
  /** When personal data was flagged, if it was: the clock this stops. */
  flaggedAt: Date | null;
}

/** `notify regulator`: the regulatory notification was made; the 72 h nudges stop. */
export async function notifyRegulator(ctx: Ctx, raw: z.input<typeof NotifyRegulatorInput>): Promise<RegulatorNotified> {
  const input = NotifyRegulatorInput.parse(raw);
  return changeIncident<RegulatorNotified>(ctx, input.incidentId, "notify", async (tx, incident) => {
    const now = ctx.clock.now();
    const firstTime = incident.regulatorNotifiedAt === null;
    if (firstTime) await tx.update(incidents).set({ regulatorNotifiedAt: now }).where(eq(incidents.id, incident.id));
    const at = incident.regulatorNotifiedAt ?? now;
    return { result: { at, firstTime, flaggedAt: incident.personalDataAt }, payload: { audience: "regulator", at: at.toISOString(), firstTime } };
  });
}
