import { z } from "zod";
import { timelineMessage } from "../chat/views/replies.js";
import { loadView } from "../incidents/queries.js";
import { incidentEvents } from "../incidents/timeline.js";
import { type CommandSpec, defineCommand } from "./define.js";
import { noArguments } from "./grammar.js";

const spec: CommandSpec = { name: "timeline", aliases: ["history", "events"], usage: ["timeline"], summary: "Show key times and everything that happened", examples: ["timeline"], scope: "incident" };

export const timeline = defineCommand({
  spec,
  access: "timeline",
  changes: false,
  parse: (args) => noArguments(spec, args),
  schema: z.object({}),
  async run({ tx, ctx, incident }) {
    const view = await loadView(tx, incident!.id);
    return { reply: timelineMessage(view, await incidentEvents(tx, incident!.id), ctx.config.targets) };
  },
});
