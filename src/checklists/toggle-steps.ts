import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { closest } from "../commands/tokenize.js";
import type { Ctx } from "../context.js";
import { invalid } from "../errors.js";
import { changeIncident } from "../incidents/change.js";
import { type NumberedStep, numberedSteps } from "../playbooks/index.js";
import { checklistSteps } from "../store/schema.js";

export const ToggleStepsInput = z.object({
  incidentId: z.uuid(),
  /** Step keys or their numbers in the incident's list. */
  steps: z.array(z.string().trim().min(1)).min(1).max(60),
  checked: z.boolean(),
  /** A checkbox press, as opposed to a typed command: a repeat that changes nothing is not logged. */
  viaButton: z.boolean().default(false),
});
export type ToggleStepsInput = z.input<typeof ToggleStepsInput>;

export interface StepsToggled {
  checked: boolean;
  changed: NumberedStep[];
  unchanged: NumberedStep[];
  /** The sections whose messages need re-rendering. */
  sections: string[];
}

/**
 * Checks or unchecks steps. The write is conditional on the current state, so a click delivered
 * twice, or two people clicking at once, changes the state once and is logged once.
 */
export async function toggleSteps(ctx: Ctx, raw: ToggleStepsInput): Promise<StepsToggled> {
  const input = ToggleStepsInput.parse(raw);
  return changeIncident<StepsToggled>(ctx, input.incidentId, input.checked ? "check" : "uncheck", async (tx, incident) => {
    const all = numberedSteps(incident.playbooks);
    const wanted = resolveSteps(all, input.steps);
    const now = ctx.clock.now();
    const changed: NumberedStep[] = [];
    for (const step of wanted) {
      const rows = input.checked
        ? await tx
            .insert(checklistSteps)
            .values({ incidentId: incident.id, stepKey: step.key, checked: true, changedAt: now, changedBy: ctx.actor })
            .onConflictDoUpdate({
              target: [checklistSteps.incidentId, checklistSteps.stepKey],
              set: { checked: true, changedAt: now, changedBy: ctx.actor },
              setWhere: eq(checklistSteps.checked, false),
            })
            .returning({ key: checklistSteps.stepKey })
        : await tx
            .update(checklistSteps)
            .set({ checked: false, changedAt: now, changedBy: ctx.actor })
            .where(and(eq(checklistSteps.incidentId, incident.id), eq(checklistSteps.stepKey, step.key), eq(checklistSteps.checked, true)))
            .returning({ key: checklistSteps.stepKey });
      if (rows.length) changed.push(step);
    }
    const unchanged = wanted.filter((s) => !changed.includes(s));
    const result = { checked: input.checked, changed, unchanged, sections: [...new Set(changed.map((s) => s.section.key))] };
    return {
      result,
      log: changed.length > 0 || !input.viaButton,
      payload: {
        checked: input.checked,
        changed: changed.map((s) => ({ key: s.key, number: s.number })),
        unchanged: unchanged.map((s) => s.key),
        viaButton: input.viaButton,
      },
    };
  });
}

function resolveSteps(all: NumberedStep[], refs: string[]): NumberedStep[] {
  const found: NumberedStep[] = [];
  for (const ref of refs) {
    const step = /^#?\d+$/.test(ref) ? all.find((s) => s.number === Number(ref.replace("#", ""))) : all.find((s) => s.key === ref.toLowerCase());
    if (!step) {
      if (/^#?\d+$/.test(ref)) throw invalid(`There is no step ${ref}: this incident's steps are numbered 1 to ${all.length}.`, "`checklist` shows the numbers.");
      const guess = closest(ref.toLowerCase(), all.map((s) => s.key));
      throw invalid(`There is no step \`${ref}\` on this incident.${guess ? ` Did you mean \`${guess}\`?` : ""}`, "`checklist` shows every step with its number and key.");
    }
    if (!found.includes(step)) found.push(step);
  }
  return found;
}
