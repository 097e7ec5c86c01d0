import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "../context.js";
import { Severity } from "../domain/severity.js";
import { incidents } from "../store/schema.js";
import { autoCheck, changeIncident } from "./change.js";

export const ChangeSeverityInput = z.object({ incidentId: z.uuid(), severity: Severity });

export interface SeverityChanged {
  from: Severity;
  to: Severity;
  changed: boolean;
  autoChecked: string[];
}

export async function changeSeverity(ctx: Ctx, raw: z.input<typeof ChangeSeverityInput>): Promise<SeverityChanged> {
  const input = ChangeSeverityInput.parse(raw);
  return changeIncident<SeverityChanged>(ctx, input.incidentId, "severity", async (tx, incident) => {
    const from = incident.severity as Severity;
    if (from !== input.severity) await tx.update(incidents).set({ severity: input.severity }).where(eq(incidents.id, incident.id));
    // Saying the severity out loud completes the triage step, even when it confirms the default.
    const autoChecked = await autoCheck(tx, ctx, incident.id, ["triage.severity"]);
    const result = { from, to: input.severity, changed: from !== input.severity, autoChecked };
    return { result, payload: result };
  });
}
