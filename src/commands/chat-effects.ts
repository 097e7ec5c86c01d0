import type { Inline, Message } from "../chat/message.js";
import { purposesShowingSection } from "../chat/views/checklist.js";
import type { Ctx } from "../context.js";
import type { Effect } from "../effects/effect.js";
import { FIRST_HOUR } from "../playbooks/index.js";

export interface RefreshPlan {
  summary?: boolean;
  topic?: boolean;
  /** Checklist sections whose messages changed. */
  sections?: string[];
  /** Step keys that changed: the summary's progress and first-hour prompts showing them too. */
  steps?: string[];
}

/** The in-place updates a change needs; each re-renders the incident as it is when delivered. */
export function refresh(incidentId: string, plan: RefreshPlan): Effect[] {
  const out: Effect[] = [];
  if (plan.summary || plan.steps?.length) out.push({ kind: "update", incidentId, purpose: "summary" });
  const purposes = new Set((plan.sections ?? []).flatMap(purposesShowingSection));
  for (const purpose of purposes) out.push({ kind: "update", incidentId, purpose });
  if (plan.steps?.length) {
    for (const window of FIRST_HOUR) {
      if ([window.step.key, ...window.related].some((k) => plan.steps!.includes(k))) out.push({ kind: "update", incidentId, purpose: `prompt:${window.key}` });
    }
  }
  // What the topic shows (severity, phase, commander) is what the announcement shows.
  if (plan.topic) out.push({ kind: "topic", incidentId }, { kind: "update", incidentId, purpose: "announcement" });
  return out;
}

/** A post into the incident's space (announcements, notes, updates). */
export function announce(incidentId: string, message: Message): Effect {
  return { kind: "post", incidentId, message };
}

/** The person who ran the command, as a mention (the bot says "Firebreak"). */
export function actorInline(ctx: Ctx): Inline {
  return ctx.actor.kind === "system" ? "Firebreak" : { person: { platform: ctx.actor.kind, id: ctx.actor.userId, name: ctx.actor.name } };
}
