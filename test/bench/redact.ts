/**
 * `npx tsx test/bench/redact.ts`: what secret redaction costs per command. Times Firebreak's
 * redactSecrets on a typical 200-character note, a 3,000-character one and a log line, and —
 * for comparison — @secretlint/core's lintSource with the same rules, early and after many
 * calls (v11's core slows down as its profiler fills). A measurement, not a test.
 */
import { lintSource } from "@secretlint/core";
import { creator as recommended } from "@secretlint/secretlint-rule-preset-recommend";
import { redactSecrets } from "../../src/security/redact.js";
import { RULE_SETTINGS } from "../../src/security/secretlint-rules.js";

const NOTE =
  "14:05 support bot (gpt-4o-2024-08-06) showed another customer's orders after a prompt injection in the FAQ page; disabled the export tool, ticket SEC-4121, commit 9f2c1e7, trace 4bf92f3577b34da6.";
const LONG = `${NOTE} `.repeat(15).slice(0, 3000);
const LOG_LINE = JSON.stringify({ level: 50, time: Date.now(), pid: 1, msg: "Teams command failed", text: NOTE, err: { type: "Error", message: "x", stack: "Error: x\n    at a (b.ts:1:2)" } });

function time(label: string, n: number, fn: () => unknown) {
  const t = performance.now();
  for (let i = 0; i < n; i++) fn();
  const perCall = (performance.now() - t) / n;
  console.log(`${label.padEnd(46)} ${(perCall * 1000).toFixed(1).padStart(8)} µs/call  (${n} calls)`);
}

async function timeAsync(label: string, n: number, fn: () => Promise<unknown>) {
  const t = performance.now();
  for (let i = 0; i < n; i++) await fn();
  const perCall = (performance.now() - t) / n;
  console.log(`${label.padEnd(46)} ${(perCall * 1000).toFixed(1).padStart(8)} µs/call  (${n} calls)`);
}

const first = performance.now();
redactSecrets(NOTE);
console.log(`${"first call (builds the rule handlers)".padEnd(46)} ${((performance.now() - first) * 1000).toFixed(1).padStart(8)} µs`);
time("warm-up", 2000, () => redactSecrets(NOTE));
time(`redactSecrets, ${NOTE.length}-char note`, 20000, () => redactSecrets(NOTE));
time(`redactSecrets, ${LONG.length}-char note`, 5000, () => redactSecrets(LONG));
time(`redactSecrets, ${LOG_LINE.length}-char log line`, 20000, () => redactSecrets(LOG_LINE));

const config = {
  rules: [
    {
      id: "@secretlint/secretlint-rule-preset-recommend",
      rule: recommended,
      rules: Object.entries(RULE_SETTINGS).map(([id, s]) => ({ id, options: s.options ?? {}, allowMessageIds: s.allowMessageIds, disabled: s.disabled })),
    },
  ],
};
const viaCore = () => lintSource({ source: { content: NOTE, filePath: "note.txt", ext: ".txt", contentType: "text" }, options: { config, noPhysicFilePath: true } });
const heapMB = () => {
  global.gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};
const heapBefore = heapMB();
await timeAsync("@secretlint/core lintSource, calls 1–500", 500, viaCore);
await timeAsync("@secretlint/core lintSource, calls 501–2500", 2000, viaCore);
await timeAsync("@secretlint/core lintSource, calls 2501–5000", 2500, viaCore);
console.log(`performance marks left in the process: ${performance.getEntriesByType("mark").length}`);
console.log(`heap growth over 5,000 lintSource calls: ${(heapMB() - heapBefore).toFixed(1)} MB${global.gc ? "" : " (run with --expose-gc for a steadier figure)"}`);
const heapOwn = heapMB();
for (let i = 0; i < 5000; i++) redactSecrets(NOTE);
console.log(`heap growth over 5,000 redactSecrets calls: ${(heapMB() - heapOwn).toFixed(1)} MB`);
