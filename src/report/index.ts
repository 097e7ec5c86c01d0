/** The post-incident report: load a bundle, build the document (`report --json`), render Markdown. */
export type { ReportBundle } from "./bundle.js";
export { loadReportBundle } from "./bundle.js";
export type * from "./document.js";
export { buildReport, WRITEUP_LABELS } from "./build.js";
export { reportMarkdown } from "./markdown.js";
export { forceReasonOf } from "./timeline.js";

/** The file name a platform uploads or the shell writes: `INC-2026-0042-post-incident-report.md`. */
export function reportFileName(humanId: string, extension: "md" | "json" = "md"): string {
  return `${humanId}-post-incident-report.${extension}`;
}
