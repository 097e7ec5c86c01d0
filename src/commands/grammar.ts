import { UsageError } from "../errors.js";
import type { PersonRef } from "./command.js";
import type { CommandSpec } from "./define.js";

/**
 * A mistake in how a command was typed: the problem, then the command's usage and examples. The
 * commands are marked (`…`), so each platform shows them the way they are typed there.
 */
export function usage(spec: CommandSpec, problem: string): UsageError {
  return new UsageError(problem, `Usage:\n${usageOf(spec)}\nExamples:\n${examplesOf(spec)}`, spec.name);
}

/** The command's usage lines, one marked command a line. */
export function usageOf(spec: CommandSpec): string {
  return spec.usage.map((u) => `\`${u}\``).join("\n");
}

export function examplesOf(spec: CommandSpec): string {
  return spec.examples.map((e) => `\`${e}\``).join("\n");
}

/** `me`, `@name`, or a platform mention the edge left as `<@U123|name>`. */
export function personRef(token: string): PersonRef | undefined {
  if (token.toLowerCase() === "me") return { me: true };
  const slack = /^<@([A-Z0-9_]+)(?:\|([^>]+))?>$/i.exec(token);
  if (slack) return { id: slack[1]!, handle: slack[2] };
  const at = /^@([\p{L}\p{N}._-]+)$/u.exec(token);
  if (at) return { handle: at[1]! };
  return undefined;
}

/** For commands that take nothing after their name. */
export function noArguments(spec: CommandSpec, args: string[]): Record<string, unknown> {
  if (args.length > 0) throw usage(spec, `\`${spec.name}\` takes nothing after it.`);
  return {};
}
