import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { homeView } from "../../adapters/slack/render/home.js";
import { renderMessage } from "../../adapters/slack/render/message.js";
import { declareModal, phaseModal, rolesModal, severityModal, updateModal } from "../../adapters/slack/render/modals.js";
import { channelUrl } from "../../adapters/slack/slack-chat.js";
import { executeCommand, runCommand } from "../../src/app/run-command.js";
import type { Message } from "../../src/chat/message.js";
import type { ChatPort, MessageRef, SpaceRef } from "../../src/chat/port.js";
import { firstHourPrompt } from "../../src/chat/views/first-hour.js";
import type { Person } from "../../src/domain/people.js";
import { loadView, openIncidents } from "../../src/incidents/queries.js";
import { FIRST_HOUR } from "../../src/playbooks/index.js";
import type { ReminderRow } from "../../src/store/schema.js";
import { reminderMessage } from "../../src/timers/messages.js";
import { type TestDatabase, useTestDatabase } from "../support/database.js";
import { testRuntime, type TestRuntime } from "../support/runtime.js";
import { checkSlackPayload, type Surface } from "./block-kit-limits.js";

/**
 * Slack as a ChatPort that keeps everything the core asks it to show, so every message the views
 * produce in a long, busy incident can be rendered to Block Kit and checked against Slack's limits.
 */
class RecordingSlack implements ChatPort {
  readonly platform = "slack" as const;
  readonly maxSpaceName = 80;
  readonly shown: { what: string; message: Message; interactive: boolean }[] = [];
  private next = 1;
  async createSpace(input: { name: string }): Promise<SpaceRef> {
    const id = `C${String(this.next++).padStart(8, "0")}`;
    return { platform: "slack", id, name: input.name, url: channelUrl(id) };
  }
  async setTopic(): Promise<void> {}
  async invite(): Promise<void> {}
  async post(space: SpaceRef, message: Message): Promise<MessageRef> {
    this.shown.push({ what: `post to #${space.name}: ${message.text.slice(0, 40)}`, message, interactive: true });
    return { spaceId: space.id, messageId: String(this.next++) };
  }
  async update(_ref: MessageRef, message: Message): Promise<void> {
    this.shown.push({ what: `update: ${message.text.slice(0, 40)}`, message, interactive: true });
  }
  async replyPrivately(_to: unknown, message: Message): Promise<void> {
    this.shown.push({ what: `private: ${message.text.slice(0, 40)}`, message, interactive: false });
  }
  async resolvePerson(ref: { id?: string; handle?: string }): Promise<Person> {
    const name = ref.handle ?? ref.id!;
    return { platform: "slack", id: `U${name.toUpperCase().replace(/[^A-Z0-9]/g, "").slice(0, 10)}`, name };
  }
}

const database = useTestDatabase();
let t: TestDatabase;
let rt: TestRuntime;
let slack: RecordingSlack;
let problems: string[];
const alice = { kind: "slack" as const, teamId: "T1", userId: "UALICE", name: "alice" };
const general: SpaceRef = { platform: "slack", id: "CGENERAL", name: "general" };

beforeEach(() => {
  t = database.current;
  slack = new RecordingSlack();
  rt = testRuntime(t.db, { slack }, { FIREBREAK_TIMEZONE: "Europe/Berlin" });
  problems = [];
});

/** Renders as Slack would be sent it and records every problem, labelled with what it was. */
function check(what: string, payload: Parameters<typeof checkSlackPayload>[0], surface: Surface = "message") {
  for (const p of checkSlackPayload(payload, surface)) problems.push(`${what}: ${p}`);
  return payload;
}

/** Delivers what the commands queued (as a moment later), then checks every message it showed. */
async function checkShown() {
  await rt.deliverer.drain();
  for (const { what, message, interactive } of slack.shown.splice(0)) check(what, renderMessage(message, { interactive, timeZone: rt.config.timeZone }));
}

async function run(text: string, space: SpaceRef = general) {
  const outcome = await runCommand(rt, { actor: alice, text, port: slack, space });
  if (outcome.reply) check(`reply to "${text.slice(0, 40)}"`, renderMessage(outcome.reply, { interactive: false, timeZone: rt.config.timeZone }));
  await checkShown();
  return outcome;
}

// Text that is long, and heavy in the characters mrkdwn escapes or formats.
const awkward = (n: number) => "R&D <model> *leaks* _secrets_ & more; ".repeat(Math.ceil(n / 38)).slice(0, n).trimEnd();
const longNames = ["alexandra.konstantinopoulou-vanderberg", "bartholomew.featherstonehaugh-smythe", "chidimma.oluwaseun-adebayo-okonkwo", "dmitri.alexandrovich_rostropovich", "esperanza.de-la-cruz-villanueva", "fitzgerald.montgomery-worthington", "guinevere.llewellyn-ap-rhys", "hieronymus.van-der-westhuizen"];

async function busyIncident(): Promise<SpaceRef> {
  const title = awkward(150);
  const declared = await executeCommand(rt, { actor: alice, port: slack, space: general }, { kind: "declare", title, severity: "P1", vector: "prompt-injection", description: awkward(3000), private: false }, { logText: "[modal] declare" });
  await checkShown();
  expect(declared.ok).toBe(true);
  const space = declared.space!;
  const roles = ["commander", "tech-lead", "comms-lead", "legal"];
  // The commander's own slot is handed over last: after that, only the new commander may change things.
  for (const [i, role] of roles.entries()) {
    if (role !== "commander") await run(`assign ${role} @${longNames[i * 2]}`, space);
    await run(`assign ${role} backup @${longNames[i * 2 + 1]}`, space);
  }
  for (let i = 1; i <= 63; i += 9) await run(`check ${Array.from({ length: 9 }, (_, k) => i + k).filter((n) => n <= 63).join(" ")}`, space);
  for (let i = 0; i < 40; i++) {
    rt.clock.advance(7);
    await run(`note ${i} ${awkward(2990)}`, space);
  }
  for (let i = 0; i < 10; i++) await run(`evidence s3://forensics/${i}/${"x".repeat(60)} ${awkward(1800)}`, space);
  await run(`update ${awkward(3000)}`, space);
  await run("milestone started 2026-11-25 09:15", space);
  await run("flag personal-data", space);
  for (const phase of ["containment", "investigation", "remediation"]) await run(`status ${phase}`, space);
  await run(`resolve ${awkward(1000)}`, space);
  await run(`assign commander @${longNames[0]}`, space);
  return space;
}

describe("every Slack message the views produce fits Block Kit and renders as meant", () => {
  it("a long, busy incident: declare, roles, every checklist, many notes, the reads", async () => {
    const space = await busyIncident();
    for (const read of ["timeline", "checklist", "roles", "reminders", "verify", "frobnicate", "assign nobody", "checklist nonsense"]) await run(read, space);
    const view = await loadView(rt.db, (await openIncidents(rt.db))[0]!.id);
    for (const section of view.incident.playbooks) await run(`checklist ${section}`, space);
    for (const help of ["help", "help severity", "help vectors", "help roles", "help phases", "help sources", "help declare", "readiness", "list"]) await run(help);
    expect(problems).toEqual([]);

    // The timeline keeps the newest events, and says how many older ones it left out.
    const timeline = (await runCommand(rt, { actor: alice, text: "timeline", port: slack, space })).reply!;
    const blocks = JSON.stringify(renderMessage(timeline, { interactive: false, timeZone: rt.config.timeZone }).blocks);
    expect(blocks).toContain("earlier events not shown");
    expect(blocks).toContain("phase remediation → resolved");
    expect(blocks).not.toContain("more block(s) not shown");
  });

  it("every first-hour prompt and every kind of nudge", async () => {
    const space = await busyIncident();
    await run("uncheck 1 2 3 4 5 6", space);
    const view = await loadView(rt.db, (await openIncidents(rt.db))[0]!.id);
    for (const window of FIRST_HOUR) check(`prompt ${window.key}`, renderMessage(firstHourPrompt(view, window), { interactive: true }));
    const reminder = (kind: string, payload: Record<string, unknown>): ReminderRow => ({
      id: randomUUID(), incidentId: view.incident.id, key: `${kind}:x`, kind, fireAt: rt.clock.now(), status: "scheduled", origin: "plan", payload, createdAt: rt.clock.now(), settledAt: null,
    });
    const reminders = [
      reminder("role-commander", {}),
      reminder("roles-unfilled", {}),
      ...FIRST_HOUR.flatMap((w) => [reminder("overdue", { window: w.key, stage: "nudge" }), reminder("overdue", { window: w.key, stage: "escalate" })]),
      reminder("cadence", { period: 30, severity: "P1" }),
      reminder("target", { target: "contain", minutes: 240, percent: 100, severity: "P1" }),
      reminder("target", { target: "notify", minutes: 60, percent: 75, severity: "P1" }),
      reminder("regulatory", { hours: 24, flaggedAt: rt.clock.now().toISOString() }),
      reminder("regulatory", { hours: 72, flaggedAt: rt.clock.now().toISOString() }),
      reminder("review", { resolvedAt: rt.clock.now().toISOString(), within: 20160, stage: "due" }),
      reminder("recurrence", { minutes: 43200 }),
      reminder("inject", { index: 0, text: awkward(2000) }),
      reminder("first-hour-summary", {}),
    ];
    for (const r of reminders) check(`nudge ${r.kind} ${JSON.stringify(r.payload).slice(0, 40)}`, renderMessage(reminderMessage(r, view, rt.config), { interactive: true }));
    expect(problems).toEqual([]);
  });

  it("the App Home and the modals, with many incidents held by one person", async () => {
    for (let i = 0; i < 50; i++) {
      await executeCommand(rt, { actor: alice, port: slack, space: general }, { kind: "declare", title: `${i} ${awkward(140)}`, severity: "P2", private: false }, { logText: "[modal] declare" });
    }
    await checkShown();
    const incidents = await openIncidents(rt.db);
    const views = await Promise.all(incidents.map((i) => loadView(rt.db, i.id)));
    const home = homeView(views, "UALICE", rt.clock.now());
    check("home", home, "home");
    expect(JSON.stringify(home.blocks.at(-1))).toContain("more block(s) not shown");
    const context = { incidentId: views[0]!.incident.id, channelId: "C1", channelName: "x".repeat(80) };
    for (const [name, modal] of Object.entries({ declare: declareModal("UALICE", context), roles: rolesModal(views[0]!, context), severity: severityModal(views[0]!, context), phase: phaseModal(views[0]!, context), update: updateModal(views[0]!, context) })) {
      check(`modal ${name}`, modal as Parameters<typeof checkSlackPayload>[0], "modal");
    }
    await run("list");
    expect(problems).toEqual([]);
  });

  it("the checker catches what Slack would refuse or show wrongly (it is not vacuous)", () => {
    const bad = checkSlackPayload(
      {
        text: "<!channel> R&D",
        blocks: [
          { type: "header", text: { type: "plain_text", text: "H".repeat(151) } },
          { type: "section", text: { type: "mrkdwn", text: "*⚠ * R&amp;amp;D <b>" } },
          { type: "section", fields: Array.from({ length: 11 }, () => ({ type: "mrkdwn", text: "f" })) },
          { type: "actions", block_id: "a", elements: [{ type: "checkboxes", action_id: "c", options: Array.from({ length: 11 }, (_, i) => ({ text: { type: "mrkdwn", text: "o".repeat(76) }, value: String(i) })) }] },
          { type: "context", block_id: "a", elements: Array.from({ length: 11 }, () => ({ type: "mrkdwn", text: "c" })) },
        ],
      },
      "message",
    );
    expect(bad.join("\n")).toMatch(/broadcasts/);
    for (const expected of ["header", "emphasis", "escaped twice", "unescaped <", "unescaped &", "fields: 11 > 10", "11 options > 10", "option text: 76 > 75", "duplicate block_id", "elements: 11 > 10"]) {
      expect(bad.some((p) => p.includes(expected)), expected).toBe(true);
    }
  });
});
