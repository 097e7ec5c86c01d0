import { z } from "zod";
import { loadReportBundle } from "../report/bundle.js";
import { buildReport } from "../report/build.js";
import { reportFileName } from "../report/index.js";
import { reportMarkdown } from "../report/markdown.js";
import { reportSummaryMessage } from "../report/summary.js";
import { type CommandSpec, defineCommand } from "./define.js";
import { usage } from "./grammar.js";

const spec: CommandSpec = {
  name: "report",
  aliases: ["postmortem", "post-mortem", "review-report"],
  usage: ["report", "report --json"],
  summary: "Post the post-incident report (Markdown) to the incident's channel as a file; --json for tooling",
  examples: ["report", "report --json", "INC-2026-0042 report"],
  scope: "incident",
};

/**
 * Builds the post-incident report from the database and the log, as they are now, and puts it in
 * the incident's space as a document (Slack: a file; Teams: a card linking it; the shell: a file
 * in FIREBREAK_REPORT_DIR). Reading only: anyone who can see the incident may ask, closed or not.
 */
export const report = defineCommand({
  spec,
  access: "report",
  changes: false,
  parse(args) {
    const json = args.some((a) => /^(--)?json$/i.test(a));
    const rest = args.filter((a) => !/^(--)?json$/i.test(a));
    if (rest.length) throw usage(spec, `\`report\` takes nothing but \`--json\` (got \`${rest.join(" ")}\`).`);
    return { json };
  },
  schema: z.object({ json: z.boolean().default(false) }),
  async run({ tx, ctx, incident, effects }, input) {
    const doc = buildReport(await loadReportBundle(tx, incident!.id, ctx.config.targets, ctx.clock.now()));
    const name = reportFileName(incident!.humanId, input.json ? "json" : "md");
    const summary = reportSummaryMessage(doc, name);
    effects.push({
      kind: "file",
      incidentId: incident!.id,
      name,
      title: `${incident!.humanId} post-incident report${input.json ? " (JSON)" : ""}`,
      mime: input.json ? "application/json" : "text/markdown",
      content: input.json ? `${JSON.stringify(doc, null, 2)}\n` : reportMarkdown(doc),
      summary,
    });
    const where = incident!.space ? `#${incident!.space.name}` : "the incident's channel";
    return {
      reply: { text: `Posting ${name} to ${where}.`, blocks: [...summary.blocks.slice(0, -1), { type: "context", text: [`📎 ${name} is being posted to ${where}.`] }] },
      log: { payload: { json: input.json, name, writeupDone: doc.writeup.filter((w) => w.text).length, openActions: doc.actions.filter((a) => !a.done).length } },
    };
  },
});
