import { errorMessage } from "../chat/views/replies.js";
import { toggleSteps } from "../checklists/toggle-steps.js";
import { withActor } from "../context.js";
import type { Actor } from "../domain/people.js";
import { CoreError } from "../errors.js";
import { recordRejected } from "../incidents/record.js";
import { refreshIncident } from "./refresh.js";
import type { Outcome } from "./run-command.js";
import type { Runtime } from "./runtime.js";

export interface CheckboxPress {
  actor: Actor;
  incidentId: string;
  stepKey: string;
  checked: boolean;
}

/**
 * A checkbox click from any platform. The state change is conditional in SQL, so a click
 * delivered twice (or two people clicking together) changes the state and logs once.
 */
export async function pressCheckbox(rt: Runtime, press: CheckboxPress): Promise<Outcome & { changed: boolean }> {
  const ctx = withActor(rt, press.actor, `[checkbox] ${press.checked ? "check" : "uncheck"} ${press.stepKey}`);
  try {
    const result = await toggleSteps(ctx, { incidentId: press.incidentId, steps: [press.stepKey], checked: press.checked, viaButton: true });
    const changed = result.changed.length > 0;
    const problems = changed ? await refreshIncident(rt, ctx, press.incidentId, { summary: true, sections: result.sections, steps: result.changed.map((s) => s.key) }) : [];
    return { ok: true, changed, reply: problems.length ? errorMessage(new CoreError("unavailable", problems.join("\n"))) : undefined };
  } catch (error) {
    if (!(error instanceof CoreError)) throw error;
    await recordRejected(ctx, press.checked ? "check" : "uncheck", error.message, press.incidentId, { stepKey: press.stepKey, viaButton: true });
    return { ok: false, changed: false, reply: errorMessage(error) };
  }
}
