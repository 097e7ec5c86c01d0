import { and, eq } from "drizzle-orm";
import type { Activity } from "botbuilder";
import type { Message } from "../../src/chat/message.js";
import type { SpaceRef } from "../../src/chat/port.js";
import { checklistMessage } from "../../src/chat/views/checklist.js";
import { firstHourPrompt } from "../../src/chat/views/first-hour.js";
import { summaryMessage } from "../../src/chat/views/summary.js";
import { findIncident, type IncidentView } from "../../src/incidents/queries.js";
import { FIRST_HOUR } from "../../src/playbooks/index.js";
import type { Db } from "../../src/store/db.js";
import { type IncidentRow, postedMessages } from "../../src/store/schema.js";
import { splitThread } from "./teams-chat.js";

/**
 * The space a command was typed in. In an incident channel Teams reports the post's thread
 * (`…;messageid=…`) while the incident knows the channel, so both ids are tried.
 */
export async function spaceOfActivity(db: Db, activity: Activity): Promise<{ space: SpaceRef; incident?: IncidentRow }> {
  const id = activity.conversation.id;
  const [channelId] = splitThread(id);
  for (const candidate of id === channelId ? [id] : [id, channelId]) {
    const incident = await findIncident(db, { spaceId: candidate, platform: "teams" });
    if (incident?.space) return { space: incident.space, incident };
  }
  return { space: { platform: "teams", id, name: activity.conversation.name ?? "chat" } };
}

/** The posted message a card action came from (its purpose says how to redraw it). */
export async function postedMessageOf(db: Db, messageId: string | undefined) {
  if (!messageId) return undefined;
  const [row] = await db.select().from(postedMessages).where(and(eq(postedMessages.platform, "teams"), eq(postedMessages.messageId, messageId)));
  return row;
}

/** The current version of a posted message, from its purpose (`summary`, `checklist:…`, `prompt:…`). */
export function messageForPurpose(view: IncidentView, purpose: string): Message | undefined {
  if (purpose === "summary") return summaryMessage(view);
  if (purpose.startsWith("checklist:")) return checklistMessage(view, purpose.slice("checklist:".length));
  if (purpose.startsWith("prompt:")) {
    const window = FIRST_HOUR.find((w) => `prompt:${w.key}` === purpose);
    return window ? firstHourPrompt(view, window) : undefined;
  }
  return undefined;
}
