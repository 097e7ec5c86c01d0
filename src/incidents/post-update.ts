import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "../context.js";
import { incidents } from "../store/schema.js";
import { changeIncident } from "./change.js";

export const PostUpdateInput = z.object({ incidentId: z.uuid(), text: z.string().trim().min(1, "The update is empty").max(3000) });

export interface UpdatePosted {
  text: string;
  at: Date;
}

/** A status update for stakeholders; it also resets the update-cadence clock. */
export async function postUpdate(ctx: Ctx, raw: z.input<typeof PostUpdateInput>): Promise<UpdatePosted> {
  const input = PostUpdateInput.parse(raw);
  return changeIncident<UpdatePosted>(ctx, input.incidentId, "update", async (tx, incident) => {
    const at = ctx.clock.now();
    await tx.update(incidents).set({ lastUpdateAt: at }).where(eq(incidents.id, incident.id));
    return { result: { text: input.text, at }, payload: { text: input.text, phase: incident.phase, severity: incident.severity } };
  });
}
