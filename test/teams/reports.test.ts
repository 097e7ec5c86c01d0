import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import express from "express";
import { describe, expect, it } from "vitest";
import { mountDocuments } from "../../adapters/http/documents.js";
import { incidents, incidentWriteups, sharedDocuments } from "../../src/store/schema.js";
import { cardAction, mentionMessage } from "./support/activities.js";
import { ALICE, GENERAL_CHANNEL, startHarness, type TeamsHarness, useTeamsSuite } from "./support/harness.js";

const suite = useTeamsSuite();
const PUBLIC_URL = "https://firebreak.example.com";
/** Where the tests' commands are typed: a thread in the general channel (activities.ts's default). */
const HERE = `${GENERAL_CHANNEL};messageid=1700000000001`;

async function declared(h: TeamsHarness) {
  await h.send(mentionMessage(h.fake.url, "declare P1 prompt-injection Support bot leaks orders"));
  await h.mounted.idle();
  const [incident] = await suite.db.db.select().from(incidents);
  return incident!;
}

async function command(h: TeamsHarness, text: string) {
  await h.send(mentionMessage(h.fake.url, text));
  await h.mounted.idle();
}

/** Serves /documents like the real process, on a port of its own. */
async function documentServer(h: TeamsHarness): Promise<{ get(path: string): Promise<Response>; close(): Promise<void> }> {
  const app = express();
  mountDocuments(app, h.rt);
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { get: (path) => fetch(`${base}${path}`), close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe("Teams: the report as a card linking the document", () => {
  it("posts the summary with a button to the document, which Firebreak serves at an unguessable address", async () => {
    const h = await startHarness(suite.db, "thread", { FIREBREAK_PUBLIC_URL: `${PUBLIC_URL}/` });
    const incident = await declared(h);
    await command(h, `${incident.humanId} writeup root-cause Order-note field trusted by the model`);
    await command(h, `${incident.humanId} report`);

    const cards = h.fake.cardsIn(incident.space!.id);
    const reportCard = cards.find((c) => JSON.stringify(c).includes("Post-incident report · INC-2026-0001"))!;
    expect(reportCard).toBeDefined();
    const text = JSON.stringify(reportCard);
    expect(text).toContain("1 of 5 written; not yet: contributing factors, detection gap, impact, lessons learned");
    expect(text).toContain("INC-2026-0001-post-incident-report.md · the link works until 2026-12-25 (UTC) for anyone who has it.");
    const open = reportCard.actions.find((a: any) => a.type === "Action.OpenUrl");
    expect(open.url).toMatch(new RegExp(`^${PUBLIC_URL}/documents/[A-Za-z0-9_-]{32}/INC-2026-0001-post-incident-report\\.md$`));

    const server = await documentServer(h);
    try {
      const res = await server.get(new URL(open.url).pathname);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(res.headers.get("cache-control")).toBe("private, no-store");
      const body = await res.text();
      expect(body).toMatch(/^# INC-2026-0001: Support bot leaks orders\n/);
      expect(body).toContain("## Root cause\n\nOrder-note field trusted by the model");
      // Unknown and expired tokens look the same: 404.
      expect((await server.get("/documents/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/x.md")).status).toBe(404);
      await suite.db.db.update(sharedDocuments).set({ expiresAt: new Date("2026-11-25T13:00:00Z") });
      expect((await server.get(new URL(open.url).pathname)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it("`report --json` links the JSON, served as a download", async () => {
    const h = await startHarness(suite.db, "thread", { FIREBREAK_PUBLIC_URL: PUBLIC_URL });
    const incident = await declared(h);
    await command(h, `${incident.humanId} report --json`);
    const card = h.fake.cardsIn(incident.space!.id).find((c) => JSON.stringify(c).includes("Open the JSON"))!;
    const url = card.actions.find((a: any) => a.type === "Action.OpenUrl").url as string;
    const server = await documentServer(h);
    try {
      const res = await server.get(new URL(url).pathname);
      expect(res.headers.get("content-disposition")).toBe('attachment; filename="INC-2026-0001-post-incident-report.json"');
      expect(JSON.parse(await res.text())).toMatchObject({ schema: "firebreak.report/1", incident: { humanId: "INC-2026-0001" } });
    } finally {
      await server.close();
    }
  });

  it("without FIREBREAK_PUBLIC_URL posts the summary and says what to set, linking nothing", async () => {
    const h = await startHarness(suite.db);
    const incident = await declared(h);
    await command(h, `${incident.humanId} report`);
    const card = h.fake.cardsIn(incident.space!.id).find((c) => JSON.stringify(c).includes("Post-incident report · INC-2026-0001"))!;
    // Teams markdown: the card escapes the underscores.
    expect(JSON.stringify(card).replaceAll("\\\\_", "_")).toContain("could not be linked: set FIREBREAK_PUBLIC_URL to the address people reach Firebreak at");
    expect(JSON.stringify(card.actions ?? [])).not.toContain("Action.OpenUrl");
    expect(await suite.db.db.$count(sharedDocuments)).toBe(0);
  });
});

describe("Teams: the write-up card form", () => {
  it("`writeup` answers (privately, asked outside the incident's thread) with the fields and an Edit button; the form saves what changed", async () => {
    const h = await startHarness(suite.db);
    const incident = await declared(h);
    await command(h, `${incident.humanId} writeup`);
    // The write-up is incident content asked about in General: it goes to Alice's 1:1 chat with the bot.
    expect(JSON.stringify(h.fake.messagesIn(HERE).at(-1)!.activity)).toContain("I sent you the answer in our private chat.");
    const PRIVATE = `a:1:${ALICE.id}`;
    const answer = h.fake.messagesIn(PRIVATE).map((m) => m.activity).at(-1);
    const edit = answer.attachments[0].content.actions.find((a: any) => a.verb === "writeup.open");
    expect(edit.data.incidentId).toBe(incident.id);
    expect(JSON.stringify(answer)).toContain("(not yet written)");

    const opened = await h.send(cardAction(h.fake.url, PRIVATE, "answer-1", "writeup.open", { incidentId: incident.id }));
    expect(opened.body.value).toBe("The write-up form is below this card.");
    const form = h.fake.cardsIn(PRIVATE).find((c) => c.actions?.some((a: any) => a.verb === "writeup.save"))!;
    expect(form.body.filter((b: any) => b.type === "Input.Text").map((b: any) => b.id)).toEqual(["root-cause", "contributing-factors", "detection-gap", "impact", "lessons-learned"]);

    const saved = await h.send(cardAction(h.fake.url, PRIVATE, "form-1", "writeup.save", { incidentId: incident.id, "root-cause": "Order-note field trusted by the model", impact: "", "lessons-learned": "Treat customer fields as untrusted" }));
    expect(saved.body.type).toBe("application/vnd.microsoft.card.adaptive");
    expect(JSON.stringify(saved.body.value)).toContain("Root cause saved for INC-2026-0001.");
    const rows = await suite.db.db.select().from(incidentWriteups).where(eq(incidentWriteups.incidentId, incident.id));
    expect(Object.fromEntries(rows.map((r) => [r.field, r.text]))).toEqual({ "root-cause": "Order-note field trusted by the model", "lessons-learned": "Treat customer fields as untrusted" });
    // The same form submitted again (a second press, a second person) changes nothing.
    await h.send(cardAction(h.fake.url, PRIVATE, "form-1", "writeup.save", { incidentId: incident.id, "root-cause": "Something else" }));
    expect((await suite.db.db.select().from(incidentWriteups).where(eq(incidentWriteups.field, "root-cause")))[0]!.text).toBe("Order-note field trusted by the model");
  });
});
