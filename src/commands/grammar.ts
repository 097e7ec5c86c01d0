import { UsageError } from "../errors.js";
import type { PersonRef } from "./command.js";
import type { CommandSpec } from "./define.js";

/** A mistake in how a command was typed: the problem, then the command's usage and examples. */
export function usage(spec: CommandSpec, problem: string): UsageError {
  const examples = spec.examples.map((e) => `  /incident ${e}`).join("\n");
  return new UsageError(problem, `Usage:\n${usageOf(spec)}\nExamples:\n${examples}`, spec.name);
}

export function usageOf(spec: CommandSpec, prefix = "/incident"): string {
  return spec.usage.map((u) => `${prefix} ${u}`).join("\n");
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
  if (args.length > 0) throw usage(spec, `\`${spec.name}\` takes no arguments.`);
  return {};
}
