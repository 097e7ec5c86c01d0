import { PassThrough } from "node:stream";
import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { runShell } from "../adapters/shell/run-shell.js";
import { ShellChat } from "../adapters/shell/shell-chat.js";
import { incidentLog, incidents } from "../src/store/schema.js";
import { type TestDatabase, useTestDatabase } from "./support/database.js";
import { testRuntime } from "./support/runtime.js";

/** The close guards through the terminal adapter, as `npm start < script` types them. */
const database = useTestDatabase();
let t: TestDatabase;
beforeEach(() => {
  t = database.current;
});

async function typeIntoShell(lines: string[]): Promise<string> {
  const printed: string[] = [];
  const chat = new ShellChat((line) => printed.push(line));
  const rt = testRuntime(t.db, { shell: chat });
  const input = new PassThrough();
  const output = new PassThrough();
  output.on("data", (chunk: Buffer) => printed.push(...chunk.toString().split("\n")));
  const done = runShell(rt, chat, { input, output, user: "alice", interactive: false });
  input.end(`${lines.join("\n")}\n`);
  await done;
  return printed.join("\n");
}

describe("shell: close guards", () => {
  it("refuses `close` with the regulator and the open review steps named; `close --force <reason>` closes", async () => {
    const out = await typeIntoShell([
      "/incident declare P1 data-poisoning Fraud model drift",
      "/incident flag personal-data",
      "/incident resolve Retrained on clean data",
      "/incident close",
      "/incident close --force Regulator informed by phone",
    ]);
    const refusal = out.slice(out.indexOf("alice@INC-2026-0001> /incident close\n"));
    expect(refusal).toContain("INC-2026-0001 cannot close yet");
    expect(refusal).toContain("the regulator has not been notified (GDPR, 72h after the personal-data flag: due 2026-11-28 14:00 UTC)");
    expect(refusal).toContain("55. Hold a blameless review within two weeks of incident closure");
    expect(refusal).toContain("close anyway with close --force <reason>:");
    const [incident] = await t.db.select().from(incidents);
    expect(incident!.phase).toBe("closed");
    const rows = await t.db.select().from(incidentLog).where(and(eq(incidentLog.incidentId, incident!.id), eq(incidentLog.kind, "close"))).orderBy(incidentLog.seq);
    expect(rows.map((r) => [r.outcome, r.payload.forceReason ?? null])).toEqual([
      ["rejected", null],
      ["ok", "Regulator informed by phone"],
    ]);
  });
});
