import { loadConfig, ConfigError } from "../config.js";
import { describeDatabaseError, plainMessage } from "./database-errors.js";
import { openDatabase } from "./db.js";

/** `npm run db:migrate`: apply pending migrations and exit (start-up does the same). */
let config: ReturnType<typeof loadConfig> | undefined;
try {
  config = loadConfig();
  const database = await openDatabase(config.database);
  await database.close();
  console.log(`Migrations applied (${config.database.url ? "Postgres server" : `embedded database in ${config.database.dataDir}`}).`);
} catch (error) {
  const reason = error instanceof ConfigError ? error.message : (config && describeDatabaseError(error, config.database)) || plainMessage(error);
  console.error(`Migrations were not applied: ${reason}`);
  process.exitCode = 1;
}
