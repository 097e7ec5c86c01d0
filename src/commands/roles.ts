import { z } from "zod";
import { rolesMessage } from "../chat/views/replies.js";
import { loadView } from "../incidents/queries.js";
import { type CommandSpec, defineCommand } from "./define.js";
import { noArguments } from "./grammar.js";

const spec: CommandSpec = { name: "roles", aliases: ["who", "team"], usage: ["roles"], summary: "Show who holds each role and backup", examples: ["roles"], scope: "incident" };

export const roles = defineCommand({
  spec,
  access: "roles",
  changes: false,
  parse: (args) => noArguments(spec, args),
  schema: z.object({}),
  run: async ({ tx, incident }) => ({ reply: rolesMessage(await loadView(tx, incident!.id)) }),
});
