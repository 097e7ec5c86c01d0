import { z } from "zod";
import { verifyMessage } from "../chat/views/replies.js";
import { verifyLog } from "../store/log.js";
import { type CommandSpec, defineCommand } from "./define.js";
import { noArguments } from "./grammar.js";

const spec: CommandSpec = { name: "verify", aliases: ["audit", "verify-log"], usage: ["verify"], summary: "Check the incident log's hash chain end to end", examples: ["verify"], scope: "none" };

export const verify = defineCommand({
  spec,
  access: "verify",
  changes: false,
  parse: (args) => noArguments(spec, args),
  schema: z.object({}),
  async run({ tx }) {
    // Inside the command's own transaction: the embedded database has one connection.
    const result = await verifyLog(tx);
    return { reply: verifyMessage(result), log: { payload: { ...result } } };
  },
});
