import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { runCommand, type Outcome } from "../../src/app/run-command.js";
import { loadReportBundle } from "../../src/report/bundle.js";
import { buildReport } from "../../src/report/build.js";
import type { ReportDocument } from "../../src/report/document.js";
import { reportMarkdown } from "../../src/report/markdown.js";
import { incidentLog, incidents } from "../../src/store/schema.js";
import { EXPECTED_30D } from "../metrics/scripted-incidents.js";
import { tellStory } from "../metrics/story.js";
import { useTestDatabase } from "../support/database.js";
import { shellActor, testRuntime, type TestRuntime } from "../support/runtime.js";
import { RecordingChat } from "../timers/harness.js";
import { DocumentChat } from "./document-chat.js";

const database = useTestDatabase();
let rt: TestRuntime;
let port: DocumentChat;
beforeEach(() => {
  port = new DocumentChat();
  rt = testRuntime(database.current.db, { shell: port });
});

/** A typed line, as alice types it in #general (no incident channel: the id goes first). */
async function typed(text: string, actor = shellActor("alice")): Promise<Outcome> {
  const outcome = await runCommand(rt, { actor, port, text });
  await rt.deliverer.drain();
  return outcome;
}
const plainReply = (o: Outcome) => JSON.stringify(o.reply);
const lastLog = async () => (await rt.db.select().from(incidentLog).orderBy(incidentLog.seq)).at(-1)!;

async function declared(title = "Support bot leaks its system prompt") {
  const outcome = await typed(`declare P2 prompt-injection ${title}`);
  expect(outcome.ok, plainReply(outcome)).toBe(true);
  return outcome.incident!;
}

describe("stats through the command", () => {
  it("gives the hand-computed figures for the scripted incidents; the drill never counts", async () => {
    await tellStory(rt, new RecordingChat());
    for (const text of ["stats", "stats 30d", "metrics 30D"]) {
      const outcome = await typed(text);
      expect(outcome.ok).toBe(true);
      expect(outcome.reply!.blocks).toEqual(EXPECTED_30D.blocks);
    }
    expect((await typed("stats all")).reply!.text).toBe("Incident metrics · all time: 7 incidents declared in all time (1 drill left out).");
    expect((await typed("stats 2026-Q3")).reply!.text).toBe("Incident metrics · 2026-Q3: 1 incident declared in 2026-Q3.");
    expect(await lastLog()).toMatchObject({ kind: "stats", outcome: "ok", payload: { period: "2026-Q3", incidents: 1, drillsLeftOut: 0 } });
  });

  it("counts no drill even when drills are all there is", async () => {
    expect((await typed("drill prompt-injection")).ok).toBe(true);
    expect((await typed("stats")).reply!.text).toBe("No incidents were declared in the last 30 days (1 drill left out).");
  });

  it("refuses a bad period with what was wrong and the usage, and logs the refusal", async () => {
    const cases: [string, RegExp][] = [
      ["stats 2026-Q9", /There is no Q9/],
      ["stats 2027-Q1", /2027-Q1 has not started yet/],
      ["stats 45", /needs a unit: “45d”/],
      ["stats 0d", /0 days holds no incidents/],
      ["stats lately", /“lately” is not a period I understand/],
    ];
    for (const [text, problem] of cases) {
      const outcome = await typed(text);
      expect(outcome.ok, text).toBe(false);
      expect(plainReply(outcome)).toMatch(problem);
      expect(plainReply(outcome)).toContain('"Usage: ",{"command":"stats [30d|90d|2026-Q3|all]"}," — the last N days (default 30d), a calendar quarter in UTC, or everything.');
      expect(await lastLog()).toMatchObject({ kind: "stats", outcome: "rejected", text: `/incident ${text}` });
    }
    const two = await typed("stats 30d 90d");
    expect(two.ok).toBe(false);
    expect(plainReply(two)).toContain('{"command":"stats [30d|90d|2026-Q3|all]"}');
  });
});

describe("report through the command", () => {
  async function incidentWithReview() {
    const incident = await declared();
    for (const line of [
      "note Payload hidden in an order-note field",
      "evidence s3://forensics/inc-1/chats.jsonl --sha256 9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08",
      "writeup root-cause Order-note field passed to the model as trusted context",
      "action Quote customer fields before the model sees them @bob due 2026-12-04",
    ]) {
      const outcome = await typed(`${incident.humanId} ${line}`);
      expect(outcome.ok, `${line}: ${plainReply(outcome)}`).toBe(true);
    }
    return incident;
  }

  it("posts the Markdown report into the incident's space as a file, built from the database and the log", async () => {
    const incident = await incidentWithReview();
    rt.clock.set("2026-11-26T09:00:00Z");
    const outcome = await typed(`${incident.humanId} report`);
    expect(outcome.ok, plainReply(outcome)).toBe(true);
    expect(outcome.reply!.text).toBe(`Posting INC-2026-0001-post-incident-report.md to #${incident.spaceName}.`);

    expect(port.files).toHaveLength(1);
    const { space, file } = port.files[0]!;
    expect(space.name).toBe(incident.spaceName);
    expect(file).toMatchObject({ name: "INC-2026-0001-post-incident-report.md", mime: "text/markdown", title: "INC-2026-0001 post-incident report" });
    const expected = reportMarkdown(buildReport(await loadReportBundle(rt.db, incident.id, rt.config.targets, rt.clock.now())));
    // The `report` row itself is a read the report leaves out, so a rebuild now is the same document.
    expect(file.content).toBe(expected);
    expect(file.content).toContain("## Root cause\n\nOrder-note field passed to the model as trusted context");
    expect(file.content).toContain("## Impact\n\n_Not yet written._");
    expect(file.content).toContain("| 1 | Quote customer fields before the model sees them | @bob | 2026-12-04 | open |");
    expect(file.content).toContain("`9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08` | the artefact (hash given by the responder) |");
    expect(file.summary!.text).toBe("Post-incident report for INC-2026-0001: Support bot leaks its system prompt");
    expect(JSON.stringify(file.summary)).toContain("1 of 5 written; not yet: contributing factors, detection gap, impact, lessons learned");
    expect(await lastLog()).toMatchObject({ kind: "report", outcome: "ok", incidentId: incident.id, payload: { json: false, writeupDone: 1, openActions: 1 } });
  });

  it("`report --json` files the same document as JSON that parses", async () => {
    const incident = await incidentWithReview();
    expect((await typed(`${incident.humanId} report --json`)).ok).toBe(true);
    const { file } = port.files.at(-1)!;
    expect(file).toMatchObject({ name: "INC-2026-0001-post-incident-report.json", mime: "application/json" });
    const doc = JSON.parse(file.content) as ReportDocument;
    expect(doc.schema).toBe("firebreak.report/1");
    expect(doc.incident).toMatchObject({ humanId: "INC-2026-0001", title: "Support bot leaks its system prompt", severity: { current: "P2" } });
    expect(doc.writeup.find((w) => w.field === "root-cause")).toMatchObject({ text: "Order-note field passed to the model as trusted context", writtenBy: "@alice" });
    expect(doc.writeup.find((w) => w.field === "impact")!.text).toBeNull();
    expect(doc.actions).toEqual([{ number: 1, text: "Quote customer fields before the model sees them", owner: "@bob", dueOn: "2026-12-04", done: false, doneAt: null, doneBy: null, overdue: false }]);
    expect(doc.evidence[0]).toMatchObject({ hashOf: "artefact", url: "s3://forensics/inc-1/chats.jsonl", file: null });
    expect(doc.timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(["note", "evidence", "writeup", "action"]));
  });

  it("refuses anything but --json, with the usage", async () => {
    const incident = await declared();
    const outcome = await typed(`${incident.humanId} report pdf`);
    expect(outcome.ok).toBe(false);
    expect(plainReply(outcome)).toContain("report takes nothing but “--json” (got “pdf”)");
    expect(port.files).toHaveLength(0);
  });

  it("on a platform that cannot take files, posts the report's summary instead", async () => {
    const plainChat = new RecordingChat();
    rt = testRuntime(database.current.db, { shell: plainChat });
    const incident = (await runCommand(rt, { actor: shellActor("alice"), port: plainChat, text: "declare P3 Odd answers" })).incident!;
    await runCommand(rt, { actor: shellActor("alice"), port: plainChat, text: `${incident.humanId} report` });
    await rt.deliverer.drain();
    expect(plainChat.texts().at(-1)).toBe("Post-incident report for INC-2026-0001: Odd answers");
  });
});

describe("timeline --file", () => {
  it("offers the whole timeline as a document when the message keeps only the newest events", async () => {
    const incident = await declared();
    for (let i = 1; i <= 60; i++) expect((await typed(`${incident.humanId} note finding ${i}`)).ok).toBe(true);
    const shown = await typed(`${incident.humanId} timeline`);
    expect(plainReply(shown)).toContain('{"command":"timeline --file"}," posts all of them as a document.');
    const outcome = await typed(`${incident.humanId} timeline --file`);
    expect(outcome.ok, plainReply(outcome)).toBe(true);
    const { file } = port.files.at(-1)!;
    expect(file.name).toBe("INC-2026-0001-timeline.md");
    for (let i = 1; i <= 60; i++) expect(file.content).toContain(`@alice: note: finding ${i}\n`);
    expect(file.content).toContain("declared INC-2026-0001 (P2, prompt-injection)");
    expect((await typed(`${incident.humanId} timeline everything`)).ok).toBe(false);
  });
});

describe("incidents closed later", () => {
  it("still give their report", async () => {
    const incident = await declared();
    // Closed as the close guards allow it or not: the report reads whatever state is there.
    await rt.db.update(incidents).set({ phase: "closed", closedAt: rt.clock.now() }).where(eq(incidents.id, incident.id));
    expect((await typed(`${incident.humanId} report`)).ok).toBe(true);
    expect(port.files.at(-1)!.file.content).toContain("- **Phase:** Closed");
  });
});
