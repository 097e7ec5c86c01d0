import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { checklistSteps, incidentLog, incidents, postedMessages, roleAssignments } from "../../src/store/schema.js";
import { alice, blockActions, bob, generalChannel, sign, type SlackHarness, useSlackHarness, viewSubmission } from "./harness.js";

const suite = useSlackHarness();
let h: SlackHarness;
beforeEach(() => {
  h = suite.h;
});

async function declare(text = "declare P2 prompt-injection Support bot leaks its system prompt") {
  await h.slash(text);
  const [incident] = await h.db.db.select().from(incidents);
  const channel = incident!.space!.id;
  return { incident: incident!, channel };
}

/** The posted message (as Slack now holds it) for one of the incident's purposes. */
async function postedFor(incidentId: string, purpose: string) {
  const [row] = await h.db.db.select().from(postedMessages).where(and(eq(postedMessages.incidentId, incidentId), eq(postedMessages.purpose, purpose)));
  return h.fake.message(row!.spaceId, row!.messageId)!;
}

function checkboxBlocks(message: { blocks?: any[] } | Record<string, any>): any[] {
  return (message.blocks as any[]).filter((b) => b.type === "actions" && b.elements[0].type === "checkboxes");
}

/** Clicks one box in a posted checklist message, the way Slack reports it. */
function clickPayload(channel: string, message: { ts: string; blocks: any[] }, value: string, user = alice) {
  const block = checkboxBlocks(message).find((b) => b.elements[0].options.some((o: any) => o.value === value))!;
  const element = block.elements[0];
  const before = (element.initial_options ?? []).map((o: any) => o.value);
  const after = before.includes(value) ? before.filter((v: string) => v !== value) : [...before, value];
  const selected = element.options.filter((o: any) => after.includes(o.value));
  return blockActions({ user, channel, message, actions: [{ type: "checkboxes", action_id: element.action_id, block_id: block.block_id, selected_options: selected }] });
}

const logRows = async () => h.db.db.select().from(incidentLog).orderBy(incidentLog.seq);

describe("request verification", () => {
  it("refuses a forged signature with 401 and changes nothing", async () => {
    const body = new URLSearchParams({ command: "/incident", text: "declare P1 Forged", user_id: "UALICE", user_name: "alice", channel_id: "C1", team_id: "T0TEAM", response_url: h.fake.responseUrl(), trigger_id: "t" }).toString();
    const res = await h.post(body, { signature: sign(body, Math.floor(Date.now() / 1000), "not-the-signing-secret") });
    expect(res.status).toBe(401);
    expect(h.fake.calls).toHaveLength(0);
    expect(await h.db.db.$count(incidents)).toBe(0);
    expect(await h.db.db.$count(incidentLog)).toBe(0);
  });

  it("refuses a correctly signed request with a stale timestamp (replay)", async () => {
    const body = new URLSearchParams({ command: "/incident", text: "declare P1 Replayed", user_id: "UALICE", user_name: "alice", channel_id: "C1", team_id: "T0TEAM", response_url: h.fake.responseUrl(), trigger_id: "t" }).toString();
    const stale = Math.floor(Date.now() / 1000) - 10 * 60;
    const res = await h.post(body, { timestamp: stale, signature: sign(body, stale) });
    expect(res.status).toBe(401);
    expect(h.fake.calls).toHaveLength(0);
    expect(await h.db.db.$count(incidentLog)).toBe(0);
  });

  it("refuses a body changed after signing", async () => {
    const body = new URLSearchParams({ command: "/incident", text: "help", user_id: "UALICE", user_name: "alice", channel_id: "C1", team_id: "T0TEAM" }).toString();
    const ts = Math.floor(Date.now() / 1000);
    const res = await h.post(body.replace("help", "list"), { timestamp: ts, signature: sign(body, ts) });
    expect(res.status).toBe(401);
  });
});

describe("checklist checkboxes", () => {
  it("records a click with who and when, and updates the message for everyone", async () => {
    const { incident, channel } = await declare();
    h.rt.clock.set("2026-11-25T14:05:00Z");
    const message = await postedFor(incident.id, "phase:triage");
    const updatesBefore = h.fake.callsTo("chat.update").length;
    const res = await h.interact(clickPayload(channel, message, "triage.scope"));
    expect(res.status).toBe(200);

    const [step] = await h.db.db.select().from(checklistSteps).where(and(eq(checklistSteps.incidentId, incident.id), eq(checklistSteps.stepKey, "triage.scope")));
    expect(step).toMatchObject({ checked: true, changedBy: { kind: "slack", userId: "UALICE", name: "alice" } });
    expect(step!.changedAt.toISOString()).toBe("2026-11-25T14:05:00.000Z");

    // The checklist message was redrawn in place: the box is in initial_options, signed and timed.
    const updates = h.fake.callsTo("chat.update").slice(updatesBefore);
    const own = updates.find((u) => u.args.ts === message.ts)!;
    expect(own.args.channel).toBe(channel);
    const option = checkboxBlocks(own.args).flatMap((b: any) => b.elements[0].initial_options ?? []).find((o: any) => o.value === "triage.scope");
    expect(option.description.text).toBe("✓ @alice <!date^1795615500^{time}|14:05 UTC>");
    // The pinned summary's progress moved too.
    const summary = await postedFor(incident.id, "summary");
    expect(updates.some((u) => u.args.ts === summary.ts)).toBe(true);

    const checks = (await logRows()).filter((r) => r.kind === "check");
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({ outcome: "ok", actorId: "UALICE", text: "[checkbox] check triage.scope" });
  });

  it("turns a duplicate delivery of the same click into one change and one log row", async () => {
    const { incident, channel } = await declare();
    const message = await postedFor(incident.id, "phase:triage");
    const payload = clickPayload(channel, structuredClone(message), "evidence.logs");
    await h.interact(payload);
    const updatesAfterFirst = h.fake.callsTo("chat.update").length;
    await h.interact(payload);
    const checks = (await logRows()).filter((r) => r.kind === "check");
    expect(checks).toHaveLength(1);
    expect(h.fake.callsTo("chat.update")).toHaveLength(updatesAfterFirst);
    const rows = await h.db.db.select().from(checklistSteps).where(eq(checklistSteps.stepKey, "evidence.logs"));
    expect(rows).toEqual([expect.objectContaining({ checked: true })]);
  });

  it("settles two people clicking the same box at once into one change", async () => {
    const { incident, channel } = await declare();
    const message = await postedFor(incident.id, "phase:triage");
    const a = clickPayload(channel, structuredClone(message), "evidence.inputs", alice);
    const b = clickPayload(channel, structuredClone(message), "evidence.inputs", bob);
    await Promise.all([h.interact(a), h.interact(b)]);
    const checks = (await logRows()).filter((r) => r.kind === "check");
    expect(checks).toHaveLength(1);
    const [row] = await h.db.db.select().from(checklistSteps).where(eq(checklistSteps.stepKey, "evidence.inputs"));
    expect(row!.checked).toBe(true);
  });

  it("unchecks a box someone clears", async () => {
    const { incident, channel } = await declare();
    const before = await postedFor(incident.id, "phase:triage");
    await h.interact(clickPayload(channel, structuredClone(before), "triage.severity"));
    const [row] = await h.db.db.select().from(checklistSteps).where(eq(checklistSteps.stepKey, "triage.severity"));
    expect(row!.checked).toBe(false);
    const after = await postedFor(incident.id, "phase:triage");
    const still = checkboxBlocks(after).flatMap((b: any) => b.elements[0].initial_options ?? []).map((o: any) => o.value);
    expect(still).toEqual(["triage.vector"]);
    expect((await logRows()).filter((r) => r.kind === "uncheck")).toHaveLength(1);
  });

  it("keeps the check when Slack refuses the redraw, logs it and tells the commander once", async () => {
    const { incident, channel } = await declare();
    const message = await postedFor(incident.id, "phase:triage");
    h.fake.fail("chat.update", "is_archived", 2);
    await h.interact(clickPayload(channel, message, "triage.scope"), { wait: 1 });
    const [row] = await h.db.db.select().from(checklistSteps).where(eq(checklistSteps.stepKey, "triage.scope"));
    expect(row!.checked).toBe(true);
    const failed = (await logRows()).filter((r) => r.kind === "effect.failed");
    expect(failed.map((r) => r.reason)).toEqual([expect.stringContaining("Slack refused chat.update: is_archived (the channel is archived"), expect.stringContaining("is_archived")]);
    // One private message to the commander for the episode, not one per refused update.
    const dms = h.fake.callsTo("chat.postMessage").filter((c) => c.args.channel === "UALICE");
    expect(dms).toHaveLength(1);
    expect(dms[0]!.args.text).toContain("could not update a message in the incident channel for INC-2026-0001");
  });
});

describe("the declare modal", () => {
  it("opens from `/incident declare` with the trigger id, commander defaulting to the declarer", async () => {
    const res = await h.slash("declare");
    expect(res.status).toBe(200);
    const open = h.fake.callsTo("views.open");
    expect(open).toHaveLength(1);
    expect(open[0]!.args.trigger_id).toMatch(/^trigger\./);
    const view = open[0]!.args.view;
    expect(view.callback_id).toBe("firebreak.declare");
    const blocks = Object.fromEntries(view.blocks.map((b: any) => [b.block_id, b]));
    expect(Object.keys(blocks)).toEqual(["title", "severity", "vector", "source", "started", "description", "private", "commander"]);
    expect(blocks.commander.element).toMatchObject({ type: "users_select", initial_user: "UALICE" });
    expect(blocks.severity.element.options[0]).toMatchObject({ value: "P1", text: { text: "P1 — Critical" } });
    expect(blocks.severity.element.options[0].description.text.length).toBeLessThanOrEqual(75);
    expect(blocks.private.element.options[0].text.text).toBe("Sensitive: private channel");
    expect(JSON.parse(view.private_metadata)).toMatchObject({ channelId: generalChannel(h).id });
    expect(await h.db.db.$count(incidents)).toBe(0);
    expect((await logRows()).map((r) => `${r.kind}:${r.outcome}`)).toEqual(["modal.open:ok"]);
  });

  it("opens from `/incident declare P1 prompt injection --private` with those filled in, and nothing declared", async () => {
    await h.slash("declare P1 prompt injection --private");
    const view = h.fake.callsTo("views.open")[0]!.args.view;
    const blocks = Object.fromEntries(view.blocks.map((b: any) => [b.block_id, b]));
    expect(blocks.severity.element.initial_option).toEqual(blocks.severity.element.options[0]);
    expect(blocks.severity.element.initial_option.value).toBe("P1");
    expect(blocks.vector.element.initial_option.value).toBe("prompt-injection");
    expect(blocks.private.element.initial_options).toEqual([blocks.private.element.options[0]]);
    expect(blocks.title.element.initial_value).toBeUndefined();
    expect(await h.db.db.$count(incidents)).toBe(0);
    // A mistake is not a form: the usage comes back.
    await h.slash("declare P7");
    expect(h.fake.callsTo("views.open")).toHaveLength(1);
    expect(h.lastResponse().text).toContain("“P7” is not a severity: did you mean P1–P4?");
  });

  it("shows the field error in the modal when the title is missing", async () => {
    await h.slash("declare");
    const view = h.fake.callsTo("views.open")[0]!.args.view;
    const res = await h.interact(viewSubmission({ view, values: { title: { value: { type: "plain_text_input", value: "   " } }, commander: { value: { type: "users_select", selected_user: "UALICE" } } } }));
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ response_action: "errors", errors: { title: "Give the incident a title: what users or systems are seeing." } });
    expect(await h.db.db.$count(incidents)).toBe(0);
    expect((await logRows()).at(-1)).toMatchObject({ kind: "declare", outcome: "rejected", text: "[modal] declare" });
  });

  it("declares from the form, hands command to the picked commander and answers privately", async () => {
    await h.slash("declare");
    const view = h.fake.callsTo("views.open")[0]!.args.view;
    const res = await h.interact(
      viewSubmission({
        view,
        values: {
          title: { value: { type: "plain_text_input", value: "Insider copied training data" } },
          severity: { value: { type: "radio_buttons", selected_option: { value: "P2" } } },
          vector: { value: { type: "static_select", selected_option: { value: "data-poisoning" } } },
          source: { value: { type: "static_select", selected_option: { value: "audit" } } },
          started: { value: { type: "datetimepicker", selected_date_time: Date.parse("2026-11-25T12:00:00Z") / 1000 } },
          description: { value: { type: "plain_text_input", value: "Audit found a bulk export." } },
          private: { value: { type: "checkboxes", selected_options: [{ value: "private" }] } },
          commander: { value: { type: "users_select", selected_user: "UBOB" } },
        },
      }),
    );
    expect(res.status).toBe(200);
    expect(res.text).toBe("");
    const [incident] = await h.db.db.select().from(incidents);
    expect(incident).toMatchObject({ title: "Insider copied training data", severity: "P2", vector: "data-poisoning", detectionSource: "audit", isPrivate: true, description: "Audit found a bulk export." });
    expect(incident!.startedAt!.toISOString()).toBe("2026-11-25T12:00:00.000Z");
    expect(h.fake.callsTo("conversations.create")[0]!.args).toMatchObject({ is_private: "true" });
    const commanders = await h.db.db.select().from(roleAssignments).where(and(eq(roleAssignments.role, "commander"), eq(roleAssignments.slot, "primary")));
    expect(commanders.find((r) => !r.endedAt)!.person).toEqual({ platform: "slack", id: "UBOB", name: "bob" });
    expect(h.fake.callsTo("conversations.setTopic").at(-1)!.args.topic).toBe("P2 · Detection & triage · IC @bob · INC-2026-0001");
    const reply = h.fake.callsTo("chat.postEphemeral").at(-1)!;
    expect(reply.args).toMatchObject({ channel: generalChannel(h).id, user: "UALICE" });
    expect(reply.args.text).toContain("Declared INC-2026-0001");
    // One change: bob leads it from the start (he is invited with alice, who declared it).
    const rows = await logRows();
    expect(rows.map((r) => `${r.kind}:${r.outcome}:${r.text}`)).toEqual(["modal.open:ok:/incident declare", "declare:ok:[modal] declare", "space.created:ok:null"]);
    expect(rows[1]!.payload.commander).toEqual({ platform: "slack", id: "UBOB", name: "bob" });
    expect(h.fake.callsTo("conversations.invite")[0]!.args.users.split(",").sort()).toEqual(["UALICE", "UBOB"]);
  });
});

describe("summary buttons", () => {
  async function pressButton(actionId: string) {
    const { incident, channel } = await declare();
    const summary = await postedFor(incident.id, "summary");
    const button = summary.blocks.find((b) => b.type === "actions").elements.find((e: any) => e.action_id === actionId);
    await h.interact(blockActions({ channel, message: summary, actions: [{ type: "button", action_id: actionId, block_id: "b", value: button.value, text: button.text }] }));
    const view = h.fake.callsTo("views.open").at(-1)!.args.view;
    return { incident, channel, view };
  }

  it("Roles opens a picker per role and slot; saving assigns, invites and updates topic and summary", async () => {
    const { incident, channel, view } = await pressButton("roles.open");
    expect(view.callback_id).toBe("firebreak.roles");
    const picker = view.blocks.find((b: any) => b.block_id === "role|commander|primary");
    expect(picker.element.initial_user).toBe("UALICE");
    const updates = h.fake.callsTo("chat.update").length;
    await h.interact(
      viewSubmission({
        view,
        values: {
          "role|commander|primary": { value: { type: "users_select", selected_user: "UALICE" } },
          "role|tech-lead|primary": { value: { type: "users_select", selected_user: "UBOB" } },
          "role|comms-lead|backup": { value: { type: "users_select", selected_user: "UCAROL" } },
        },
      }),
    );
    const current = await h.db.db.select().from(roleAssignments).where(eq(roleAssignments.incidentId, incident.id));
    const held = current.filter((r) => !r.endedAt).map((r) => `${r.role}/${r.slot}=${r.person.id}`).sort();
    expect(held).toEqual(["commander/primary=UALICE", "comms-lead/backup=UCAROL", "tech-lead/primary=UBOB"]);
    expect(h.fake.channels.get(channel)!.members.has("UBOB")).toBe(true);
    expect(h.fake.channels.get(channel)!.members.has("UCAROL")).toBe(true);
    const summary = await postedFor(incident.id, "summary");
    expect(h.fake.callsTo("chat.update").slice(updates).some((u) => u.args.ts === summary.ts)).toBe(true);
    expect(JSON.stringify(summary.blocks)).toContain("<@UBOB>");
  });

  it("Change severity runs `severity` and re-tops the channel", async () => {
    const { incident, view } = await pressButton("severity.open");
    expect(view.callback_id).toBe("firebreak.severity");
    await h.interact(viewSubmission({ view, values: { severity: { value: { type: "radio_buttons", selected_option: { value: "P1" } } } } }));
    const [after] = await h.db.db.select().from(incidents).where(eq(incidents.id, incident.id));
    expect(after!.severity).toBe("P1");
    expect(h.fake.callsTo("conversations.setTopic").at(-1)!.args.topic).toBe("P1 · Detection & triage · IC @alice · INC-2026-0001");
    expect((await logRows()).map((r) => `${r.kind}:${r.text}`)).toContain("severity:[modal] severity");
  });

  it("Change phase offers only legal moves and runs `status`", async () => {
    const { incident, view } = await pressButton("phase.open");
    const options = view.blocks.find((b: any) => b.block_id === "phase").element.options.map((o: any) => o.value);
    expect(options).toEqual(["containment", "investigation", "resolved"]);
    await h.interact(viewSubmission({ view, values: { phase: { value: { type: "static_select", selected_option: { value: "containment" } } } } }));
    const [after] = await h.db.db.select().from(incidents).where(eq(incidents.id, incident.id));
    expect(after!.phase).toBe("containment");
  });

  it("Post update posts into the channel and refuses an empty update inside the modal", async () => {
    const { channel, view } = await pressButton("update.open");
    const empty = await h.interact(viewSubmission({ view, values: { text: { value: { type: "plain_text_input", value: " " } } } }), { wait: 0 });
    expect(empty.json).toEqual({ response_action: "errors", errors: { text: "Write the update first." } });
    await h.interact(viewSubmission({ view, values: { text: { value: { type: "plain_text_input", value: "Filter deployed; watching." } } } }));
    const posted = h.fake.callsTo("chat.postMessage").at(-1)!;
    expect(posted.args.channel).toBe(channel);
    expect(posted.args.blocks[0].text.text).toBe("📢 Status update · INC-2026-0001");
    expect((await logRows()).map((r) => `${r.kind}:${r.text}`)).toContain("update:[modal] update");
  });

  it("logs each button press", async () => {
    await pressButton("roles.open");
    expect((await logRows()).at(-1)).toMatchObject({ kind: "modal.open", outcome: "ok", text: "[button] roles.open" });
  });
});

describe("commands inside and outside incident channels", () => {
  it("acts on the channel's incident and accepts Slack's escaped mention", async () => {
    const { incident, channel } = await declare();
    const here = { id: channel, name: incident.spaceName! };
    await h.slash("assign tech-lead <@UBOB|bob>", { channel: here });
    expect(h.fake.callsTo("users.info").at(-1)!.args.user).toBe("UBOB");
    const roles = await h.db.db.select().from(roleAssignments).where(and(eq(roleAssignments.incidentId, incident.id), eq(roleAssignments.role, "tech-lead")));
    expect(roles[0]!.person).toEqual({ platform: "slack", id: "UBOB", name: "bob" });
    expect(h.fake.channels.get(channel)!.members.has("UBOB")).toBe(true);
    const announcement = h.fake.callsTo("chat.postMessage").at(-1)!;
    expect(announcement.args.blocks[0].text.text).toBe("👤 <@UBOB> is now Technical lead");
  });

  it("finds a plain @name through users.list", async () => {
    const { incident, channel } = await declare();
    await h.slash("assign comms-lead backup @carol", { channel: { id: channel, name: incident.spaceName! } });
    const roles = await h.db.db.select().from(roleAssignments).where(eq(roleAssignments.role, "comms-lead"));
    expect(roles[0]!.person).toMatchObject({ id: "UCAROL", name: "carol" });
    expect(h.fake.callsTo("users.list").length).toBeGreaterThan(1);
  });

  it("outside an incident channel, lists the open incident channels", async () => {
    const { incident } = await declare();
    await h.slash("roles");
    const reply = JSON.stringify(h.lastResponse());
    expect(reply).toContain("`/incident roles` needs an incident, and this is not an incident channel.");
    expect(reply).toContain(`INC-2026-0001 (#${incident.spaceName})`);
  });

  it("answers a usage error privately with the usage", async () => {
    await h.slash("assign captain @alice");
    const reply = h.lastResponse();
    expect(reply.response_type).toBe("ephemeral");
    expect(JSON.stringify(reply.blocks)).toContain("assign &lt;role&gt; [backup] &lt;@person|me&gt;");
  });
});

describe("App Home", () => {
  it("publishes open incidents and the user's own open tasks", async () => {
    const { incident, channel } = await declare();
    h.rt.clock.set("2026-11-25T15:30:00Z");
    const res = await h.event({ type: "app_home_opened", user: "UALICE", channel: "D1", tab: "home", event_ts: "1.1" });
    expect(res.status).toBe(200);
    const publish = h.fake.callsTo("views.publish").at(-1)!;
    expect(publish.args.user_id).toBe("UALICE");
    const text = JSON.stringify(publish.args.view.blocks);
    expect(publish.args.view.type).toBe("home");
    expect(text).toContain(`<#${channel}>`);
    expect(text).toContain("INC-2026-0001 · Support bot leaks its system prompt");
    expect(text).toContain("*P2* · Detection &amp; triage · 1h 30m old · IC <@UALICE> · checklist 2/");
    expect(text).toContain("Your open tasks");
    expect(text).toContain("as incident commander");
    expect(text).toContain("⬜ 1. Confirm it is real, not a false positive");
    expect(publish.args.view.blocks.length).toBeLessThanOrEqual(100);
    void incident;
  });

  it("opens the declare form from the Home tab's button", async () => {
    await h.event({ type: "app_home_opened", user: "UBOB", channel: "D2", tab: "home", event_ts: "1.3" });
    const home = h.fake.callsTo("views.publish").at(-1)!.args.view;
    const button = home.blocks.find((b: any) => b.type === "actions").elements[0];
    await h.interact({ ...blockActions({ user: bob, channel: "D2", message: { ts: "1.0", blocks: [] }, actions: [{ type: "button", action_id: button.action_id, block_id: "home" }] }), container: { type: "view", view_id: "V1" }, channel: undefined, message: undefined });
    const open = h.fake.callsTo("views.open").at(-1)!.args.view;
    expect(open.callback_id).toBe("firebreak.declare");
    expect(open.blocks.find((b: any) => b.block_id === "commander").element.initial_user).toBe("UBOB");
  });

  it("tells someone without a role that they have no tasks", async () => {
    await declare();
    await h.event({ type: "app_home_opened", user: "UBOB", channel: "D2", tab: "home", event_ts: "1.2" });
    expect(JSON.stringify(h.fake.callsTo("views.publish").at(-1)!.args.view.blocks)).toContain("You hold no role on an open incident.");
  });
});

describe("/healthz", () => {
  it("answers 200 when the database answers", async () => {
    const res = await fetch(`${h.server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, database: "reachable" });
  });
});
