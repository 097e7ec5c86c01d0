import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { incidentLog, incidents, roleAssignments } from "../../src/store/schema.js";
import { type SlackHarness, useSlackHarness } from "./harness.js";

const suite = useSlackHarness();
let h: SlackHarness;
beforeEach(() => {
  h = suite.h;
});
beforeAll(() => {
  // A second "bob": only the mention's id tells them apart, so a lookup by name would pick the wrong one.
  suite.h.fake.users.push({ id: "U0BOB", name: "bob", real_name: "Bob Baker", profile: { display_name: "bob" } });
});

/** Every payload Firebreak sent to Slack (Web API calls and response-URL answers), as one string. */
const everythingSent = () => JSON.stringify([h.fake.calls.map((c) => c.args), h.fake.responses.map((r) => r.body)]);

/**
 * Every string Slack parses as mrkdwn in what was sent: top-level `text` and mrkdwn text objects.
 * (plain_text objects, such as headers, are shown literally and never mention anyone.)
 */
function mrkdwnSent(): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== "object") return;
    const o = node as Record<string, unknown>;
    if (o.type === "mrkdwn" && typeof o.text === "string") out.push(o.text);
    for (const [key, value] of Object.entries(o)) if (key !== "text" || typeof value !== "string") walk(value);
  };
  for (const payload of [...h.fake.calls.map((c) => c.args), ...h.fake.responses.map((r) => r.body)]) {
    if (typeof payload.text === "string") out.push(payload.text);
    walk(payload.blocks);
  }
  return out;
}

const currentHolder = async (incidentId: string, role: string) =>
  (await h.db.db.select().from(roleAssignments).where(eq(roleAssignments.incidentId, incidentId))).find((r) => r.role === role && r.slot === "primary" && r.endedAt === null)?.person;

async function incidentChannel() {
  const [incident] = await h.db.db.select().from(incidents);
  return { incident: incident!, channel: { id: incident!.space!.id, name: incident!.space!.name } };
}

describe("text survives Slack: decoded once at the edge, escaped once on the way out", () => {
  it("declares from escaped text: a clean title, a channel named from it, R&D shown once", async () => {
    await h.slash("declare P1 R&amp;D model leaks &lt;secrets&gt; to <@U0BOB|bob>");
    const { incident, channel } = await incidentChannel();
    expect(incident.title).toBe("R&D model leaks <secrets> to @bob");
    expect(channel.name).toBe("inc-20261125-r-d-model-leaks-secrets-to-bob");
    expect(h.fake.callsTo("conversations.create")[0]!.args.name).toBe("inc-20261125-r-d-model-leaks-secrets-to-bob");

    const summary = h.fake.callsTo("chat.postMessage").find((c) => c.args.channel === channel.id)!;
    // plain_text shows characters as they are; mrkdwn (the fallback text) escapes each once.
    expect(summary.args.blocks[0].text).toEqual({ type: "plain_text", text: "INC-2026-0001 · P1 · R&D model leaks <secrets> to @bob", emoji: true });
    expect(summary.args.text).toBe("INC-2026-0001 · P1 · R&amp;D model leaks &lt;secrets&gt; to @bob — Detection &amp; triage");
    expect(JSON.stringify(h.lastResponse())).toContain("R&amp;D model leaks &lt;secrets&gt; to @bob");
    const sent = everythingSent();
    expect(sent).not.toMatch(/&amp;(amp|lt|gt);/);
    expect(sent).not.toContain("&lt;@U0BOB");
    expect((await h.db.db.select().from(incidentLog).orderBy(incidentLog.seq))[0]!.text).toBe("/incident declare P1 R&D model leaks <secrets> to @bob");
  });

  it("assigns the person mentioned, by id, even when another person has the same name", async () => {
    await h.slash("declare P2 Jailbreak in the support bot");
    const { incident, channel } = await incidentChannel();
    // A mention sent as a bare id (newer clients) resolves by id, and reads as a name.
    await h.slash("assign tech-lead <@U0BOB>", { channel });
    expect(await currentHolder(incident.id, "tech-lead")).toMatchObject({ platform: "slack", id: "U0BOB" });
    const logged = (await h.db.db.select().from(incidentLog).orderBy(incidentLog.seq)).at(-1)!;
    expect(logged.text).toBe("/incident assign tech-lead @bob");

    await h.slash("assign commander <@U0BOB|bob>", { channel });
    expect(await currentHolder(incident.id, "commander")).toMatchObject({ platform: "slack", id: "U0BOB" });
  });

  it("stores a note's link decoded, and shows it escaped once", async () => {
    await h.slash("declare P3 Odd refusals");
    const { channel } = await incidentChannel();
    await h.slash("note see <https://x.example/a?b=1&amp;c=2|the dashboard>", { channel });
    const note = (await h.db.db.select().from(incidentLog).where(eq(incidentLog.kind, "note")).orderBy(incidentLog.seq))[0]!;
    expect((note.payload as { text: string }).text).toBe("see the dashboard (https://x.example/a?b=1&c=2)");
    const posted = JSON.stringify(h.fake.callsTo("chat.postMessage").filter((c) => c.args.channel === channel.id).at(-1)!.args);
    expect(posted).toContain("see the dashboard (https://x.example/a?b=1&amp;c=2)");
    expect(everythingSent()).not.toMatch(/&amp;(amp|lt|gt);/);
  });

  it("never broadcasts: a typed @channel, or a literal <!channel> in a title or note, reaches nobody", async () => {
    // Typing @here in Slack sends <!here>; typing the characters "<!channel>" sends them escaped.
    await h.slash("declare P1 <!here> &lt;!channel&gt; the model is down for <!subteam^S0ONCALL|@oncall>");
    const { incident, channel } = await incidentChannel();
    expect(incident.title).toBe("@here <!channel> the model is down for @oncall");
    await h.slash("note &lt;!everyone&gt; &lt;@UALICE&gt; &lt;#C000001&gt; look", { channel });
    const parsed = mrkdwnSent();
    expect(parsed.length).toBeGreaterThan(20);
    for (const text of parsed) for (const ping of ["<!here", "<!channel", "<!everyone", "<!subteam", "<#C000001>"]) expect(text, ping).not.toContain(ping);
    // The one real mention is the person who wrote the note, not the one typed in it.
    expect(parsed).toContain("📝 <@UALICE>: &lt;!everyone&gt; &lt;@UALICE&gt; &lt;#C000001&gt; look");
    expect(parsed).toContain("Note: &lt;!everyone&gt; &lt;@UALICE&gt; &lt;#C000001&gt; look");
    expect(parsed.some((t) => t.includes("@here &lt;!channel&gt; the model is down for @oncall"))).toBe(true);
  });
});
