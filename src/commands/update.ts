import { eq } from "drizzle-orm";
import { z } from "zod";
import { PHASE_LABELS, type Phase } from "../domain/lifecycle.js";
import { formatUtc } from "../domain/time.js";
import { incidents } from "../store/schema.js";
import { actorInline, announce } from "./chat-effects.js";
import { type CommandSpec, defineCommand } from "./define.js";

const spec: CommandSpec = {
  name: "update",
  aliases: ["status-update", "brief"],
  usage: ["update <text>"],
  summary: "Post a status update for stakeholders",
  examples: ["update Model offline; input filter deployed; investigating scope"],
  scope: "incident",
};

/** A status update for stakeholders; it also resets the update-cadence clock. */
export const update = defineCommand({
  spec,
  access: "update",
  changes: true,
  parse: (_args, rest) => ({ text: rest }),
  schema: z.object({ text: z.string().trim().min(1, "The update is empty").max(3000, "The update is too long (at most 3000 characters)") }),
  async run({ tx, ctx, incident, effects }, input) {
    const at = ctx.clock.now();
    await tx.update(incidents).set({ lastUpdateAt: at }).where(eq(incidents.id, incident!.id));
    effects.push(
      announce(incident!.id, {
        text: `Status update: ${input.text}`,
        blocks: [
          { type: "header", text: `📢 Status update · ${incident!.humanId}` },
          { type: "text", text: [input.text] },
          { type: "context", text: [`${incident!.severity} · ${PHASE_LABELS[incident!.phase as Phase]} · from `, actorInline(ctx), ` · ${formatUtc(at)}`] },
        ],
      }),
    );
    return { log: { payload: { text: input.text, phase: incident!.phase, severity: incident!.severity } } };
  },
});
