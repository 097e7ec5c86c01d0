import type { AnyCommand } from "../commands/define.js";
import { findCommand } from "../commands/parse.js";
import { COMMANDS, type CommandInput } from "../commands/registry.js";
import { tokenize } from "../commands/tokenize.js";
import { type DeclareDraft, readDeclare } from "../commands/declare.js";

export type { DeclareDraft };

export type InputCheck = { ok: true } | { ok: false; issues: { field: string; message: string }[] };

/** Checks a form's values against the command's schema (a form shows errors beside its fields). */
export function checkInput(input: CommandInput): InputCheck {
  const { kind, ...raw } = input as { kind: keyof typeof COMMANDS } & Record<string, unknown>;
  const module = COMMANDS[kind] as AnyCommand | undefined;
  if (!module) return { ok: false, issues: [{ field: "kind", message: `Unknown command ${String(kind)}` }] };
  const parsed = module.schema.safeParse(raw);
  if (parsed.success) return { ok: true };
  return { ok: false, issues: parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? ""), message: i.message })) };
}

/**
 * `declare` with no title (`declare`, `declare P1`, `declare P1 prompt injection --private`): the
 * person wants the form, filled in with what they did type. Undefined for anything else, including
 * a declare line with a mistake in it, which the command itself answers with its usage.
 */
export function declareFormRequest(text: string): DeclareDraft | undefined {
  const tokens = tokenize(text.trim().replace(/^\/?incident\b\s*/i, ""));
  if (!tokens.length || findCommand(tokens[0]!)?.spec.name !== "declare") return undefined;
  try {
    const draft = readDeclare(tokens.slice(1));
    return draft.title ? undefined : draft;
  } catch {
    return undefined;
  }
}

/** A command typed with nothing after it (`writeup`): the person wants its form. */
export function isBareCommand(text: string, name: keyof typeof COMMANDS): boolean {
  const tokens = tokenize(text.trim().replace(/^\/?incident\b\s*/i, ""));
  return tokens.length === 1 && findCommand(tokens[0]!)?.spec.name === name;
}
