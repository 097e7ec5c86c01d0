import fs from "node:fs";
import path from "node:path";

/**
 * What every benchmark script writes with `--out <file.json>` (the orchestrator, test/bench/
 * run-all.ts, turns these into RESULTS.md), and the small helpers the scripts share.
 */
export interface BenchRow {
  figure: string;
  value: string;
  target: string;
  note: string;
}

export interface BenchResult {
  title: string;
  rows: BenchRow[];
  /** One paragraph: how it was measured. */
  method: string;
}

/** `--name value` (or `--name=value`) from argv; `fallback` when absent. */
export function option(name: string, fallback?: string, argv = process.argv.slice(2)): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === `--${name}`) return argv[i + 1];
    if (arg.startsWith(`--${name}=`)) return arg.slice(name.length + 3);
  }
  return fallback;
}

export function numberOption(name: string, fallback: number): number {
  const text = option(name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number (got "${text}")`);
  return value;
}

/** Arguments that are not `--name value` pairs (the older scripts take positional ones). */
export function positional(argv = process.argv.slice(2)): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i]!.startsWith("--")) {
      if (!argv[i]!.includes("=")) i++;
      continue;
    }
    out.push(argv[i]!);
  }
  return out;
}

/** Writes the result where `--out` says, if it says; always prints where it went. */
export function writeOut(result: BenchResult): void {
  const file = option("out");
  if (!file) return;
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`figures written to ${file}`);
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** "min–max" of a list, formatted: the spread between rounds, for the note column. */
export function spread(values: number[], digits = 0): string {
  if (!values.length) return "—";
  return `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;
}

export const ms = (value: number, digits = 0) => (Number.isFinite(value) ? `${value.toFixed(digits)} ms` : "—");
export const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
