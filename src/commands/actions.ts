import { z } from "zod";
import { incidentActions, openActions } from "../actions/queries.js";
import { incidentActionsMessage, openActionsMessage } from "../actions/view.js";
import { todayIn } from "../domain/due-date.js";
import { type CommandSpec, defineCommand } from "./define.js";
import { noArguments } from "./grammar.js";

const spec: CommandSpec = {
  name: "actions",
  aliases: ["follow-ups", "followups", "todos"],
  usage: ["actions"],
  summary: "List follow-up actions: this incident's, or outside an incident channel every open one",
  examples: ["actions", "INC-2026-0042 actions"],
  scope: "optional",
};

export const actions = defineCommand({
  spec,
  access: "actions",
  changes: false,
  parse: (args) => noArguments(spec, args),
  schema: z.object({}),
  async run({ tx, ctx, incident }) {
    const today = todayIn(ctx.clock.now(), ctx.config.timeZone);
    if (incident) return { reply: incidentActionsMessage(incident.humanId, await incidentActions(tx, incident.id), today) };
    return { reply: openActionsMessage(await openActions(tx), today) };
  },
});
