/**
 * Teams throttles per bot and per conversation (HTTP 429), answers 412 while a thread is busy,
 * and its gateways fail transiently (502, 504). Calls are retried with exponential backoff,
 * honouring Retry-After. 429 and 412 mean "refused, nothing happened", so every call retries
 * them. After a 502/504 a post may have gone through, so only idempotent calls (updates, PATCH)
 * retry those: a message is never posted twice by Firebreak.
 */
export const REFUSED = new Set([412, 429]);
export const GATEWAY = new Set([502, 504]);

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Injected so tests and callers decide how waiting happens. */
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 };

export class ThrottledError extends Error {
  constructor(
    readonly what: string,
    readonly status: number,
    options: { cause: unknown },
  ) {
    super(`Teams kept refusing to ${what} (HTTP ${status}) after several tries; the message was not sent.`, options);
    this.name = "ThrottledError";
  }
}

export async function withRetry<T>(what: string, policy: RetryPolicy, call: () => Promise<T>, options: { idempotent?: boolean } = {}): Promise<T> {
  const sleep = policy.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const status = statusOf(error);
      if (status === undefined || !(REFUSED.has(status) || (options.idempotent && GATEWAY.has(status)))) throw error;
      if (attempt >= policy.attempts) throw new ThrottledError(what, status, { cause: error });
      const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      await sleep(retryAfterMs(error, policy.maxDelayMs) ?? backoff);
    }
  }
}

/** The HTTP status of an error from the connector client (RestError) or from `fetch` helpers. */
export function statusOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const e = error as { statusCode?: unknown; status?: unknown; response?: { status?: unknown } };
  for (const value of [e.statusCode, e.status, e.response?.status]) if (typeof value === "number") return value;
  return undefined;
}

function retryAfterMs(error: unknown, max: number): number | undefined {
  const headers = (error as { response?: { headers?: unknown }; headers?: unknown }).response?.headers ?? (error as { headers?: unknown }).headers;
  let raw: string | undefined | null;
  if (headers && typeof (headers as { get?: unknown }).get === "function") raw = (headers as { get(n: string): string | undefined | null }).get("retry-after");
  else if (headers && typeof headers === "object") raw = (headers as Record<string, string | undefined>)["retry-after"];
  if (!raw) return undefined;
  const seconds = Number(raw);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(raw) - Date.now();
  return Number.isFinite(ms) ? Math.max(0, Math.min(max, ms)) : undefined;
}
