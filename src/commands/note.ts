import { z } from "zod";
import { actorInline, announce } from "./chat-effects.js";
import { type CommandSpec, defineCommand } from "./define.js";

const spec: CommandSpec = {
  name: "note",
  aliases: ["log", "comment"],
  usage: ["note <text>"],
  summary: "Add a finding or decision to the incident log",
  examples: ["note Attack payload hidden in support ticket #4411"],
  scope: "incident",
};

/** A finding or decision. The log row is the note: timestamped, attributed and immutable. */
export const note = defineCommand({
  spec,
  access: "note",
  changes: true,
  // Findings keep arriving after close (late evidence, review notes).
  allowClosed: true,
  parse: (_args, rest) => ({ text: rest }),
  schema: z.object({ text: z.string().trim().min(1, "The note is empty").max(3000, "The note is too long (at most 3000 characters)") }),
  async run({ ctx, incident, effects }, input) {
    effects.push(announce(incident!.id, { text: `Note: ${input.text}`, blocks: [{ type: "text", text: ["📝 ", actorInline(ctx), `: ${input.text}`] }] }));
    return { log: { payload: { text: input.text } } };
  },
});
