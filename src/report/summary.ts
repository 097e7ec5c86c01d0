import type { Message } from "../chat/message.js";
import type { ReportDocument } from "./document.js";

/**
 * The report in a few lines: posted with the file on Slack, the whole card on Teams (which links
 * the document), and the reply on every platform.
 */
export function reportSummaryMessage(doc: ReportDocument, fileName: string): Message {
  const i = doc.incident;
  const written = doc.writeup.filter((w) => w.text);
  const missing = doc.writeup.filter((w) => !w.text).map((w) => w.label.toLowerCase());
  const open = doc.actions.filter((a) => !a.done);
  const overdue = open.filter((a) => a.overdue).length;
  const severity = i.severity.highest !== i.severity.current ? `${i.severity.current} (highest held ${i.severity.highest})` : i.severity.current;
  const drill = i.drill ? "🎭 DRILL · " : "";
  return {
    text: `${drill}Post-incident report for ${i.humanId}: ${i.title}`,
    blocks: [
      { type: "header", text: `${drill}📄 Post-incident report · ${i.humanId}` },
      { type: "text", text: [{ strong: i.title }] },
      {
        type: "fields",
        fields: [
          { label: "Severity", value: [severity] },
          { label: "Phase", value: [i.phase.label] },
          { label: "Attack vector", value: [i.vector.label] },
          { label: "Checklist", value: [`${i.checklist.done} of ${i.checklist.total} steps done`] },
          { label: "Write-up", value: [written.length === doc.writeup.length ? "complete" : `${written.length} of ${doc.writeup.length} written; not yet: ${missing.join(", ")}`] },
          { label: "Follow-up actions", value: [doc.actions.length ? `${doc.actions.length}, ${open.length} open${overdue ? `, ${overdue} overdue` : ""}` : "none yet"] },
        ],
      },
      { type: "text", text: [doc.metrics.map((m) => `${m.label}: ${m.summary}`).join("\n")] },
      ...(doc.forcedClose ? [{ type: "text" as const, text: [`⚠ Closed with --force: ${doc.forcedClose.reason}`] }] : []),
      { type: "context", text: [`The whole document: ${fileName}. \`report --json\` gives it as data.`] },
    ],
  };
}
