import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ShellChat } from "../../adapters/shell/shell-chat.js";
import { eq } from "drizzle-orm";
import { pressNudgeButton } from "../../src/app/press-nudge-button.js";
import { executeCommand, runCommand } from "../../src/app/run-command.js";
import { phaseAction } from "../../src/commands/phase.js";
import { incidentLog, reminders } from "../../src/store/schema.js";
import { useTestDatabase } from "../support/database.js";
import { shellActor, testRuntime } from "../support/runtime.js";

/** The runner's access step on what the platform tests do not reach: FIREBREAK_ALLOW, reopening, forms by id. */
const database = useTestDatabase();
const alice = shellActor("alice");
const bob = shellActor("bob");

function runtime(env: Record<string, string> = {}) {
  const chat = new ShellChat(() => {});
  const rt = testRuntime(database.current.db, { shell: chat }, env);
  const run = async (text: string, actor = alice, space = chat.ensureChannel("general")) => {
    const out = await runCommand(rt, { actor, text, port: chat, space });
    await rt.deliverer.drain();
    return { ...out, said: out.reply?.blocks.map((b) => ("text" in b && Array.isArray(b.text) ? b.text.map((i) => (typeof i === "string" ? i : "strong" in i ? i.strong : "")).join("") : "")).join(" ") ?? "" };
  };
  return { rt, chat, run };
}

describe("the access step in the runner", () => {
  it("FIREBREAK_ALLOW=close:P4=anyone lets anyone close a P4, and nothing else changes", async () => {
    const { run } = runtime({ FIREBREAK_ALLOW: "close:P4=anyone" });
    await run("declare P4 Filter false positives");
    await run("declare P3 Odd refusals");
    await run("INC-2026-0001 resolve tuned the filter");
    await run("INC-2026-0002 resolve explained");
    expect((await run("INC-2026-0001 close --force filter tuned, nothing else to do", bob)).ok).toBe(true);
    expect((await run("INC-2026-0002 close --force no review needed", bob)).said).toContain("Only the incident commander (@alice), their backup or a Firebreak admin can close the incident.");
    // `status closed` is the same action as `close`.
    expect(phaseAction("resolved", "closed")).toBe("close");
  });

  it("reopening a resolved incident is a lead's call", async () => {
    const { run } = runtime();
    await run("declare P2 Model drift");
    await run("INC-2026-0001 resolve rolled back");
    expect(phaseAction("resolved", "investigation")).toBe("reopen");
    expect((await run("INC-2026-0001 status investigation", bob)).said).toContain("can reopen the incident.");
    expect((await run("INC-2026-0001 status investigation", alice)).ok).toBe(true);
  });

  it("a form naming a private incident by id is answered exactly as one naming nothing", async () => {
    const { rt, run } = runtime();
    const { incident } = await run("declare P1 --private Insider copying weights");
    const asBob = (incidentId: string) => executeCommand(rt, { actor: bob }, { kind: "severity", severity: "P4" }, { incidentId, logText: "[form] severity" });
    const hidden = await asBob(incident!.id);
    const unknown = await asBob(randomUUID());
    expect(hidden).toEqual(unknown);
    expect(hidden.reply!.text).toBe("That incident no longer exists.");
    const rows = (await database.current.db.select().from(incidentLog).orderBy(incidentLog.seq)).filter((r) => r.actorId === "bob");
    expect(rows.map((r) => [r.incidentId, r.reason])).toEqual([
      [incident!.id, "shell:bob may not see private INC-2026-0001 (not a member, not in its space, not an admin)"],
      [null, "That incident no longer exists."],
    ]);
  });

  it("a nudge button of a private incident, pressed by someone who may not see it, is answered like an unknown reminder", async () => {
    const { rt, run } = runtime();
    const { incident } = await run("declare P1 --private Insider copying weights");
    const [reminder] = await database.current.db.select().from(reminders).where(eq(reminders.incidentId, incident!.id));
    const press = (value: string) => pressNudgeButton(rt, { actor: bob, action: "nudge.done", value });
    const hidden = await press(reminder!.id);
    expect(hidden).toEqual(await press(randomUUID()));
    expect(hidden.reply!.text).toBe("That button no longer matches a reminder.");
    const [row] = (await database.current.db.select().from(incidentLog).orderBy(incidentLog.seq)).filter((r) => r.actorId === "bob" && r.incidentId === incident!.id);
    expect(row!.reason).toBe("shell:bob may not see private INC-2026-0001 (not a member, not in its space, not an admin)");
    expect((await database.current.db.select().from(reminders).where(eq(reminders.id, reminder!.id)))[0]!.status).toBe(reminder!.status);
  });

  it("the declarer of a private incident and the people assigned to it are its members", async () => {
    const { run } = runtime();
    await run("declare P1 --private Insider copying weights", bob);
    expect((await run("INC-2026-0001 timeline", bob)).ok).toBe(true);
    await run("INC-2026-0001 assign legal @carol", bob);
    expect((await run("INC-2026-0001 timeline", shellActor("carol"))).ok).toBe(true);
    expect((await run("INC-2026-0001 timeline", shellActor("dan"))).said).toContain("There is no incident INC-2026-0001.");
  });
});
