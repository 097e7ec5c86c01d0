import { z } from "zod";
import { checklistOverview } from "../chat/views/replies.js";
import { loadView } from "../incidents/queries.js";
import { type CommandSpec, defineCommand } from "./define.js";

const spec: CommandSpec = {
  name: "checklist",
  aliases: ["checklists", "steps", "tasks", "todo"],
  usage: ["checklist [section or phase]"],
  summary: "Show the checklists, or one section (e.g. `checklist evidence`)",
  examples: ["checklist", "checklist containment", "checklist first-hour"],
  scope: "incident",
};

export const checklist = defineCommand({
  spec,
  access: "checklist",
  changes: false,
  parse: (args) => ({ section: args.length ? args.join("-").toLowerCase() : undefined }),
  schema: z.object({ section: z.string().max(100).optional() }),
  async run({ tx, incident }, input) {
    return { reply: checklistOverview(await loadView(tx, incident!.id), input.section), log: { payload: { section: input.section } } };
  },
});
