import { plain } from "../chat/message.js";
import { describeEvent } from "../chat/views/replies.js";
import { incidentHeadline, keyTimes } from "../chat/views/summary.js";
import { formatInZone } from "../domain/time-zone.js";
import type { Effect } from "../effects/effect.js";
import type { IncidentRow, LogRow } from "../store/schema.js";

/** `INC-2026-0042-timeline.md`. */
export const timelineFileName = (humanId: string) => `${humanId}-timeline.md`;

/**
 * The whole timeline as a document: every logged event, where the chat message keeps only the
 * newest that fit. Times in the team's zone, named once at the top.
 */
export function timelineMarkdown(incident: IncidentRow, rows: LogRow[], timeZone: string, generatedAt: Date): string {
  const at = (d: Date) => formatInZone(d, timeZone);
  const stamps = keyTimes(incident).map((t) => `- **${t.label}:** ${t.at ? at(t.at) : "—"}`);
  const events = rows.map((r) => `- ${at(r.at)} · @${r.actorName.replace(/\r?\n/g, " ")}: ${plain(describeEvent(r), timeZone).replace(/\r?\n/g, " ")}`);
  return [
    `# Timeline · ${incidentHeadline(incident)}`,
    `Every logged event, oldest first (${rows.length}). Times in ${timeZone}; generated ${at(generatedAt)}.`,
    "## Key times",
    stamps.join("\n"),
    "## Events",
    events.length ? events.join("\n") : "_No events yet._",
    "",
  ].join("\n\n");
}

/** The `file` effect that posts the whole timeline into the incident's space. */
export function timelineFileEffect(incident: IncidentRow, rows: LogRow[], timeZone: string, now: Date): Effect {
  const name = timelineFileName(incident.humanId);
  return {
    kind: "file",
    incidentId: incident.id,
    name,
    title: `${incident.humanId} timeline (${rows.length} events)`,
    mime: "text/markdown",
    content: timelineMarkdown(incident, rows, timeZone, now),
    summary: { text: `${incident.humanId}: the whole timeline, ${rows.length} events`, blocks: [{ type: "text", text: [`🗂 The whole timeline of ${incident.humanId}: ${rows.length} events, oldest first (${name}).`] }] },
  };
}
