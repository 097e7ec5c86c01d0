import http from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openPglite } from "../../src/store/db.js";
import { driverClient } from "../../src/store/library-internals.js";

/**
 * The embedded database runs statements synchronously on the process's thread. Opened the way
 * Firebreak opens it, a long chain of statements still lets the event loop handle requests
 * between them: an ack Slack is waiting for is not held up behind a busy database.
 */
describe("embedded database: statements take turns with the event loop", () => {
  let database: Database;
  beforeAll(async () => {
    database = await openPglite(undefined, { migrate: false });
  });
  afterAll(() => database?.close());

  /** Runs `chain` (which reports progress through `step`) and says how far it was when a timer set at its start ran. */
  async function progressWhenTimerRan(chain: (step: () => void) => Promise<void>): Promise<{ at: number; of: number }> {
    let steps = 0;
    let at = -1;
    setTimeout(() => (at = steps), 0);
    await chain(() => steps++);
    return { at, of: steps };
  }

  it("a timer due while drizzle sends 200 statements in a row runs before the last one", async () => {
    const { at, of } = await progressWhenTimerRan(async (step) => {
      for (let i = 0; i < 200; i++) {
        await database.db.execute(sql`select ${i}::int as n`);
        step();
      }
    });
    expect(of).toBe(200);
    expect(at).toBeGreaterThanOrEqual(0);
    expect(at).toBeLessThan(20);
  });

  it("inside a transaction too, and through the driver pg-boss uses (query and exec)", async () => {
    const inTransaction = await progressWhenTimerRan(async (step) => {
      await database.db.transaction(async (tx) => {
        for (let i = 0; i < 100; i++) {
          await tx.execute(sql`select ${i}::int as n`);
          step();
        }
      });
    });
    expect(inTransaction.at).toBeGreaterThanOrEqual(0);
    expect(inTransaction.at).toBeLessThan(20);
    const client = driverClient(database.db);
    const throughDriver = await progressWhenTimerRan(async (step) => {
      for (let i = 0; i < 50; i++) {
        await client.query("select $1::int as n", [i]);
        await client.exec!("select 1; select 2");
        step();
      }
    });
    expect(throughDriver.at).toBeGreaterThanOrEqual(0);
    expect(throughDriver.at).toBeLessThan(10);
  });

  it("an HTTP request sent while the database is busy is answered before the busy work ends", async () => {
    const server = http.createServer((_req, res) => res.end("ack"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      let statements = 0;
      let busy = true;
      const work = (async () => {
        while (busy && statements < 5000) {
          await database.db.execute(sql`select count(*) from generate_series(1, 2000)`);
          statements++;
        }
      })();
      const answered = await fetch(`http://127.0.0.1:${port}/`).then((r) => r.text());
      const during = statements;
      busy = false;
      await work;
      expect(answered).toBe("ack");
      expect(during).toBeLessThan(5000);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
