import type { LoggerOptions } from "pino";
import { redactFields, redactSecrets } from "./redact.js";

/**
 * pino's last step before a line is written (`hooks.streamWrite`): every string in the line —
 * message, fields, child bindings, serialized errors and their stacks — is redacted. It works
 * on the parsed values, not the JSON text, so a secret quoted inside a message (`\"key\": …`)
 * is found as it was typed. A line with no secret is written byte for byte as pino made it.
 */
export function redactLogLine(line: string): string {
  if (!redactSecrets(line).found.length && !line.includes("\\")) return line;
  const newline = line.endsWith("\n") ? "\n" : "";
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return redactSecrets(line).text;
  }
  const { value, found } = redactFields(parsed);
  return found.length ? JSON.stringify(value) + newline : line;
}

/**
 * Hooks for `pino({ ...redactingLogOptions, level }, destination)`: the process's own logs never
 * carry a pasted secret, whatever a caller put in them.
 */
export const redactingLogOptions: Pick<LoggerOptions, "hooks"> = {
  hooks: { streamWrite: redactLogLine },
};
