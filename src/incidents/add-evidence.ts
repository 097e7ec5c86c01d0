import { createHash } from "node:crypto";
import { z } from "zod";
import type { Ctx } from "../context.js";
import { evidence, type EvidenceRow } from "../store/schema.js";
import { changeIncident } from "./change.js";

export const AddEvidenceInput = z.object({
  incidentId: z.uuid(),
  description: z.string().trim().min(1, "Describe the evidence or give its URL").max(2000),
  url: z.url().optional(),
});

/**
 * Records a piece of evidence with the SHA-256 of exactly what was given, and who collected it
 * when: the start of a chain of custody.
 */
export async function addEvidence(ctx: Ctx, raw: z.input<typeof AddEvidenceInput>): Promise<EvidenceRow> {
  const input = AddEvidenceInput.parse(raw);
  return changeIncident<EvidenceRow>(
    ctx,
    input.incidentId,
    "evidence",
    async (tx, incident) => {
      const sha256 = createHash("sha256").update(input.description, "utf8").digest("hex");
      const [row] = await tx
        .insert(evidence)
        .values({ incidentId: incident.id, description: input.description, url: input.url, sha256, collectedBy: ctx.actor, collectedAt: ctx.clock.now() })
        .returning();
      return { result: row!, payload: { evidenceId: row!.id, description: input.description, url: input.url, sha256 } };
    },
    { allowClosed: true },
  );
}
