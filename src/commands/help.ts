import { z } from "zod";
import { helpMessage } from "../chat/views/replies.js";
import { type CommandSpec, defineCommand } from "./define.js";

const spec: CommandSpec = {
  name: "help",
  aliases: ["?", "usage"],
  usage: ["help [command | severity | vectors | roles | phases | sources]"],
  summary: "This help, or details on one command or topic",
  examples: ["help assign", "help severity"],
  scope: "none",
};

export const help = defineCommand({
  spec,
  access: "help",
  changes: false,
  parse: (args) => ({ topic: args[0]?.toLowerCase() }),
  schema: z.object({ topic: z.string().max(50).optional() }),
  run: async ({ specs }, input) => ({ reply: helpMessage(input.topic, specs), log: { payload: { topic: input.topic } } }),
});
