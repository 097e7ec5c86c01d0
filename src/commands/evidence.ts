import { createHash } from "node:crypto";
import { z } from "zod";
import type { Inline } from "../chat/message.js";
import { formatUtc } from "../domain/time.js";
import { formatBytes } from "../report/markdown.js";
import { TEXT_LIMITS } from "../security/text-limits.js";
import { evidence as evidenceTable, type EvidenceHashOf } from "../store/schema.js";
import { actorInline, announce, refresh } from "./chat-effects.js";
import { type CommandSpec, defineCommand } from "./define.js";
import { usage } from "./grammar.js";

const spec: CommandSpec = {
  name: "evidence",
  aliases: ["ev", "artifact", "artefact"],
  usage: ["evidence <description or URL>", "evidence <URL or description> --sha256 <hash of the artefact>"],
  summary: "Record evidence and who collected it; --sha256 gives the artefact's own hash (files shared in a Slack incident channel are hashed for you)",
  examples: ["evidence s3://forensics/inc-42/model-weights.tar.gz --sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "evidence Screenshot of leaked prompt in ticket 4411"],
  scope: "incident",
};

const SHA256 = /^[0-9a-f]{64}$/i;
const Sha256 = z.string().regex(SHA256, "A SHA-256 is 64 hexadecimal characters (0-9, a-f)").transform((s) => s.toLowerCase());

/** `--sha256 <hex>` or `--sha256=<hex>`, anywhere in the line; the rest is the description. */
function splitHashFlag(args: string[]): { rest: string[]; sha256?: string; given: boolean } {
  const rest: string[] = [];
  let sha256: string | undefined;
  let given = false;
  for (let i = 0; i < args.length; i++) {
    const m = /^--?sha-?256(?:=(.*))?$/i.exec(args[i]!);
    if (!m) {
      rest.push(args[i]!);
      continue;
    }
    given = true;
    sha256 = m[1] ?? args[++i];
  }
  return { rest, sha256, given };
}

/**
 * Evidence, and what its hash means. A typed line can only give a description, so without more
 * Firebreak hashes that text, and says so. `--sha256` records the artefact's own hash as the
 * responder computed it; a file shared in the incident's channel is downloaded and its bytes
 * hashed by Firebreak (adapters pass `file`; typing cannot).
 */
export const evidence = defineCommand({
  spec,
  access: "evidence",
  changes: true,
  allowClosed: true,
  parse(args, line) {
    const { rest, sha256, given } = splitHashFlag(args);
    if (given && !sha256) throw usage(spec, "`--sha256` needs the artefact's hash after it: 64 hexadecimal characters, e.g. from `sha256sum <file>`.");
    if (sha256 && !SHA256.test(sha256)) {
      throw usage(spec, `\`${sha256.slice(0, 80)}\` is not a SHA-256: that is 64 hexadecimal characters (0-9, a-f); this has ${sha256.length}${/[^0-9a-f]/i.test(sha256) ? " and other characters" : ""}. \`sha256sum <file>\` prints one.`);
    }
    // Without the flag the description is the line exactly as typed.
    const description = given ? rest.join(" ") : line;
    return { description, url: rest.find((a) => /^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(a)), sha256 };
  },
  schema: z.object({
    description: z.string().trim().min(1, "Describe the evidence or give its URL").max(TEXT_LIMITS.evidence, `The description is too long (at most ${TEXT_LIMITS.evidence} characters)`),
    url: z.url().optional(),
    sha256: Sha256.optional(),
    /** Set by an adapter that downloaded and hashed a shared file itself. */
    file: z.object({ name: z.string().trim().min(1).max(255), sizeBytes: z.number().int().min(0), sha256: Sha256, platformId: z.string().max(200).optional() }).optional(),
  }),
  async run({ tx, ctx, incident, effects }, input) {
    const hashOf: EvidenceHashOf = input.file ? "file" : input.sha256 ? "artefact" : "description";
    const sha256 = input.file?.sha256 ?? input.sha256 ?? createHash("sha256").update(input.description, "utf8").digest("hex");
    const [row] = await tx
      .insert(evidenceTable)
      .values({ incidentId: incident!.id, description: input.description, url: input.url, sha256, hashOf, fileName: input.file?.name, sizeBytes: input.file?.sizeBytes, collectedBy: ctx.actor, collectedAt: ctx.clock.now() })
      .returning();
    effects.push(
      ...refresh(incident!.id, { summary: true }),
      announce(incident!.id, {
        text: `Evidence: ${row!.description}`,
        blocks: [{ type: "text", text: ["🧾 Evidence from ", actorInline(ctx), `: ${row!.description}`] }, { type: "context", text: [...hashLine(hashOf, sha256, input.file), ` · ${formatUtc(row!.collectedAt)}`] }],
      }),
    );
    const file = input.file ? { fileName: input.file.name, sizeBytes: input.file.sizeBytes, platformId: input.file.platformId } : {};
    return { log: { payload: { evidenceId: row!.id, description: input.description, url: input.url, sha256, hashOf, ...file } } };
  },
});

/** Says what the hash is of, so nobody reads a description's hash as the file's. */
function hashLine(hashOf: EvidenceHashOf, sha256: string, file?: { name: string; sizeBytes: number }): Inline[] {
  if (hashOf === "file") return [`SHA-256 of the file's bytes (${file!.name}, ${formatBytes(file!.sizeBytes)}), computed by Firebreak: ${sha256}`];
  if (hashOf === "artefact") return [`SHA-256 of the artefact, as given: ${sha256}`];
  return [`SHA-256 of this description as typed (not of any file): ${sha256}. Give the artefact's own hash with --sha256.`];
}
