/**
 * `npm run demo`: the real `npm start` with the demo script on stdin, in a child process whose
 * environment puts the embedded database in a temporary folder (removed at the end) and switches
 * every chat platform and database server off — so the demo's P1 never lands in your real data,
 * whatever DATABASE_URL or .env say.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { demoEnvironment } from "../../src/core.js";

const folder = fs.mkdtempSync(path.join(os.tmpdir(), "firebreak-demo-"));
process.stderr.write(`Demo on a throw-away database (${folder}); nothing is kept.\n`);
// The same node and loader (tsx) this script runs under, on adapters/main.ts.
const child = spawn(process.execPath, [...process.execArgv, path.join(import.meta.dirname, "../main.ts")], { env: demoEnvironment(folder), stdio: "inherit" });
child.once("close", (code) => {
  fs.rmSync(folder, { recursive: true, force: true });
  process.exit(code ?? 1);
});
