import { z } from "zod";
import { readinessMessage } from "../chat/views/replies.js";
import { type CommandSpec, defineCommand } from "./define.js";
import { noArguments } from "./grammar.js";

const spec: CommandSpec = { name: "readiness", aliases: ["prepare", "preparation"], usage: ["readiness"], summary: "The before-an-incident preparation checklist", examples: ["readiness"], scope: "none" };

export const readiness = defineCommand({
  spec,
  access: "readiness",
  changes: false,
  parse: (args) => noArguments(spec, args),
  schema: z.object({}),
  run: async () => ({ reply: readinessMessage() }),
});
