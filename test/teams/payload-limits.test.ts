import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { welcomeCard } from "../../adapters/teams/bot.js";
import { declareForm, noticeCard, phaseForm, rolesForm, severityForm, updateForm } from "../../adapters/teams/cards/forms.js";
import { renderCard } from "../../adapters/teams/cards/render-message.js";
import { cardActivity } from "../../adapters/teams/teams-chat.js";
import { executeCommand, runCommand } from "../../src/app/run-command.js";
import type { Message } from "../../src/chat/message.js";
import type { ChatPort, MessageRef, SpaceRef } from "../../src/chat/port.js";
import { firstHourPrompt } from "../../src/chat/views/first-hour.js";
import { PHASES, type Phase } from "../../src/domain/lifecycle.js";
import type { Person } from "../../src/domain/people.js";
import { loadView, openIncidents } from "../../src/incidents/queries.js";
import { FIRST_HOUR } from "../../src/playbooks/index.js";
import type { ReminderRow } from "../../src/store/schema.js";
import { reminderMessage } from "../../src/timers/messages.js";
import { type TestDatabase, useTestDatabase } from "../support/database.js";
import { testRuntime, type TestRuntime } from "../support/runtime.js";
import { checkTeamsCard } from "./cards/card-check.js";

/** Teams as a ChatPort that keeps every message the core asks it to show, for checking as cards. */
class RecordingTeams implements ChatPort {
  readonly platform = "teams" as const;
  readonly maxSpaceName = 50;
  readonly shown: { what: string; message: Message }[] = [];
  private next = 1;
  async createSpace(input: { name: string }): Promise<SpaceRef> {
    const id = `19:${String(this.next++).padStart(8, "0")}@thread.tacv2`;
    return { platform: "teams", id, name: input.name, url: `https://teams.microsoft.com/l/channel/${encodeURIComponent(id)}/${input.name}` };
  }
  async setTopic(): Promise<void> {}
  async invite(): Promise<void> {}
  async post(_space: SpaceRef, message: Message): Promise<MessageRef> {
    this.shown.push({ what: `post: ${message.text.slice(0, 40)}`, message });
    return { spaceId: "19:x", messageId: String(this.next++) };
  }
  async update(_ref: MessageRef, message: Message): Promise<void> {
    this.shown.push({ what: `update: ${message.text.slice(0, 40)}`, message });
  }
  async replyPrivately(_to: unknown, message: Message): Promise<void> {
    this.shown.push({ what: `private: ${message.text.slice(0, 40)}`, message });
  }
  async resolvePerson(ref: { id?: string; handle?: string }): Promise<Person> {
    const name = ref.handle ?? ref.id!;
    return { platform: "teams", id: `aad-${name}`, name: name.replace(/_/g, " ") };
  }
}

const database = useTestDatabase();
let t: TestDatabase;
let rt: TestRuntime;
let teams: RecordingTeams;
let problems: string[];
let checked: number;
const alice = { kind: "teams" as const, tenantId: "T1", userId: "aad-alice", name: "Alice Smith" };
const general: SpaceRef = { platform: "teams", id: "19:general@thread.tacv2", name: "General" };

beforeEach(() => {
  t = database.current;
  teams = new RecordingTeams();
  rt = testRuntime(t.db, { teams }, { FIREBREAK_TIMEZONE: "Europe/Berlin" });
  problems = [];
  checked = 0;
});

/** Checks a card as Teams would be sent it, labelled with what it was. */
function check(what: string, card: object, activity?: object) {
  checked++;
  for (const p of checkTeamsCard(card as Record<string, unknown>, activity as Record<string, unknown> | undefined)) problems.push(`${what}: ${p}`);
}

function checkMessage(what: string, message: Message) {
  const activity = cardActivity(message);
  check(what, activity.attachments![0]!.content as object, activity);
}

/** Delivers what the commands queued (as a moment later), then checks every card it showed. */
async function checkShown() {
  await rt.deliverer.drain();
  for (const { what, message } of teams.shown.splice(0)) checkMessage(what, message);
}

async function run(text: string, space: SpaceRef = general) {
  const outcome = await runCommand(rt, { actor: alice, text, port: teams, space });
  if (outcome.reply) checkMessage(`reply to "${text.slice(0, 40)}"`, outcome.reply);
  await checkShown();
  return outcome;
}

// Long text, heavy in what markdown formats: * _ [ ] ( ) \ and the like. (A backtick someone
// types stays theirs, and Teams shows it as typed; every backtick checked for here is Firebreak's.)
const awkward = (n: number) => "R&D *leaks* _secrets_ [link](x) \\ <b> & more; ".repeat(Math.ceil(n / 44)).slice(0, n).trimEnd();
const names = ["Alexandra Konstantinopoulou-Vanderberg", "Bartholomew Featherstonehaugh", "Chidimma Oluwaseun Okonkwo", "Dmitri Rostropovich", "Esperanza de la Cruz", "Fitzgerald Montgomery", "Guinevere Llewellyn", "Hieronymus van der Westhuizen"];
const handle = (name: string) => `@${name.replace(/\s+/g, "_")}`;

async function busyIncident(): Promise<SpaceRef> {
  const declared = await executeCommand(rt, { actor: alice, port: teams, space: general }, { kind: "declare", title: awkward(150), severity: "P1", vector: "prompt-injection", description: awkward(3000), private: false }, { logText: "[card] declare" });
  expect(declared.ok).toBe(true);
  await checkShown();
  if (declared.reply) checkMessage("declare reply", declared.reply);
  const space = declared.space!;
  for (const [i, role] of ["commander", "tech-lead", "comms-lead", "legal"].entries()) {
    await run(`assign ${role} ${handle(names[i * 2]!)}`, space);
    await run(`assign ${role} backup ${handle(names[i * 2 + 1]!)}`, space);
  }
  for (let i = 1; i <= 63; i += 9) await run(`check ${Array.from({ length: 9 }, (_, k) => i + k).filter((n) => n <= 63).join(" ")}`, space);
  for (let i = 0; i < 120; i++) {
    rt.clock.advance(3);
    await run(`note ${i} ${awkward(2990)}`, space);
  }
  for (let i = 0; i < 10; i++) await run(`evidence s3://forensics/${i}/${"x".repeat(60)} ${awkward(1800)}`, space);
  await run(`update ${awkward(3000)}`, space);
  await run("milestone started 2026-11-25 09:15", space);
  await run("flag personal-data", space);
  for (const phase of ["containment", "investigation", "remediation"]) await run(`status ${phase}`, space);
  await run(`resolve ${awkward(1000)}`, space);
  return space;
}

describe("every Teams card the views produce parses as Adaptive Cards 1.5 and fits in a Teams message", () => {
  it("a long, busy incident: declare, roles, every checklist, 120 long notes, the reads, help and refusals", async () => {
    const space = await busyIncident();
    for (const read of ["timeline", "checklist", "roles", "reminders", "verify", "status", "frobnicate", "assign nobody", "checklist nonsense", "severity P9", "declare P5 x"]) await run(read, space);
    const view = await loadView(rt.db, (await openIncidents(rt.db))[0]!.id);
    for (const section of view.incident.playbooks) await run(`checklist ${section}`, space);
    for (const help of ["help", "help severity", "help vectors", "help roles", "help phases", "help sources", "help declare", "help assign", "readiness", "list", "", "timeline"]) await run(help);
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(50);
  });

  it("every first-hour prompt and every kind of nudge", async () => {
    const space = await busyIncident();
    await run("uncheck 1 2 3 4 5 6", space);
    const view = await loadView(rt.db, (await openIncidents(rt.db))[0]!.id);
    for (const window of FIRST_HOUR) checkMessage(`prompt ${window.key}`, firstHourPrompt(view, window));
    const reminder = (kind: string, payload: Record<string, unknown>): ReminderRow => ({
      id: randomUUID(), incidentId: view.incident.id, key: `${kind}:x`, kind, fireAt: rt.clock.now(), status: "scheduled", origin: "plan", payload, createdAt: rt.clock.now(), settledAt: null,
    });
    const reminders = [
      reminder("role-commander", {}),
      reminder("roles-unfilled", {}),
      ...FIRST_HOUR.flatMap((w) => [reminder("overdue", { window: w.key, stage: "nudge" }), reminder("overdue", { window: w.key, stage: "escalate" })]),
      reminder("cadence", { period: 30, severity: "P1" }),
      reminder("target", { target: "contain", minutes: 240, percent: 100, severity: "P1" }),
      reminder("regulatory", { hours: 72, flaggedAt: rt.clock.now().toISOString() }),
      reminder("review", { resolvedAt: rt.clock.now().toISOString(), within: 20160, stage: "due" }),
      reminder("recurrence", { minutes: 43200 }),
      reminder("inject", { index: 0, text: awkward(2000) }),
      reminder("first-hour-summary", {}),
    ];
    for (const r of reminders) checkMessage(`nudge ${r.kind} ${JSON.stringify(r.payload).slice(0, 40)}`, reminderMessage(r, view, rt.config));
    expect(problems).toEqual([]);
  });

  it("the forms, the welcome card and the notices", async () => {
    await busyIncident();
    const { incident } = await loadView(rt.db, (await openIncidents(rt.db))[0]!.id);
    const stamp = { formId: "8d0a3c7e-0000-4000-8000-000000000001", openedBy: "aad-alice" };
    check("declare form", declareForm(stamp));
    check("declare form, prefilled", declareForm(stamp, { severity: "P1", vector: "prompt-injection", source: "audit", started: "2h ago", description: awkward(3000), private: true }));
    check("roles form", rolesForm(incident.id, incident.humanId, stamp));
    check("severity form", severityForm(incident.id, incident.humanId, incident.severity, stamp));
    for (const phase of PHASES) check(`phase form from ${phase}`, phaseForm(incident.id, incident.humanId, phase as Phase, stamp));
    check("update form", updateForm(incident.id, incident.humanId, stamp));
    check("notice", noticeCard(`Declaring “${awkward(150)}”…`));
    check("welcome", welcomeCard({ channelData: { team: { id: "19:team@thread.tacv2", aadGroupId: "fbe2bf47" }, channel: { id: "19:general@thread.tacv2" } } } as never));
    expect(problems).toEqual([]);
  });

  it("a card too big for one message is fitted, and says what it left out", async () => {
    const space = await busyIncident();
    // Every checklist at once is too big with a toggle per step: it comes as text, still complete.
    const checklist = (await runCommand(rt, { actor: alice, text: "checklist", port: teams, space })).reply!;
    const compact = JSON.stringify(renderCard(checklist));
    expect(compact).not.toContain("Input.Toggle");
    expect(compact).toContain("Too many steps to tick here: **@Firebreak check <number>** ticks one");
    expect(compact).toContain("63. ");
    // A timeline of 400 long lines keeps its newest ones within the limit.
    const lines = Array.from({ length: 400 }, (_, i) => `${String(i).padStart(3, "0")} ${awkward(150)}`);
    const card = renderCard({ text: "timeline", blocks: [{ type: "header", text: "Timeline" }, { type: "text", text: [lines.join("\n")] }] });
    expect(checkTeamsCard(card as never)).toEqual([]);
    const text = JSON.stringify(card);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(26 * 1024);
    expect(text).toContain("399 R&D");
    expect(text).not.toContain("000 R&D");
    expect(text).toMatch(/… \d+ earlier lines not shown here; the newest follow\./);
  });

  it("the checker catches what Teams would refuse or show wrongly (it is not vacuous)", () => {
    const bad = checkTeamsCard({
      type: "AdaptiveCard",
      version: "1.4",
      body: [
        { type: "TextBlock", text: "Run `/incident check 3` and \\*this\\*", wrap: true },
        { type: "Input.Text", id: "a" },
        { type: "Input.Text", id: "a", label: "A" },
        { type: "TextBlock", text: "<at>Bob</at>" },
        { type: "Bogus" },
        { type: "TextBlock", text: "x".repeat(30_000) },
      ],
    });
    for (const expected of ["backtick", "backslash escape", "/incident", "input a (Input.Text) has no label", "duplicate id a", "mention <at>Bob</at> has no entity", "schema: Unknown element type", "bytes >"]) {
      expect(bad.some((p) => p.includes(expected)), `${expected} in ${bad.join("; ")}`).toBe(true);
    }
    expect(renderCard({ text: "t", blocks: [{ type: "text", text: ["Type ", { command: "check 3" }] }] }).body[0]).toMatchObject({ text: "Type **@Firebreak check 3**" });
  });
});
