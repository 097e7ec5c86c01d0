import type { AnyCommand } from "../commands/define.js";
import { findCommand } from "../commands/parse.js";
import { COMMANDS, type CommandInput } from "../commands/registry.js";
import { tokenize } from "../commands/tokenize.js";

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

/** `declare` (or an alias of it) typed with nothing after it: the person wants the form. */
export function isBareCommand(text: string, name: keyof typeof COMMANDS): boolean {
  const tokens = tokenize(text.trim().replace(/^\/?incident\b\s*/i, ""));
  return tokens.length === 1 && findCommand(tokens[0]!)?.spec.name === name;
}
