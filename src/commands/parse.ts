import { UsageError } from "../errors.js";
import { INCIDENT_REF } from "./command.js";
import type { AnyCommand } from "./define.js";
import { usage, usageOf } from "./grammar.js";
import { commandWords, findCommand, SPECS } from "./registry.js";

export { findCommand };
import { closest, restAfter, tokenize } from "./tokenize.js";
import { quoted } from "../chat/rich-text.js";

/** A typed line: which command, its raw input (checked by the command's schema next), and the incident it names. */
export interface ParsedLine {
  module: AnyCommand;
  raw: Record<string, unknown>;
  incidentRef?: string;
}

/**
 * Parses what follows `/incident` (a leading `/incident` is tolerated): an optional INC-… id,
 * the command word, then the command's own grammar. Throws a UsageError naming the valid forms
 * and, for a typo, the closest command.
 */
export function parseLine(input: string): ParsedLine {
  let text = input.trim().replace(/^\/?incident\b\s*/i, "");
  let tokens = tokenize(text);
  let incidentRef: string | undefined;
  if (tokens[0] && INCIDENT_REF.test(tokens[0])) {
    incidentRef = tokens[0].toUpperCase();
    text = restAfter(text, 1);
    tokens = tokens.slice(1);
  }
  const word = tokens[0];
  if (!word) throw new UsageError("Tell me what to do, e.g. `help`.", overview());
  const module = findCommand(word);
  if (!module) {
    const suggestion = closest(word, commandWords());
    const suggested = suggestion ? findCommand(suggestion) : undefined;
    throw new UsageError(
      `Unknown command ${quoted(word)}.${suggested ? ` Did you mean \`${suggested.spec.name}\`?` : ""}`,
      suggested ? `${usageOf(suggested.spec)}\n\n${overview()}` : overview(),
      suggested?.spec.name ?? word.toLowerCase(),
    );
  }
  const raw = module.parse(tokens.slice(1), restAfter(text, 1));
  return { module, raw, incidentRef };
}

/** The short list of every command, shown after an unknown word. */
export function overview(): string {
  return `Commands: ${SPECS.map((s) => s.name).join(", ")}.\n\`help <command>\` gives the details of one.`;
}

/**
 * A typed line all the way to the command's checked input. A value the schema refuses is a
 * usage mistake here (the person typed it), so it comes back with the command's usage.
 */
export function parseCommand(input: string): { command: { kind: string } & Record<string, unknown>; module: AnyCommand; incidentRef?: string } {
  const line = parseLine(input);
  const parsed = line.module.schema.safeParse(line.raw);
  if (!parsed.success) throw usage(line.module.spec, parsed.error.issues.map((i) => i.message).join("; "));
  return { command: { kind: line.module.spec.name, ...(parsed.data as Record<string, unknown>) }, module: line.module, incidentRef: line.incidentRef };
}
