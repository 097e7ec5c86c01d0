/**
 * `npm run slack:manifest -- https://firebreak.acme.com`: prints manifest.http.yml with the
 * request URLs pointing at that host, ready to paste as the app's manifest (HTTP mode).
 */
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");
const PLACEHOLDER = "https://firebreak.example.com";

export function httpManifestFor(baseUrl: string): string {
  const url = new URL(baseUrl);
  if (url.protocol !== "https:") throw new Error(`Slack only sends requests to https:// URLs (got ${baseUrl}).`);
  const base = url.origin + url.pathname.replace(/\/+$/, "");
  return fs.readFileSync(path.join(ROOT, "manifest.http.yml"), "utf8").replaceAll(PLACEHOLDER, base);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const base = process.argv[2];
  if (!base) {
    process.stderr.write("Which host? npm run slack:manifest -- https://firebreak.acme.com\n");
    process.exit(1);
  }
  try {
    process.stdout.write(httpManifestFor(base));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
