import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmptyDatabase, withDatabase } from "../support/database.js";
import { runMain } from "../support/main-process.js";

/** Start-up failures a real Postgres server produces, through `npm start` in a child process. */
describe("a failed start against the Postgres server names the step and the setting", () => {
  const server = process.env.TEST_DATABASE_URL!;
  const role = `fbt_noddl_${process.pid}`;
  let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
  const admin = async (text: string) => {
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    await client.query(text).finally(() => client.end());
  };

  beforeAll(async () => {
    database = await createEmptyDatabase();
    await admin(`create role ${role} login`);
  });
  afterAll(async () => {
    await database?.drop();
    await admin(`drop role if exists ${role}`);
  });

  it("a database that does not exist (3D000): opening the database failed, with how to create it", async () => {
    const url = withDatabase(server, "fbt_no_such_database");
    const run = await runMain({ DATABASE_URL: url }, "/channels\n");
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toMatch(/^Firebreak could not start: opening the database failed: the database "fbt_no_such_database" does not exist on 127\.0\.0\.1:5432 \(DATABASE_URL=postgres:\/\/.*\); create it \(createdb fbt_no_such_database\)/);
  });

  it("a user that may not create tables (42501): applying database migrations failed, naming the user", async () => {
    const url = new URL(database.url);
    url.username = role;
    const run = await runMain({ DATABASE_URL: url.toString() }, "/channels\n");
    expect(run.code).toBe(1);
    const dbName = url.pathname.slice(1);
    expect(run.stderr.trim()).toBe(
      `Firebreak could not start: applying database migrations failed: user "${role}" may not create or change tables in "${dbName}" (DATABASE_URL=${url.toString()}); let it own the database, or use a user that does.`,
    );
  });
});
