import { createHash } from "node:crypto";
import { z } from "zod";
import { formatUtc } from "../domain/time.js";
import { evidence as evidenceTable } from "../store/schema.js";
import { actorInline, announce, refresh } from "./chat-effects.js";
import { type CommandSpec, defineCommand } from "./define.js";

const spec: CommandSpec = {
  name: "evidence",
  aliases: ["ev", "artifact", "artefact"],
  usage: ["evidence <description or URL>"],
  summary: "Record a piece of evidence; Firebreak stores its SHA-256 and who collected it",
  examples: ["evidence s3://forensics/inc-42/model-weights.tar.gz", "evidence Screenshot of leaked prompt in ticket 4411"],
  scope: "incident",
};

/** Evidence with the SHA-256 of exactly what was given, and who collected it when. */
export const evidence = defineCommand({
  spec,
  access: "evidence",
  changes: true,
  allowClosed: true,
  parse: (args, rest) => ({ description: rest, url: args.find((a) => /^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(a)) }),
  schema: z.object({
    description: z.string().trim().min(1, "Describe the evidence or give its URL").max(2000, "The description is too long (at most 2000 characters)"),
    url: z.url().optional(),
  }),
  async run({ tx, ctx, incident, effects }, input) {
    const sha256 = createHash("sha256").update(input.description, "utf8").digest("hex");
    const [row] = await tx
      .insert(evidenceTable)
      .values({ incidentId: incident!.id, description: input.description, url: input.url, sha256, collectedBy: ctx.actor, collectedAt: ctx.clock.now() })
      .returning();
    effects.push(
      ...refresh(incident!.id, { summary: true }),
      announce(incident!.id, {
        text: `Evidence: ${row!.description}`,
        blocks: [{ type: "text", text: ["🧾 Evidence from ", actorInline(ctx), `: ${row!.description}`] }, { type: "context", text: [`SHA-256 ${row!.sha256} · ${formatUtc(row!.collectedAt)}`] }],
      }),
    );
    return { log: { payload: { evidenceId: row!.id, description: input.description, url: input.url, sha256 } } };
  },
});
