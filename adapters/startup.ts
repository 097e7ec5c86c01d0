import { ConfigError, DataDirLockedError, type DatabaseSettings, databaseErrorCode as errorCode, describeDatabaseError, plainMessage } from "../src/core.js";

/** What a step's failure may be explained with: the settings people can change. */
export interface StartupSettings {
  database?: DatabaseSettings;
  /** PORT, for the step that listens. */
  port?: number;
}

/** A start-up step failed; the message says which and why, in words that name the setting to fix. */
export class StartupError extends Error {
  constructor(
    readonly step: string,
    readonly reason: string,
    options: { cause?: unknown } = {},
  ) {
    super(`${step} failed: ${reason}`, options);
    this.name = "StartupError";
  }

  /** Configuration problems are the person's to fix (exit 2); anything else is exit 1. */
  get exitCode(): number {
    return this.cause instanceof ConfigError ? 2 : 1;
  }
}

/** Runs one named step of start-up; a failure becomes a StartupError naming the step. */
export async function step<T>(name: string, run: () => Promise<T> | T, settings: StartupSettings = {}): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof StartupError) throw error;
    throw new StartupError(name, explainStartupFailure(error, settings), { cause: error });
  }
}

/** The reason in one sentence (or a list, for configuration): no stack, no SQL. */
export function explainStartupFailure(error: unknown, settings: StartupSettings = {}): string {
  if (error instanceof ConfigError) return `fix these settings:\n${error.problems.map((p) => `  - ${p}`).join("\n")}`;
  if (error instanceof DataDirLockedError) return error.message;
  const code = errorCode(error);
  if (settings.port !== undefined && code === "EADDRINUSE") return `PORT ${settings.port} is in use by another program; set PORT to a free port.`;
  if (settings.port !== undefined && code === "EACCES") return `PORT ${settings.port} needs privileges this process does not have; set PORT to 1024 or above.`;
  if (settings.database) {
    const described = describeDatabaseError(error, settings.database);
    if (described) return described;
  }
  return plainMessage(error);
}

/** The line printed when start-up fails. */
export function startupFailureMessage(error: unknown): string {
  return `Firebreak could not start: ${error instanceof StartupError ? error.message : plainMessage(error)}`;
}
