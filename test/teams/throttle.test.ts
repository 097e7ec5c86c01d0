import { describe, expect, it } from "vitest";
import { ThrottledError, withRetry } from "../../adapters/teams/throttle.js";

/** An error shaped like the connector client's RestError. */
const restError = (statusCode: number, retryAfter?: string) =>
  Object.assign(new Error(`HTTP ${statusCode}`), { statusCode, response: { headers: { get: (n: string) => (n === "retry-after" ? retryAfter : undefined) } } });

function failing(...statuses: (number | [number, string])[]) {
  let calls = 0;
  const call = async () => {
    const next = statuses[calls++];
    if (next === undefined) return "sent";
    throw Array.isArray(next) ? restError(next[0], next[1]) : restError(next);
  };
  return { call, calls: () => calls };
}

describe("Teams throttling retries", () => {
  it("waits as long as Retry-After says, else backs off exponentially", async () => {
    const waits: number[] = [];
    const policy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 10_000, sleep: async (ms: number) => void waits.push(ms) };
    const f = failing([429, "2"], 429, 412);
    expect(await withRetry("post", policy, f.call)).toBe("sent");
    expect(waits).toEqual([2000, 200, 400]);
    expect(f.calls()).toBe(4);
  });

  it("caps the wait, including a Retry-After far in the future", async () => {
    const waits: number[] = [];
    const f = failing([429, "3600"]);
    await withRetry("post", { attempts: 3, baseDelayMs: 1, maxDelayMs: 30_000, sleep: async (ms) => void waits.push(ms) }, f.call);
    expect(waits).toEqual([30_000]);
  });

  it("retries gateway errors only for idempotent calls, so a post is never sent twice", async () => {
    const policy = { attempts: 3, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => {} };
    const post = failing(502);
    await expect(withRetry("post", policy, post.call)).rejects.toThrow("HTTP 502");
    expect(post.calls()).toBe(1);
    const update = failing(502, 504);
    expect(await withRetry("update", policy, update.call, { idempotent: true })).toBe("sent");
    expect(update.calls()).toBe(3);
  });

  it("gives up after the last attempt with an error that says what failed", async () => {
    const f = failing(429, 429, 429);
    const error = await withRetry("post a message", { attempts: 3, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => {} }, f.call).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ThrottledError);
    expect((error as Error).message).toMatch(/kept refusing to post a message \(HTTP 429\)/);
  });

  it("does not retry other failures", async () => {
    const f = failing(403);
    await expect(withRetry("post", { attempts: 5, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => {} }, f.call)).rejects.toThrow("HTTP 403");
    expect(f.calls()).toBe(1);
  });
});
