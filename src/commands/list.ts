import { z } from "zod";
import { listMessage } from "../chat/views/replies.js";
import { openIncidents } from "../incidents/queries.js";
import { type CommandSpec, defineCommand } from "./define.js";
import { noArguments } from "./grammar.js";

const spec: CommandSpec = { name: "list", aliases: ["ls", "incidents", "open-incidents"], usage: ["list"], summary: "List open incidents", examples: ["list"], scope: "none" };

export const list = defineCommand({
  spec,
  access: "list",
  changes: false,
  parse: (args) => noArguments(spec, args),
  schema: z.object({}),
  run: async ({ tx, ctx }) => ({ reply: listMessage(await openIncidents(tx), ctx.clock.now()) }),
});
