import http from "node:http";
import type { AddressInfo } from "node:net";
import express, { type Express } from "express";
import type { Logger } from "pino";

export interface HttpAppOptions {
  /** Resolves when the database answers; `/healthz` is 503 while it does not. */
  ping(): Promise<void>;
  /** How long `/healthz` waits for the ping before calling the database unreachable. */
  healthTimeoutMs?: number;
  /** Where the reason a ping failed goes: the details are for operators, not for `/healthz`. */
  logger?: Pick<Logger, "warn">;
}

class PingTimeout extends Error {}

/**
 * The one HTTP app of the process. Each platform mounts its own routes on it (Slack's
 * `/slack/events`, Teams' `/api/messages`), so this only knows about health.
 */
export function createHttpApp(options: HttpAppOptions): Express {
  const app = express();
  app.disable("x-powered-by");
  app.get("/healthz", async (_req, res) => {
    const timeout = options.healthTimeoutMs ?? 2000;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        options.ping(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new PingTimeout(`no answer within ${timeout} ms`)), timeout);
        }),
      ]);
      res.status(200).json({ ok: true, database: "reachable" });
    } catch (error) {
      options.logger?.warn({ err: error }, "health check: the database did not answer");
      // Never the driver's text: it can carry SQL, host names or parameters.
      res.status(503).json({ ok: false, database: "unreachable", reason: error instanceof PingTimeout ? "no answer in time" : "the database refused the check" });
    } finally {
      clearTimeout(timer);
    }
  });
  return app;
}

export interface RunningServer {
  server: http.Server;
  /** e.g. http://127.0.0.1:3000 */
  url: string;
  close(): Promise<void>;
}

/** Listens on `port` (0 = any free port); resolves once it accepts connections. */
export function listen(app: Express, port: number, host?: string): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = http.createServer(app);
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address() as AddressInfo;
      // A wildcard address is not somewhere to point a browser at; localhost is.
      const wildcard = address.address === "::" || address.address === "0.0.0.0";
      const shown = wildcard ? "localhost" : address.family === "IPv6" ? `[${address.address}]` : address.address;
      resolve({
        server,
        url: `http://${shown}:${address.port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}
