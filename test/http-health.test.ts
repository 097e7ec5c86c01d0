import { afterEach, describe, expect, it } from "vitest";
import { createHttpApp, listen, type RunningServer } from "../adapters/http/server.js";
import { openPglite, openPostgres } from "../src/store/db.js";
import { closedPort } from "./support/fake-postgres.js";

/** `/healthz` says whether the database answers, never what the driver said: that goes to the log. */
describe("/healthz when the database refuses", () => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function health(ping: () => Promise<void>) {
    const logged: { details: unknown; message: string }[] = [];
    const logger = { warn: (details: unknown, message: string) => logged.push({ details, message }) };
    server = await listen(createHttpApp({ ping, logger: logger as never }), 0, "127.0.0.1");
    const res = await fetch(`${server.url}/healthz`);
    return { status: res.status, text: await res.text(), logged };
  }

  it("a closed embedded database: 503, database unreachable, no driver text; the details are logged", async () => {
    const database = await openPglite();
    await database.close();
    const { status, text, logged } = await health(() => database.ping());
    expect(status).toBe(503);
    expect(JSON.parse(text)).toEqual({ ok: false, database: "unreachable", reason: "the database refused the check" });
    expect(text).not.toMatch(/pglite|closed|select/i);
    expect(logged).toHaveLength(1);
    expect(String((logged[0]!.details as { err: Error }).err.message)).toMatch(/closed/i);
  });

  it("a server that does not listen: no host, port or driver code in the answer", async () => {
    const port = await closedPort();
    const database = await openPostgres(`postgres://firebreak:s3cret@127.0.0.1:${port}/firebreak`, { migrate: false });
    try {
      const { status, text, logged } = await health(() => database.ping());
      expect(status).toBe(503);
      expect(JSON.parse(text)).toEqual({ ok: false, database: "unreachable", reason: "the database refused the check" });
      expect(text).not.toMatch(new RegExp(`ECONNREFUSED|127\\.0\\.0\\.1|${port}|s3cret`));
      expect(logged[0]!.message).toBe("health check: the database did not answer");
    } finally {
      await database.close();
    }
  });

  it("an error carrying SQL and parameters never reaches the answer", async () => {
    const sqlError = new Error('Failed query: select 1 from "incidents" where "id" = $1\nparams: 5f1c…');
    const { text } = await health(() => Promise.reject(sqlError));
    expect(text).not.toMatch(/Failed query|select|incidents|params/);
    expect(JSON.parse(text)).toMatchObject({ ok: false, database: "unreachable" });
  });

  it("a database that does not answer in time says so, generically", async () => {
    server = await listen(createHttpApp({ ping: () => new Promise(() => {}), healthTimeoutMs: 20 }), 0, "127.0.0.1");
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ ok: false, database: "unreachable", reason: "no answer in time" });
  });
});
