import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(rel);
    return /\.(ts|js|mjs)$/.test(e.name) ? [rel] : [];
  });
}

/** Every import specifier in a file (static, dynamic and re-exports). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(root, file), "utf8");
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)["']([^"']+)["']/g)].map((m) => m[1]!);
}

const PLATFORM_SDKS = /^(@slack\/|botbuilder|botframework-|@microsoft\/teams|@microsoft\/microsoft-graph|express$)/;

describe("architecture", () => {
  const core = sourceFiles("src");

  it("finds the core's files (guards against an empty scan)", () => {
    expect(core.length).toBeGreaterThan(30);
    expect(core).toContain(path.join("src", "app", "run-command.ts"));
  });

  it("keeps src/ free of platform SDKs and of adapters/", () => {
    const offences: string[] = [];
    for (const file of core) {
      for (const spec of importsOf(file)) {
        const resolved = spec.startsWith(".") ? path.relative(root, path.resolve(root, path.dirname(file), spec)) : spec;
        if (PLATFORM_SDKS.test(spec) || resolved.startsWith("adapters")) offences.push(`${file} imports ${spec}`);
      }
    }
    expect(offences).toEqual([]);
  });

  it("adapters reach the core only through its facade, src/core.ts", () => {
    const offences: string[] = [];
    for (const file of sourceFiles("adapters")) {
      for (const spec of importsOf(file)) {
        const resolved = spec.startsWith(".") ? path.relative(root, path.resolve(root, path.dirname(file), spec)) : spec;
        if (resolved.startsWith("src") && resolved !== path.join("src", "core.js")) offences.push(`${file} imports ${spec}`);
      }
    }
    expect(offences).toEqual([]);
  });

  it("timers never reach up into the app layer (they only write effects)", () => {
    const offences = core.filter((f) => f.startsWith(path.join("src", "timers"))).flatMap((file) => importsOf(file).filter((s) => /\.\.\/app\//.test(s)).map((s) => `${file} imports ${s}`));
    expect(offences).toEqual([]);
  });

  it("src/ has no import cycles (type-only imports aside)", () => {
    const graph = new Map<string, string[]>();
    for (const file of core) {
      const text = fs.readFileSync(path.join(root, file), "utf8");
      const deps = [...text.matchAll(/^import (?!type )[^;]*?from ["'](\.[^"']+)["']/gm)].map((m) => path.relative(root, path.resolve(root, path.dirname(file), m[1]!)).replace(/\.js$/, ".ts"));
      graph.set(file, deps.filter((d) => core.includes(d)));
    }
    const cycles: string[] = [];
    const state = new Map<string, "open" | "done">();
    const stack: string[] = [];
    const visit = (node: string) => {
      state.set(node, "open");
      stack.push(node);
      for (const dep of graph.get(node) ?? []) {
        if (state.get(dep) === "open") cycles.push([...stack.slice(stack.indexOf(dep)), dep].join(" -> "));
        else if (!state.has(dep)) visit(dep);
      }
      stack.pop();
      state.set(node, "done");
    };
    for (const file of core) if (!state.has(file)) visit(file);
    expect(cycles).toEqual([]);
  });

  it("reads process.env only in src/config.ts", () => {
    const readers = [...core, ...sourceFiles("adapters")].filter((f) => /process\.env\b/.test(fs.readFileSync(path.join(root, f), "utf8")));
    expect(readers).toEqual([path.join("src", "config.ts")]);
  });

  it("the scan would catch an offence", () => {
    // The same matcher, run on a known-bad line, so the rule above cannot pass vacuously.
    expect(PLATFORM_SDKS.test("@slack/bolt")).toBe(true);
    expect(PLATFORM_SDKS.test("botbuilder")).toBe(true);
    expect([...`import { App } from "@slack/bolt";`.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)["']([^"']+)["']/g)].map((m) => m[1])).toEqual(["@slack/bolt"]);
  });
});
