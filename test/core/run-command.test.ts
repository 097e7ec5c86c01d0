import { beforeEach, describe, expect, it } from "vitest";
import { ShellChat } from "../../adapters/shell/shell-chat.js";
import { pressCheckbox } from "../../src/app/press-checkbox.js";
import { executeCommand, runCommand } from "../../src/app/run-command.js";
import { plain, type Message } from "../../src/chat/message.js";
import type { ChatPort } from "../../src/chat/port.js";
import { SpaceNameTakenError } from "../../src/errors.js";
import { findIncident, messageRefs } from "../../src/incidents/queries.js";
import { enqueueEffects } from "../../src/effects/outbox.js";
import { deliveries, effects, incidentLog, incidents } from "../../src/store/schema.js";
import { type TestDatabase, useTestDatabase } from "../support/database.js";
import { shellActor, testRuntime, type TestRuntime } from "../support/runtime.js";

let t: TestDatabase;
let rt: TestRuntime;
let chat: ShellChat;
let printed: string[];
const alice = shellActor("alice");

const database = useTestDatabase();
beforeEach(() => {
  t = database.current;
  printed = [];
  chat = new ShellChat((l) => printed.push(l));
  rt = testRuntime(t.db, { shell: chat });
});

const general = () => chat.ensureChannel("general");
/** Runs a typed command, then delivers what it queued (as the shell does before its prompt). */
const run = async (text: string, space = general(), actor = alice) => {
  const out = await runCommand(rt, { actor, text, port: chat, space });
  await rt.deliverer.drain();
  return out;
};
/** Kept messages in the order they were posted (the shell numbers them m1, m2 …). */
const purposesInOrder = async (incidentId: string) =>
  (await messageRefs(t.db, incidentId, "shell")).sort((a, b) => Number(a.messageId.slice(1)) - Number(b.messageId.slice(1))).map((r) => r.purpose);
const logRows = () => t.db.select().from(incidentLog).orderBy(incidentLog.seq);
const replyText = (m?: Message) => (m ? m.blocks.map((b) => ("text" in b && Array.isArray(b.text) ? plain(b.text) : "")).join("\n") : "");

describe("runCommand", () => {
  it("declare opens the space and posts four messages in order: pinned summary, first prompt, the phase's checklist, the scenario", async () => {
    const out = await run("/incident declare P1 prompt-injection Support bot leaks its system prompt");
    expect(out.ok).toBe(true);
    expect(out.space?.name).toBe("inc-20261125-support-bot-leaks-its-system-prompt");
    expect(replyText(out.reply)).toContain("Join the response: #inc-20261125-support-bot-leaks-its-system-prompt");
    expect(await purposesInOrder(out.incident!.id)).toEqual(["summary", "prompt:fh-0", "phase:triage", "checklist:scenario-prompt-injection"]);
    const headers = printed.filter((l) => l.startsWith("┌─"));
    expect(headers).toEqual(Array.from({ length: 4 }, (_, i) => `┌─ #inc-20261125-support-bot-leaks-its-system-prompt${i === 0 ? " 📌 pinned" : ""}`));
    expect(printed).toContain("│ ⏱ Minute 0–5: Confirm it is real");
    expect((await logRows()).map((r) => [r.kind, r.outcome])).toEqual([["declare", "ok"], ["space.created", "ok"]]);
  });

  it("posts a phase's checklist when the incident enters that phase, once", async () => {
    const { space, incident } = await run("declare P2 Model drift");
    await run("status containment", space);
    await run("status investigation", space);
    await run("status containment", space);
    expect(await purposesInOrder(incident!.id)).toEqual(["summary", "prompt:fh-0", "phase:triage", "phase:containment", "phase:investigation"]);
  });

  it("updates the summary in place when roles, severity or phase change", async () => {
    const { space, incident } = await run("declare P2 Model drift");
    const summary = (await messageRefs(t.db, incident!.id, "shell")).find((r) => r.purpose === "summary")!;
    printed = [];
    await run("assign tech-lead backup @carol", space);
    await run("severity P1", space);
    await run("status containment", space);
    expect(printed.filter((l) => l.startsWith("↻") && l.includes('"INC-2026-0001 · P'))).toHaveLength(3);
    expect(printed).toContain("✎ #inc-20261125-model-drift topic: P1 · Containment · IC @alice · INC-2026-0001");
    printed = [];
    chat.show(space!);
    const shown = printed.join("\n");
    expect(shown).toContain("INC-2026-0001 · P1 · Model drift");
    expect(shown).toContain("Technical lead       unfilled · backup @carol");
    expect(summary.messageId).toBe("m1");
  });

  it("logs every rejected command with its reason, including unparseable ones", async () => {
    const { space } = await run("declare P2 Model drift");
    const bad = await run("sevrity P1", space);
    expect(bad.ok).toBe(false);
    expect(replyText(bad.reply)).toContain("Did you mean severity?");
    await run("status review", space);
    await run("check 500", space);
    const rejected = (await logRows()).filter((r) => r.outcome === "rejected");
    expect(rejected.map((r) => [r.kind, r.text, r.reason])).toEqual([
      ["severity", "/incident sevrity P1", "Unknown command “sevrity”. Did you mean `severity`?"],
      ["status", "/incident status review", "INC-2026-0001 cannot move from Detection & triage to Post-incident review."],
      ["check", "/incident check 500", "There is no step 500: this incident's steps are numbered 1 to 63."],
    ]);
    expect(rejected.every((r) => r.incidentId)).toBe(true);
  });

  it("outside an incident channel, names the open incidents and how to address one", async () => {
    await run("declare P2 Model drift");
    const out = await run("timeline");
    expect(out.ok).toBe(false);
    expect(out.reply!.blocks.map((b) => ("text" in b && Array.isArray(b.text) ? plain(b.text) : "")).join(" ")).toMatch(
      /timeline needs an incident.*Open incidents: INC-2026-0001 \(#inc-20261125-model-drift\)/s,
    );
    expect((await run("INC-2026-0001 timeline")).ok).toBe(true);
    expect((await run("INC-2026-0099 timeline")).reply?.text).toBe("There is no incident INC-2026-0099.");
  });

  it("takes the next suffix when the platform says the name is taken", async () => {
    await chat.createSpace({ name: "inc-20261125-model-drift", topic: "", private: false });
    const first = await run("declare P2 Model drift");
    const second = await run("declare P2 Model drift");
    expect([first.space?.name, second.space?.name]).toEqual(["inc-20261125-model-drift-2", "inc-20261125-model-drift-3"]);
  });

  it("when the channel cannot be created, keeps the incident, says so, tells the commander and retries on `retry`", async () => {
    let failures = 1;
    const flaky: ChatPort = Object.assign(Object.create(chat) as ChatPort, {
      createSpace: async (input: { name: string; topic: string; private: boolean }) => {
        if (failures-- > 0) throw Object.assign(new Error("Slack refused conversations.create: restricted_action"), { retryable: false });
        return chat.createSpace(input);
      },
    });
    rt.ports.shell = flaky;
    rt.ports.shell = flaky;
    const out = await run("declare P1 Exfil via tool calls");
    expect(out.ok).toBe(true);
    expect(out.space).toBeUndefined();
    expect(replyText(out.reply)).toContain("I recorded INC-2026-0001, but could not create its channel: Slack refused conversations.create: restricted_action. Fix that, then run INC-2026-0001 retry");
    expect((await findIncident(t.db, { humanId: "INC-2026-0001" }))?.space).toBeNull();
    expect((await logRows()).map((r) => [r.kind, r.outcome, r.reason])).toEqual([
      ["declare", "ok", null],
      ["effect.failed", "failed", "Slack refused conversations.create: restricted_action"],
    ]);
    // The commander (the declarer) is told privately, once, with how to retry.
    expect(printed).toContain("(only @alice sees this)");
    expect(printed.join("\n")).toContain("could not create the incident channel for INC-2026-0001 after 1 try");
    // Nothing else was posted while the channel did not exist; `retry` delivers it all, in order.
    const retry = await run("INC-2026-0001 retry");
    expect(replyText(retry.reply)).toContain("Delivering 1 held-up item for INC-2026-0001 again.");
    expect((await findIncident(t.db, { humanId: "INC-2026-0001" }))?.space?.name).toBe("inc-20261125-exfil-via-tool-calls");
    expect(await purposesInOrder(out.incident!.id)).toEqual(["summary", "prompt:fh-0", "phase:triage"]);
    // Running it again posts nothing twice.
    expect(replyText((await run("INC-2026-0001 retry")).reply)).toContain("Nothing is waiting to be delivered");
    expect((await messageRefs(t.db, out.incident!.id, "shell")).length).toBe(3);
  });

  it("a checkbox press updates the section, the summary and prompts showing the step", async () => {
    const { incident } = await run("declare P1 prompt-injection Bot leaks prompt");
    printed = [];
    const first = await pressCheckbox(rt, { actor: shellActor("bob"), incidentId: incident!.id, stepKey: "first-hour.confirm", checked: true });
    await rt.deliverer.drain();
    const again = await pressCheckbox(rt, { actor: shellActor("bob"), incidentId: incident!.id, stepKey: "triage.scope", checked: true });
    const repeat = await pressCheckbox(rt, { actor: shellActor("bob"), incidentId: incident!.id, stepKey: "triage.scope", checked: true });
    await rt.deliverer.drain();
    expect([first.ok, again.ok, repeat.ok]).toEqual([true, true, true]);
    expect(printed.filter((l) => l.startsWith("↻"))).toEqual([
      '↻ #inc-20261125-bot-leaks-prompt: updated "INC-2026-0001 · P1 · Bot leaks prompt"',
      '↻ #inc-20261125-bot-leaks-prompt: updated "⏱ Minute 0–5: Confirm it is real"',
      '↻ #inc-20261125-bot-leaks-prompt: updated "INC-2026-0001 · P1 · Bot leaks prompt"',
      '↻ #inc-20261125-bot-leaks-prompt: updated "Detection & triage · 3/11"',
    ]);
    const checks = (await logRows()).filter((r) => r.kind === "check");
    expect(checks).toHaveLength(2);
    expect(checks[0]).toMatchObject({ text: "[checkbox] check first-hour.confirm", actorId: "bob" });
  });

  it("runs typed commands from forms, validating them and logging refusals", async () => {
    const ok = await executeCommand(rt, { actor: alice, port: chat, space: general() }, { kind: "declare", title: "From a modal", severity: "P2", private: true }, { logText: "[modal] declare" });
    expect(ok.incident?.isPrivate).toBe(true);
    const bad = await executeCommand(rt, { actor: alice, port: chat }, { kind: "declare", title: "  ", private: false }, { logText: "[modal] declare" });
    expect(bad.ok).toBe(false);
    const rows = await logRows();
    expect(rows.at(-1)).toMatchObject({ kind: "declare", outcome: "rejected", text: "[modal] declare", reason: "The title is empty" });
  });

  it("the reads reply privately and are logged", async () => {
    const { space } = await run("declare P1 prompt-injection Bot leaks prompt");
    for (const cmd of ["roles", "checklist evidence", "timeline", "list", "help severity", "verify", "readiness", "status"]) {
      const out = await run(cmd, space);
      expect(out.ok, cmd).toBe(true);
      expect(out.reply, cmd).toBeDefined();
    }
    const section = (await run("checklist evidence", space)).reply!.blocks.filter((b) => b.type === "checklist");
    expect(section.map((b) => b.type === "checklist" && [b.section, b.items.map((i) => i.number)])).toEqual([["evidence", [13, 14, 15, 16, 17]]]);
    expect((await run("checklist nonsense", space)).reply?.text).toBe("No checklist section matches “nonsense”.");
    const kinds = (await logRows()).slice(2).map((r) => r.kind);
    expect(kinds).toEqual(["roles", "checklist", "timeline", "list", "help", "verify", "readiness", "status", "checklist", "checklist"]);
  });
});

describe("SpaceNameTakenError", () => {
  it("carries the name", () => {
    expect(new SpaceNameTakenError("x").spaceName).toBe("x");
  });
});

describe("the outbox's retention", () => {
  it("prunes delivered effects and delivery keys after a week, keeps what is still owed", async () => {
    await runCommand(rt, { actor: alice, text: "declare P2 Kept a week", port: chat, space: general(), delivery: "test:delivery:1" });
    await rt.deliverer.drain();
    // Something still owed: a private message on a platform nobody serves here.
    const [incident] = await t.db.select().from(incidents);
    await t.db.transaction((tx) => enqueueEffects(tx, rt.clock.now(), [{ kind: "dm", person: { platform: "teams", id: "aad-x", name: "x" }, message: { text: "owed", blocks: [] }, incidentId: incident!.id }]));
    const settled = await t.db.$count(effects);
    rt.clock.advance(6 * 24 * 60);
    await rt.deliverer.prune();
    expect(await t.db.$count(effects)).toBe(settled);
    rt.clock.advance(2 * 24 * 60);
    await rt.deliverer.prune();
    const left = await t.db.select().from(effects);
    expect(left.map((e) => [e.kind, e.status])).toEqual([["dm", "pending"]]);
    expect(await t.db.$count(deliveries)).toBe(0);
  });
});
