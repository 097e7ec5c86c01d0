import { z } from "zod";
import { ATTACK_VECTORS, AttackVector, parseAttackVector } from "../domain/attack-vector.js";
import { DETECTION_SOURCES, DetectionSource, parseDetectionSource } from "../domain/detection-source.js";
import type { Person } from "../domain/people.js";
import { parseSeverity, Severity } from "../domain/severity.js";
import { parsePointInTime } from "../domain/time.js";
import { invalid } from "../errors.js";
import { createIncident } from "../incidents/create-incident.js";
import { declaredReply, openingEffects } from "./declare-effects.js";
import { PersonRef, TITLE_MAX } from "./command.js";
import { type CommandSpec, defineCommand } from "./define.js";
import { usage } from "./grammar.js";
import { refuseBot, resolvePerson } from "./people.js";
import { quoted } from "../chat/rich-text.js";

const spec: CommandSpec = {
  name: "declare",
  aliases: ["new", "open", "start", "raise"],
  usage: ["declare [P1-P4] [vector] [--source <source>] [--started <time>] [--private] <title>"],
  summary: "Declare an incident: opens its channel, roles, checklists and the first-hour plan",
  examples: ["declare P1 prompt-injection Support bot leaks its system prompt", 'declare P2 data-poisoning --source audit --started "2h ago" Fraud model flags drift'],
  scope: "none",
};

const Input = z.object({
  title: z.string().trim().min(1, "The title is empty").max(TITLE_MAX, `The title is too long (at most ${TITLE_MAX} characters)`),
  severity: Severity.optional(),
  vector: AttackVector.optional(),
  source: DetectionSource.optional(),
  started: z.string().optional(),
  description: z.string().trim().max(3000, "The description is too long (at most 3000 characters)").optional(),
  private: z.boolean().default(false),
  /** Someone other than the declarer to lead it (the declare form's commander picker). */
  commander: PersonRef.optional(),
});

export const declare = defineCommand({
  spec,
  access: "declare",
  changes: true,
  parse: (args) => parseDeclare(args),
  schema: Input,
  async prepare(input, env): Promise<{ commander?: Person }> {
    if (!input.commander) return {};
    const { person, isBot } = await resolvePerson(env.inv, input.commander);
    if (isBot) refuseBot(person);
    return { commander: person };
  },
  async run(env, input, prepared) {
    const now = env.ctx.clock.now();
    const startedAt = input.started === undefined ? undefined : parsePointInTime(input.started, now);
    if (input.started !== undefined && !startedAt) {
      throw invalid(`\`--started ${input.started}\` is not a time I understand.`, 'Use now, 14:05 (UTC), "30m ago", "2h ago" or 2026-11-25T14:05Z.');
    }
    const created = await createIncident(env.tx, env.ctx, { ...input, startedAt, commander: prepared.commander, origin: env.inv.space, platform: env.inv.platform });
    env.effects.push(...openingEffects(created.incident, env.ctx.actor, created.commander));
    return {
      incident: created.incident,
      waitForSpace: true,
      reply: declaredReply(created.incident, { severity: input.severity !== undefined, vector: input.vector !== undefined }),
      log: {
        payload: {
          humanId: created.incident.humanId,
          title: input.title,
          severity: created.incident.severity,
          vector: created.incident.vector,
          source: input.source,
          startedAt: startedAt?.toISOString(),
          private: input.private,
          commander: created.commander,
          autoChecked: created.autoChecked,
        },
      },
    };
  },
});

/**
 * What a declare line says, title aside: `declare P1 prompt injection --source audit` with no title
 * is a request for the form with these filled in.
 */
export interface DeclareDraft {
  severity?: Severity;
  vector?: AttackVector;
  source?: DetectionSource;
  started?: string;
  description?: string;
  private: boolean;
  title?: string;
}

function parseDeclare(args: string[]): Record<string, unknown> {
  const draft = readDeclare(args);
  if (!draft.title) throw usage(spec, "Give the incident a title, e.g. what users are seeing.");
  return { ...draft };
}

/**
 * Reads a declare line. Severity and vector may lead the title, in either order; a word that
 * looks like a severity but is not one (`P5`, `P0`, `sev9`) is refused rather than taken into
 * the title, and a vector may be written with spaces (`prompt injection`) or hyphens.
 */
export function readDeclare(args: string[]): DeclareDraft {
  const out: DeclareDraft = { private: false };
  const title: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const token = args[i]!;
    const option = /^--([a-z][a-z-]*)(?:=(.*))?$/i.exec(token);
    if (option) {
      const name = option[1]!.toLowerCase();
      const value = () => {
        const v = option[2] ?? args[++i];
        if (v === undefined) throw usage(spec, `\`--${name}\` needs a value.`);
        return v;
      };
      switch (name) {
        case "private":
          out.private = true;
          break;
        case "source": {
          const v = value();
          out.source = parseDetectionSource(v);
          if (!out.source) throw usage(spec, `${quoted(v)} is not a detection source; use one of ${DETECTION_SOURCES.join(", ")}.`);
          break;
        }
        case "started":
          out.started = value();
          break;
        case "desc":
        case "description":
          out.description = value();
          break;
        case "sev":
        case "severity": {
          const v = value();
          out.severity = parseSeverity(v);
          if (!out.severity) throw usage(spec, notASeverity(v));
          break;
        }
        case "vector": {
          const v = value();
          out.vector = parseAttackVector(v);
          if (!out.vector) throw usage(spec, `${quoted(v)} is not an attack vector; use one of ${ATTACK_VECTORS.join(", ")}.`);
          break;
        }
        default:
          throw usage(spec, `Unknown option ${quoted(token)}; options are --source, --started, --private, --description.`);
      }
      continue;
    }
    if (title.length === 0) {
      // `P1`, `sev2` lead the title; a bare number does not (`3 models leak` is a title).
      if (out.severity === undefined && LEADING_SEVERITY.test(token)) {
        out.severity = parseSeverity(token);
        if (!out.severity) throw usage(spec, notASeverity(token));
        continue;
      }
      // Only unmistakable vector words lead: `infrastructure` yes, a title starting "Injection …" no.
      if (out.vector === undefined) {
        const vector = leadingVector(args, i);
        if (vector) {
          out.vector = vector.vector;
          i += vector.words - 1;
          continue;
        }
      }
    }
    title.push(token);
  }
  if (title.length) out.title = title.join(" ");
  return out;
}

const LEADING_SEVERITY = /^(?:p|sev)\d+$/i;

function notASeverity(token: string): string {
  return `${quoted(token)} is not a severity: did you mean P1–P4? P1 is the most severe; \`help severity\` lists the criteria.`;
}

/**
 * A vector named at `args[i]` in one to three words (`prompt-injection`, `prompt injection`,
 * `training data poisoning`): its canonical name, or an alias with a hyphen in it. One plain word
 * counts only as a canonical name (`infrastructure`), never an alias (`injection` may be a title).
 */
function leadingVector(args: string[], i: number): { vector: AttackVector; words: number } | undefined {
  for (let words = 3; words >= 1; words--) {
    const parts = args.slice(i, i + words);
    if (parts.length < words || parts.some((p) => p.startsWith("--"))) continue;
    const joined = parts.join("-").toLowerCase();
    const named = (ATTACK_VECTORS as readonly string[]).includes(joined) || (joined.includes("-") && parseAttackVector(joined) !== undefined);
    if (named) return { vector: parseAttackVector(joined)!, words };
  }
  return undefined;
}
