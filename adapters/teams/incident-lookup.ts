import type { Activity } from "botbuilder";
import { type IncidentRow, incidentInSpace, type Runtime, type SpaceRef } from "../../src/core.js";
import { splitThread } from "./teams-chat.js";

/**
 * The space a command was typed in. In an incident channel Teams reports the post's thread
 * (`…;messageid=…`) while the incident knows the channel, so both ids are tried.
 */
export async function spaceOfActivity(rt: Runtime, activity: Activity): Promise<{ space: SpaceRef; incident?: IncidentRow }> {
  const id = activity.conversation.id;
  const [channelId] = splitThread(id);
  for (const candidate of id === channelId ? [id] : [id, channelId]) {
    const incident = await incidentInSpace(rt, { id: candidate, platform: "teams" });
    if (incident?.space) return { space: incident.space, incident };
  }
  return { space: { platform: "teams", id, name: activity.conversation.name ?? "chat" } };
}
