import { loadConfig, ConfigError } from "../config.js";
import { openDatabase } from "./db.js";

/** `npm run db:migrate`: apply pending migrations and exit (start-up does the same). */
try {
  const config = loadConfig();
  const database = await openDatabase(config.database);
  await database.close();
  console.log(`Migrations applied (${config.database.url ? "Postgres server" : `embedded database in ${config.database.dataDir}`}).`);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = 1;
}
