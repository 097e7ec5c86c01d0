import { z } from "zod";
import { listMessage } from "../chat/views/replies.js";
import { openIncidents } from "../incidents/queries.js";
import { type CommandSpec, defineCommand } from "./define.js";
import { noArguments } from "./grammar.js";

const spec: CommandSpec = { name: "list", aliases: ["ls", "incidents", "open-incidents"], usage: ["list"], summary: "List open incidents", examples: ["list"], scope: "none" };

/**
 * Open incidents the person may see: a private one is listed only to its members and admins. Who
 * may see what is settled before the transaction (it may ask the platform who is in a channel).
 */
export const list = defineCommand({
  spec,
  access: "list",
  changes: false,
  parse: (args) => noArguments(spec, args),
  schema: z.object({}),
  prepare: async (_input, env): Promise<Set<string>> => new Set((await env.visibleIncidents(await openIncidents(env.ctx.db))).filter((r) => r.isPrivate).map((r) => r.id)),
  async run({ tx, ctx }, _input, privateButVisible) {
    const rows = (await openIncidents(tx)).filter((r) => !r.isPrivate || privateButVisible.has(r.id));
    // A list naming a private incident is for the asker only, wherever they asked.
    return { reply: listMessage(rows, ctx.clock.now()), confidential: rows.some((r) => r.isPrivate) };
  },
});
