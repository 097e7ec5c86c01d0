import { numberSetting } from "./errors.js";

/** How the outbox delivers chat effects (src/effects). */
export interface DeliveryConfig {
  /** Tries per effect before it is marked failed and the commander is told. */
  attempts: number;
  /** The first retry waits this long (seconds); each next one twice as long, up to maxBackoffSeconds. */
  backoffSeconds: number;
  maxBackoffSeconds: number;
  /** A claimed effect whose worker has not settled it within this long goes to another worker. */
  leaseSeconds: number;
  /** How often each process looks for effects committed elsewhere or due for a retry. */
  pollSeconds: number;
  /** Effects delivered at once per process (different lanes; one lane is always in order). */
  concurrency: number;
}

type Get = (name: string) => string | undefined;

export function parseDeliveryConfig(get: Get, problems: string[]): DeliveryConfig {
  const number = (name: string, fallback: number, min: number, max: number) => numberSetting(get, problems, name, fallback, min, max);
  return {
    attempts: Math.round(number("FIREBREAK_DELIVERY_ATTEMPTS", 10, 1, 100)),
    backoffSeconds: number("FIREBREAK_DELIVERY_BACKOFF_SECONDS", 1, 0, 600),
    maxBackoffSeconds: number("FIREBREAK_DELIVERY_MAX_BACKOFF_SECONDS", 300, 0, 3600),
    leaseSeconds: number("FIREBREAK_DELIVERY_LEASE_SECONDS", 60, 1, 3600),
    pollSeconds: number("FIREBREAK_DELIVERY_POLL_SECONDS", 1, 0.05, 60),
    concurrency: Math.round(number("FIREBREAK_DELIVERY_CONCURRENCY", 8, 1, 64)),
  };
}
