export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Firebreak cannot start; fix the configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

export type Env = Record<string, string | undefined>;

/** Runs an area's loader, collecting its problems instead of stopping at the first area. */
export function collect<T>(problems: string[], load: () => T): T | undefined {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
    return undefined;
  }
}

/** A numeric setting within [min, max], or the fallback; a bad value is a problem naming the variable. */
export function numberSetting(get: (name: string) => string | undefined, problems: string[], name: string, fallback: number, min: number, max: number): number {
  const text = get(name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || value > max) {
    problems.push(`${name} must be a number from ${min} to ${max} (got "${text}").`);
    return fallback;
  }
  return value;
}
