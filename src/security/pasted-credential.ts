import { and, eq, sql } from "drizzle-orm";
import type { Inline, Message } from "../chat/message.js";
import { actorInline, announce, refresh } from "../commands/chat-effects.js";
import type { Ctx } from "../context.js";
import type { Effect } from "../effects/effect.js";
import { numberedSteps, PASTED_CREDENTIAL_SECTION } from "../playbooks/index.js";
import type { Tx } from "../store/db.js";
import { checklistSteps, incidents, type IncidentRow } from "../store/schema.js";
import type { FoundSecret } from "./redact.js";

const STEP = PASTED_CREDENTIAL_SECTION.steps[0]!;

/**
 * Someone pasted a credential into a command or form on this incident. It was redacted before
 * anything was stored, but it passed through the chat platform, so: the incident gets (or
 * reopens) a "revoke the pasted credential" step on its containment checklist, and its space is
 * told when it happened and what kind of key it was, never the key.
 */
export async function pastedCredential(tx: Tx, ctx: Ctx, incident: IncidentRow, found: FoundSecret[]): Promise<Effect[]> {
  const key = PASTED_CREDENTIAL_SECTION.key;
  // Conditional in SQL: two pastes at once add the section once.
  const [added] = await tx
    .update(incidents)
    .set({ playbooks: sql`array_append(${incidents.playbooks}, ${key})` })
    .where(and(eq(incidents.id, incident.id), sql`not (${key} = any(${incidents.playbooks}))`))
    .returning({ playbooks: incidents.playbooks });
  // A new credential reopens the step if the last one was already revoked.
  const [reopened] = await tx
    .update(checklistSteps)
    .set({ checked: false, changedAt: ctx.clock.now(), changedBy: ctx.actor })
    .where(and(eq(checklistSteps.incidentId, incident.id), eq(checklistSteps.stepKey, STEP.key), eq(checklistSteps.checked, true)))
    .returning({ key: checklistSteps.stepKey });
  const playbooks = added?.playbooks ?? (incident.playbooks.includes(key) ? incident.playbooks : [...incident.playbooks, key]);
  const number = numberedSteps(playbooks).find((s) => s.key === STEP.key)?.number;
  return [announce(incident.id, warning(ctx, found, number, !!reopened)), ...refresh(incident.id, { sections: [key], steps: [STEP.key] })];
}

function warning(ctx: Ctx, found: FoundSecret[], number: number | undefined, reopened: boolean): Message {
  const kinds = [...new Set(found.map((f) => f.kind))].join(", ");
  const step = number ? `Step ${number} on the containment checklist${reopened ? " is open again" : ""}: \`check ${number}\` once it is revoked.` : "";
  const inlines: Inline[] = ["⚠️ ", actorInline(ctx), ` pasted a credential (${kinds}) at `, { time: ctx.clock.now(), show: "time" }, ". It was not stored — revoke it and issue a new one. ", step];
  return { text: `A credential (${kinds}) was pasted and was not stored — revoke it.`, blocks: [{ type: "text", text: inlines }] };
}

/** The line added to a refused command's answer when what was typed held a credential. */
export function pastedWarningLine(found: FoundSecret[]): string {
  const kinds = [...new Set(found.map((f) => f.kind))].join(", ");
  return `⚠️ What you sent held a credential (${kinds}). It was not stored — revoke it and issue a new one.`;
}
