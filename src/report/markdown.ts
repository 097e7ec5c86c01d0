import { formatDuration } from "../domain/time.js";
import type { ReportDocument, ReportEvidence, ReportMetric } from "./document.js";

const NOT_WRITTEN = "_Not yet written._";

/** "2026-11-25 14:05" (the headings say UTC). */
const utc = (iso: string | null) => (iso ? iso.slice(0, 16).replace("T", " ") : "—");

/** Table cells hold one line and no pipes. */
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\r?\n/g, "<br>");

function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map(cell).join(" | ")} |`;
  return [line(head), `|${head.map(() => "---").join("|")}|`, ...rows.map(line)].join("\n");
}

/** Key/value pairs as a list: "- **Severity:** P1 — Critical". */
const facts = (rows: [string, string][]) => rows.map(([k, v]) => `- **${k}:** ${v.replace(/\r?\n/g, " ")}`).join("\n");

function metricRow(m: ReportMetric): string[] {
  const target = m.target
    ? m.target.clockSpeed > 1
      ? `${formatDuration(m.target.minutes)} (${m.target.severity}'s ${formatDuration(m.target.configuredMinutes)} at drill speed ×${m.target.clockSpeed})`
      : `${formatDuration(m.target.minutes)} (${m.target.severity})`
    : "—";
  switch (m.state) {
    case "reached":
      return [m.label, formatDuration(m.minutes!), target, m.met ? "met" : `**missed** by ${formatDuration(m.minutes! - m.target!.minutes)}`];
    case "running": {
      const left = m.target!.minutes - m.minutes!;
      return [m.label, `${formatDuration(m.minutes!)} so far`, target, left < 0 ? `**overdue** by ${formatDuration(-left)}` : `running, ${formatDuration(left)} left`];
    }
    case "unknown":
      return [m.label, "unknown", target, m.reason!];
    case "inconsistent":
      return [m.label, "cannot be measured", target, m.reason!];
  }
}

function summary(doc: ReportDocument): string {
  const i = doc.incident;
  const severity = `${i.severity.current} — ${i.severity.label}${i.severity.highest !== i.severity.current ? ` (highest held: ${i.severity.highest})` : ""}`;
  const reg = doc.regulatory;
  const after = (from: string, to: string) => formatDuration((Date.parse(to) - Date.parse(from)) / 60_000);
  const regulatory = reg
    ? `flagged ${utc(reg.personalDataFlaggedAt)} UTC; regulator ${reg.regulatorNotifiedAt ? `notified ${utc(reg.regulatorNotifiedAt)} UTC (${after(reg.personalDataFlaggedAt, reg.regulatorNotifiedAt)} after the flag)` : "**not notified**"}`
    : "not flagged";
  return facts([
    ["Severity", severity],
    ["Attack vector", i.vector.label],
    ["Detected by", i.detectionSource ? `${i.detectionSource.label}${i.detectionSource.automatic ? " (automatic)" : ""}` : "not recorded"],
    ["Phase", i.phase.label],
    ["Declared by", i.declaredBy],
    ["Resolution", i.resolution ?? "—"],
    ["Checklist", `${i.checklist.done} of ${i.checklist.total} steps done`],
    ["Evidence", `${doc.evidence.length} item${doc.evidence.length === 1 ? "" : "s"}`],
    ["Personal data", regulatory],
  ]);
}

function keyTimes(doc: ReportDocument): string {
  const rows = doc.keyTimes.flatMap((k): string[][] => {
    if (k.milestone !== "resolved" || doc.resolutions.length === 0) return [[k.label, utc(k.at)]];
    return doc.resolutions.map((r) => [k.label, r.reopenedAt ? `${utc(r.at)} (reopened ${utc(r.reopenedAt)})` : utc(r.at)]);
  });
  return table(["Milestone", "Time (UTC)"], rows);
}

function writeupSection(doc: ReportDocument, field: string): string {
  const w = doc.writeup.find((x) => x.field === field)!;
  const by = w.writtenBy ? `\n\n<sub>Written by ${w.writtenBy}, ${utc(w.writtenAt)} UTC.</sub>` : "";
  return `## ${w.label}\n\n${w.text ?? NOT_WRITTEN}${by}`;
}

function actions(doc: ReportDocument): string {
  if (doc.actions.length === 0) return "_No follow-up actions recorded yet._";
  return table(
    ["#", "Action", "Owner", "Due", "Status"],
    doc.actions.map((a) => [String(a.number), a.text, a.owner, a.dueOn, a.done ? `done ${utc(a.doneAt)} UTC by ${a.doneBy}` : a.overdue ? "**overdue**" : "open"]),
  );
}

/** What an evidence hash vouches for: only a file's own hash proves the file is unchanged. */
export function hashOfLabel(e: Pick<ReportEvidence, "hashOf" | "file">): string {
  if (e.hashOf === "artefact") return "the artefact (hash given by the responder)";
  if (e.hashOf === "file") {
    const size = e.file?.sizeBytes != null ? `, ${formatBytes(e.file.sizeBytes)}` : "";
    return `the file's bytes${e.file?.name ? ` (${e.file.name}${size})` : size ? ` (${size.slice(2)})` : ""}`;
  }
  return "the description as typed (not a file)";
}

/** "512 bytes", "47 KB", "2.4 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} byte${bytes === 1 ? "" : "s"}`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function evidence(doc: ReportDocument): string {
  if (doc.evidence.length === 0) return "_No evidence recorded._";
  return table(
    ["Collected (UTC)", "By", "Evidence", "SHA-256", "Hash of"],
    doc.evidence.map((e) => [utc(e.collectedAt), e.collectedBy, e.url && e.url !== e.description ? `${e.description} (${e.url})` : e.description, `\`${e.sha256}\``, hashOfLabel(e)]),
  );
}

function riskEntry(doc: ReportDocument): string {
  const r = doc.riskRegister;
  return facts([
    ["Reference", r.reference],
    ["Risk", r.title],
    ["Vulnerability (root cause)", r.vulnerability ?? NOT_WRITTEN],
    ["Risk factors", r.riskFactors ?? NOT_WRITTEN],
    ["Detection gap", r.detectionGap ?? NOT_WRITTEN],
    ["Attack vector", r.attackVector],
    ["Severity", `${r.severity} (highest held)`],
    ["Owner", r.owner ?? "no commander assigned"],
    ["Treatment", r.treatment],
    ["Status", r.status === "treated" ? "Treated" : "Open"],
  ]);
}

function completion(doc: ReportDocument): string {
  const overview = table(["Phase", "Done"], doc.completion.map((c) => [c.label, `${c.done} of ${c.total}`]));
  const open = doc.completion
    .filter((c) => c.open.length)
    .map((c) => `**Still open in ${c.label}:**\n\n${c.open.map((s) => `- ${s.number}. ${s.text}`).join("\n")}`);
  return [overview, ...open].join("\n\n");
}

function roles(doc: ReportDocument): string {
  if (doc.roles.length === 0) return "_Nobody was assigned a role._";
  return table(
    ["Role", "Person", "From (UTC)", "Until (UTC)"],
    doc.roles.map((r) => {
      const role = `${r.roleLabel}${r.slot === "backup" ? " (backup)" : ""}`;
      if (!r.person) return [role, "never assigned", "—", "—"];
      const ended = r.handedTo ? `, handed to ${r.handedTo}` : r.endedBy ? `, unassigned by ${r.endedBy}` : "";
      return [role, r.person, utc(r.from), r.until ? `${utc(r.until)}${ended}` : "—"];
    }),
  );
}

/** The report as Markdown: the document a review meeting reads and the channel keeps. */
export function reportMarkdown(doc: ReportDocument): string {
  const i = doc.incident;
  const banners: string[] = [];
  if (i.drill) banners.push(`> **Drill** on a clock ${i.clockSpeed}× faster than real time: nothing here counts in metrics.`);
  if (doc.forcedClose) banners.push(`> **Closed with \`--force\`** by ${doc.forcedClose.by} on ${utc(doc.forcedClose.at)} UTC: ${doc.forcedClose.reason}`);
  const metricsNote =
    "Each clock runs from detection (time to detect: from the attack's start). Targets are those of the most severe severity the incident held while the clock ran; a reopened incident's remediation counts to its final resolution.";
  const sections = [
    `# ${i.humanId}: ${i.title}`,
    `Post-incident report · generated ${utc(doc.generatedAt)} UTC`,
    ...banners,
    "## Summary",
    summary(doc),
    ...(i.description ? [i.description] : []),
    "### Key times",
    keyTimes(doc),
    writeupSection(doc, "impact"),
    writeupSection(doc, "root-cause"),
    writeupSection(doc, "contributing-factors"),
    writeupSection(doc, "detection-gap"),
    "## Metrics against targets",
    table(["Metric", "Time", "Target", "Result"], doc.metrics.map(metricRow)),
    metricsNote,
    writeupSection(doc, "lessons-learned"),
    "## Follow-up actions",
    actions(doc),
    "## Risk register entry",
    riskEntry(doc),
    "## Severity history",
    table(["Since (UTC)", "Severity"], i.severity.history.map((h) => [utc(h.at), h.severity])),
    "## Roles and hand-overs",
    roles(doc),
    "## Checklist completion by phase",
    completion(doc),
    "## Evidence",
    evidence(doc),
    "## Timeline",
    doc.timeline.length ? table(["Time (UTC)", "Who", "What"], doc.timeline.map((e) => [utc(e.at), e.by, e.text])) : "_No events._",
    "---",
    `<sub>Generated by Firebreak from ${i.humanId}'s records and its hash-chained incident log (\`verify\` checks the chain).</sub>`,
  ];
  return `${sections.join("\n\n")}\n`;
}
