import pino from "pino";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createTeams } from "../../adapters/teams/index.js";
import type { Runtime } from "../../src/app/runtime.js";
import { loadConfig } from "../../src/config.js";
import { postedMessages } from "../../src/store/schema.js";
import { teamsEnv } from "./support/harness.js";
import { cardButtons, declareByMention, type ScheduledTeams, startScheduledTeams, useScheduledTeamsSuite } from "./support/scheduled.js";

const suite = useScheduledTeamsSuite();
let s: ScheduledTeams | undefined;

const fired = (results: Awaited<ReturnType<ScheduledTeams["at"]>>) => results.flatMap((r) => (r.outcome === "fired" ? [r.reminder.key] : []));

describe("Teams: the scheduler posts first-hour prompts and nudges", () => {
  it("fires the +5 prompt and the +10 nudge once each, proactively into the stored conversation", async () => {
    s = await startScheduledTeams(suite.db);
    const incident = await declareByMention(s.h, suite.db);
    // The worker is another process: a Teams port built from configuration alone, which knows
    // the incident's conversation only through the reference stored with its space.
    const worker = createTeams(loadConfig(teamsEnv(s.h.fake), "/tmp").teams!, pino({ level: "silent" }));
    const rt: Runtime = { ...s.h.rt, ports: { teams: worker.port } };
    const at = (minutes: number) => {
      s!.h.rt.clock.set(new Date(Date.parse("2026-11-25T14:00:00Z") + minutes * 60_000));
      return s!.scheduler.runDue(rt);
    };
    // botbuilder's continueConversation addresses a fresh activity id, so a proactive post may
    // carry one after `/activities`; it lands in the conversation all the same.
    const base = `/v3/conversations/${incident.space.id}/activities`;
    const proactive = () => s!.h.fake.requests.filter((r) => r.method === "POST" && (r.path === base || r.path.startsWith(`${base}/`)));
    const before = proactive().length;

    expect(fired(await at(4))).toEqual([]);
    expect(fired(await at(5))).toContain("prompt:fh-5");
    const [prompt] = proactive().slice(before);
    expect(proactive()).toHaveLength(before + 1);
    const promptCard = JSON.stringify(prompt!.body.attachments[0].content);
    expect(prompt!.body.attachments[0].contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(promptCard).toContain("Minute 5–10");
    expect(promptCard).toContain('"type":"Input.Toggle"');
    expect(promptCard).toContain('"verb":"checklist.toggle"');
    // Remembered as prompt:fh-5, so a toggle on it redraws it in place.
    const remembered = await suite.db.db.select().from(postedMessages).where(and(eq(postedMessages.incidentId, incident.id), eq(postedMessages.purpose, "prompt:fh-5")));
    expect(remembered).toHaveLength(1);
    expect(s.h.fake.activities.get(remembered[0]!.messageId)!.conversationId).toBe(incident.space.id);

    expect(fired(await at(10))).toContain("overdue:fh-0:nudge");
    const nudge = proactive().slice(before).find((r) => JSON.stringify(r.body).includes("ended 5 minutes ago"))!;
    const buttons = cardButtons(nudge.body);
    expect(buttons.get("nudge.snooze")).toMatchObject({ type: "Action.Execute", title: "Snooze 30m" });
    expect(buttons.get("nudge.done")).toMatchObject({ type: "Action.Execute", title: "Done" });

    // A second pass at the same time (a redelivery, another worker) posts nothing again.
    const posted = s.h.fake.requests.length;
    expect(await at(10)).toEqual([]);
    expect(s.h.fake.requests).toHaveLength(posted);
    expect(proactive().slice(before).filter((r) => JSON.stringify(r.body).includes("Minute 5–10"))).toHaveLength(1);
    expect(proactive().slice(before).filter((r) => JSON.stringify(r.body).includes("ended 5 minutes ago"))).toHaveLength(1);
  });
});
