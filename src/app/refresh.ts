import { checklistMessage } from "../chat/views/checklist.js";
import { firstHourPrompt } from "../chat/views/first-hour.js";
import { summaryMessage, topicFor } from "../chat/views/summary.js";
import type { Message } from "../chat/message.js";
import type { ChatPort } from "../chat/port.js";
import type { Ctx } from "../context.js";
import { type IncidentView, loadView, messageRefs } from "../incidents/queries.js";
import { recordFailure } from "../incidents/record.js";
import { FIRST_HOUR } from "../playbooks/index.js";
import type { Runtime } from "./runtime.js";

export interface RefreshPlan {
  summary?: boolean;
  topic?: boolean;
  /** Checklist sections whose messages changed. */
  sections?: string[];
  /** Step keys that changed: first-hour prompts showing them are re-rendered too. */
  steps?: string[];
}

/**
 * Brings the incident's posted messages up to date after a committed change. Runs after commit;
 * a chat failure here is logged and reported, and the change itself stands.
 */
export async function refreshIncident(rt: Runtime, ctx: Ctx, incidentId: string, plan: RefreshPlan): Promise<string[]> {
  const view = await loadView(rt.db, incidentId);
  const space = view.incident.space;
  const port = space ? rt.ports[space.platform] : undefined;
  if (!space || !port) return [];
  const problems: string[] = [];
  const refs = await messageRefs(rt.db, incidentId, space.platform);
  const wanted = new Map<string, Message>();
  for (const ref of refs) {
    if (ref.purpose === "summary" && (plan.summary || plan.steps?.length)) wanted.set(ref.purpose, summaryMessage(view));
    if (ref.purpose.startsWith("checklist:") && plan.sections?.includes(ref.purpose.slice("checklist:".length))) {
      wanted.set(ref.purpose, checklistMessage(view, ref.purpose.slice("checklist:".length)));
    }
    if (ref.purpose.startsWith("prompt:") && plan.steps?.length) {
      const window = FIRST_HOUR.find((w) => `prompt:${w.key}` === ref.purpose);
      if (window && [window.step.key, ...window.related].some((k) => plan.steps!.includes(k))) wanted.set(ref.purpose, firstHourPrompt(view, window));
    }
  }
  for (const ref of refs) {
    const message = wanted.get(ref.purpose);
    if (!message) continue;
    await attempt(ctx, incidentId, `update ${ref.purpose}`, problems, () => port.update({ spaceId: ref.spaceId, messageId: ref.messageId }, message));
  }
  if (plan.topic) await attempt(ctx, incidentId, "set topic", problems, () => port.setTopic(space, topicFor(view)));
  return problems;
}

/** Posts a message into the incident's space (announcements, notes, updates). */
export async function postToIncident(rt: Runtime, ctx: Ctx, view: IncidentView, message: Message, problems: string[]): Promise<void> {
  const space = view.incident.space;
  const port = space ? rt.ports[space.platform] : undefined;
  if (!space || !port) return;
  await attempt(ctx, view.incident.id, "post", problems, () => port.post(space, message));
}

/**
 * Runs one chat call; on failure logs a `chat.failed` row and collects a sentence for the person,
 * instead of failing the whole command after its change was committed.
 */
export async function attempt(ctx: Ctx, incidentId: string | null, what: string, problems: string[], call: () => Promise<unknown>): Promise<boolean> {
  try {
    await call();
    return true;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    ctx.logger.warn({ err: error, incidentId, what }, "chat call failed");
    await recordFailure(ctx, "chat.failed", reason, incidentId, { what });
    problems.push(`Could not ${what}: ${reason}`);
    return false;
  }
}

export function portOf(rt: Runtime, view: IncidentView): ChatPort | undefined {
  return view.incident.space ? rt.ports[view.incident.space.platform] : undefined;
}
