/**
 * `npm run demo`: the real `npm start` with the demo script on stdin, on a throw-away embedded
 * database in a temporary folder (removed at exit) and with every chat platform switched off — so
 * the demo's P1 never lands in your real data, whatever DATABASE_URL or .env say.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const PLATFORM_VARIABLES = [
  "SLACK_BOT_TOKEN",
  "SLACK_APP_TOKEN",
  "SLACK_SIGNING_SECRET",
  "MicrosoftAppId",
  "MicrosoftAppPassword",
  "MicrosoftAppTenantId",
  "TEAMS_ENABLED",
  "TEAMS_ALLOW_UNAUTHENTICATED",
  "TEAMS_INCIDENTS_CHANNEL_ID",
  "TEAMS_TEAM_ID",
  "TEAMS_CREATE_CHANNELS",
];

const folder = fs.mkdtempSync(path.join(os.tmpdir(), "firebreak-demo-"));
// An empty variable counts as unset, and the real environment wins over .env.
Object.assign(process.env, { FIREBREAK_DATA_DIR: folder, DATABASE_URL: "", ...Object.fromEntries(PLATFORM_VARIABLES.map((name) => [name, ""])) });
process.on("exit", () => fs.rmSync(folder, { recursive: true, force: true }));
process.stderr.write(`Demo on a throw-away database (${folder}); nothing is kept.\n`);
await import("../main.js");
