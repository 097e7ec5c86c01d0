/**
 * One error family for everything the core refuses. Adapters turn these into a private reply;
 * the message is written for the person who typed the command, and says how to fix it.
 */
export type CoreErrorCode = "usage" | "validation" | "not_found" | "forbidden" | "conflict" | "unavailable";

export class CoreError extends Error {
  constructor(
    readonly code: CoreErrorCode,
    message: string,
    /** Extra lines shown under the message: valid forms, an example, a suggestion. */
    readonly help?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "CoreError";
  }
}

export class UsageError extends CoreError {
  constructor(
    message: string,
    help?: string,
    /** The subcommand the person was attempting, when we could tell. */
    readonly attempted?: string,
  ) {
    super("usage", message, help);
    this.name = "UsageError";
  }
}

export const notFound = (message: string, help?: string) => new CoreError("not_found", message, help);
export const conflict = (message: string, help?: string) => new CoreError("conflict", message, help);
export const invalid = (message: string, help?: string) => new CoreError("validation", message, help);
export const forbidden = (message: string, help?: string) => new CoreError("forbidden", message, help);

/** Thrown by a chat port when the requested space name exists already. */
export class SpaceNameTakenError extends Error {
  constructor(readonly spaceName: string) {
    super(`A channel named ${spaceName} already exists`);
    this.name = "SpaceNameTakenError";
  }
}
