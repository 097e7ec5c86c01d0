/**
 * Database failures in words a person can act on: which setting to change, never SQL or driver
 * internals. Used when Firebreak starts; the causes are the ones people hit when setting it up.
 */

export interface DatabaseSettings {
  /** DATABASE_URL, when a Postgres server is used. */
  url?: string;
  /** FIREBREAK_DATA_DIR, when the embedded database is used. */
  dataDir?: string;
}

/** The URL with its password replaced, fit for a message or a log. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:/@]+):([^@]+)@/, "//$1:***@");
  }
}

/** Host, port, user and database named by a postgres:// URL (with the driver's defaults). */
export function urlParts(url: string): { host: string; port: string; user: string; database: string } {
  const u = new URL(url);
  const user = decodeURIComponent(u.username) || "the default user";
  return { host: u.hostname || "localhost", port: u.port || "5432", user, database: decodeURIComponent(u.pathname.replace(/^\//, "")) || user };
}

/** The first error code found on the error, its causes or (AggregateError) its parts. */
export function errorCode(error: unknown, depth = 0): string | undefined {
  if (!error || typeof error !== "object" || depth > 5) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && code) return code;
  const nested = [(error as { cause?: unknown }).cause, ...((error as { errors?: unknown[] }).errors ?? [])];
  for (const inner of nested) {
    const found = errorCode(inner, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * The error's own words without a query wrapper: drizzle reports a failed query as
 * "Failed query: <sql> params: …" with the driver's error as its cause.
 */
export function plainMessage(error: unknown): string {
  let current: unknown = error;
  for (let i = 0; i < 5; i++) {
    const message = current instanceof Error ? current.message : String(current);
    const cause = (current as { cause?: unknown } | undefined)?.cause;
    if (!/^Failed query:/.test(message) || !cause) return message;
    current = cause;
  }
  return "the database answered with an error";
}

/** A sentence naming the setting to fix, or undefined when the cause is not a known one. */
export function describeDatabaseError(error: unknown, settings: DatabaseSettings): string | undefined {
  const code = errorCode(error);
  if (!code) return undefined;
  if (settings.url) {
    const shown = redactUrl(settings.url);
    let where: ReturnType<typeof urlParts>;
    try {
      where = urlParts(settings.url);
    } catch {
      return undefined;
    }
    const server = `${where.host}:${where.port}`;
    switch (code) {
      case "ENOTFOUND":
      case "EAI_AGAIN":
        return `no database server host named "${where.host}" could be found (DATABASE_URL=${shown}); check the host name in DATABASE_URL.`;
      case "ECONNREFUSED":
        return `nothing is accepting connections at ${server} (DATABASE_URL=${shown}); check the host and port in DATABASE_URL and that PostgreSQL is running there.`;
      case "ETIMEDOUT":
      case "EHOSTUNREACH":
      case "ENETUNREACH":
        return `the database server at ${server} cannot be reached (DATABASE_URL=${shown}); check the host and port in DATABASE_URL and any firewall in between.`;
      case "28P01":
        return `the database server at ${server} refused the password for user "${where.user}" (DATABASE_URL=${shown}); fix the password in DATABASE_URL.`;
      case "28000":
        return `the database server at ${server} does not let user "${where.user}" connect to "${where.database}" (DATABASE_URL=${shown}); check the user name in DATABASE_URL and the server's pg_hba.conf.`;
      case "3D000":
        return `the database "${where.database}" does not exist on ${server} (DATABASE_URL=${shown}); create it (createdb ${where.database}) or fix the database name in DATABASE_URL.`;
      case "42501":
        return `user "${where.user}" may not create or change tables in "${where.database}" (DATABASE_URL=${shown}); let it own the database, or use a user that does.`;
      case "53300":
        return `the database server at ${server} has no free connections (DATABASE_URL=${shown}); stop other clients or raise max_connections.`;
      case "57P03":
        return `the database server at ${server} is starting up or shutting down; start Firebreak again in a moment.`;
    }
    return undefined;
  }
  if (settings.dataDir && (code === "EACCES" || code === "EPERM" || code === "EROFS")) {
    return `Firebreak may not write to ${settings.dataDir} (FIREBREAK_DATA_DIR); point FIREBREAK_DATA_DIR at a writable folder, or set DATABASE_URL to use a Postgres server.`;
  }
  if (settings.dataDir && code === "ENOSPC") return `the disk holding ${settings.dataDir} (FIREBREAK_DATA_DIR) is full; free some space or point FIREBREAK_DATA_DIR elsewhere.`;
  return undefined;
}
