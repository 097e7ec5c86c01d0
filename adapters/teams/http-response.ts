import type { Response } from "express";

/** What the CloudAdapter wrote, held back until we have looked at it. */
export interface HeldResponse {
  status(code: number): HeldResponse;
  header(name: string, value: unknown): HeldResponse;
  send(body?: unknown): HeldResponse;
  end(): HeldResponse;
  readonly code: number;
  readonly body: unknown;
}

export function holdResponse(): HeldResponse {
  const headers: [string, unknown][] = [];
  const held = {
    code: 200,
    body: undefined as unknown,
    headers,
    status(code: number) {
      held.code = code;
      return held;
    },
    header(name: string, value: unknown) {
      headers.push([name, value]);
      return held;
    },
    send(body?: unknown) {
      held.body = body;
      return held;
    },
    end() {
      return held;
    },
  };
  return held;
}

// jsonwebtoken's messages for a token that is well-formed but wrong (signature, algorithm…).
const TOKEN_REJECTED = /invalid signature|jwt malformed|jwt signature is required|invalid algorithm|invalid token|jwt audience invalid|jwt issuer invalid/i;

/**
 * botbuilder answers a badly signed token with HTTP 500 (it rethrows jsonwebtoken's error);
 * the Bot Connector would retry a 500. A refused token is a 401.
 */
export function forward(held: HeldResponse, res: Response): void {
  const refusedToken = held.code === 500 && typeof held.body === "string" && TOKEN_REJECTED.test(held.body);
  for (const [name, value] of (held as unknown as { headers: [string, string][] }).headers) res.header(name, value);
  res.status(refusedToken ? 401 : held.code);
  if (refusedToken) res.send("Unauthorized: the request's token is not valid for this bot.");
  else if (held.body !== undefined) res.send(held.body);
  else res.end();
}
