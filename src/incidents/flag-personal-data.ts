import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "../context.js";
import { incidents } from "../store/schema.js";
import { changeIncident } from "./change.js";

export const FlagPersonalDataInput = z.object({ incidentId: z.uuid() });

export interface PersonalDataFlagged {
  at: Date;
  /** False when it was flagged already: the clock keeps its first start. */
  firstTime: boolean;
}

/** `flag personal-data`: the incident exposes personal data; the 72 h regulator clock starts now. */
export async function flagPersonalData(ctx: Ctx, raw: z.input<typeof FlagPersonalDataInput>): Promise<PersonalDataFlagged> {
  const input = FlagPersonalDataInput.parse(raw);
  return changeIncident<PersonalDataFlagged>(ctx, input.incidentId, "flag", async (tx, incident) => {
    const now = ctx.clock.now();
    const firstTime = incident.personalDataAt === null;
    if (firstTime) await tx.update(incidents).set({ personalDataAt: now }).where(eq(incidents.id, incident.id));
    const at = incident.personalDataAt ?? now;
    return { result: { at, firstTime }, payload: { flag: "personal-data", at: at.toISOString(), firstTime } };
  });
}
