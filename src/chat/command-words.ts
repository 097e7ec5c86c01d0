/**
 * Which words are commands, as the chat views need to know it: a marked run that starts with a
 * command word renders as each platform types commands. The registry tells this module once at
 * load (`knowCommands`), so the views and timers never import the command modules themselves
 * (which import the views: a cycle).
 */
export type CommandNameOf = (word: string) => string | undefined;

let nameOf: CommandNameOf = () => undefined;

export function knowCommands(lookup: CommandNameOf): void {
  nameOf = lookup;
}

/** The command's own name for a word (its name or an alias), or undefined. */
export function commandNameOf(word: string): string | undefined {
  return nameOf(word.toLowerCase());
}
