import type { Command } from "../commands/command.js";
import { type Inline, textMessage, type Message } from "../chat/message.js";
import { checklistMessage } from "../chat/views/checklist.js";
import {
  checklistOverview,
  helpMessage,
  listMessage,
  readinessMessage,
  rolesMessage,
  timelineMessage,
  verifyMessage,
} from "../chat/views/replies.js";
import { summaryMessage } from "../chat/views/summary.js";
import { toggleSteps } from "../checklists/toggle-steps.js";
import type { Ctx } from "../context.js";
import { ATTACK_VECTOR_INFO } from "../domain/attack-vector.js";
import { MILESTONE_LABELS, PHASE_LABELS } from "../domain/lifecycle.js";
import { ROLE_INFO } from "../domain/roles.js";
import { SEVERITY_LEVELS } from "../domain/severity.js";
import { formatUtc, parsePointInTime } from "../domain/time.js";
import { invalid } from "../errors.js";
import { addEvidence } from "../incidents/add-evidence.js";
import { addNote } from "../incidents/add-note.js";
import { changePhase } from "../incidents/change-phase.js";
import { changeSeverity } from "../incidents/change-severity.js";
import { changeVector } from "../incidents/change-vector.js";
import { declareIncident } from "../incidents/declare-incident.js";
import { markNotified } from "../incidents/mark-notified.js";
import { postUpdate } from "../incidents/post-update.js";
import { loadView, openIncidents } from "../incidents/queries.js";
import { recordRead, rememberMessage } from "../incidents/record.js";
import { setMilestone } from "../incidents/set-milestone.js";
import { incidentEvents } from "../incidents/timeline.js";
import { assignRole } from "../roles/assign-role.js";
import { unassignRole } from "../roles/unassign-role.js";
import { verifyLog } from "../store/log.js";
import type { IncidentRow } from "../store/schema.js";
import { openIncidentSpace } from "./open-space.js";
import { attempt, postToIncident, refreshIncident, type RefreshPlan } from "./refresh.js";
import { resolvePerson } from "./resolve-person.js";
import { handleTimerCommand } from "./timer-commands.js";
import type { Invocation, Outcome } from "./run-command.js";
import type { Runtime } from "./runtime.js";

/** Runs one parsed command. Verbs commit first; chat is brought up to date afterwards. */
export async function handleCommand(rt: Runtime, ctx: Ctx, inv: Invocation, command: Command, incident?: IncidentRow): Promise<Outcome> {
  switch (command.kind) {
    case "declare": {
      const now = rt.clock.now();
      const startedAt = command.started === undefined ? undefined : parsePointInTime(command.started, now);
      if (command.started !== undefined && !startedAt) {
        throw invalid(`\`--started ${command.started}\` is not a time I understand.`, 'Use now, 14:05 (UTC), "30m ago", "2h ago" or 2026-11-25T14:05Z.');
      }
      const declared = await declareIncident(ctx, { ...command, startedAt, origin: inv.space });
      const opened = await openIncidentSpace(rt, ctx, declared.incident.id, inv.port);
      const where: Message["blocks"][number] = opened.space
        ? { type: "text", text: ["Channel: ", opened.space.url ? { link: { url: opened.space.url, text: `#${opened.space.name}` } } : `#${opened.space.name}`] }
        : { type: "text", text: ["No channel yet."] };
      return reply(
        { text: `Declared ${declared.incident.humanId}`, blocks: [{ type: "text", text: [{ strong: `🚨 Declared ${declared.incident.humanId}` }, ` — ${declared.incident.severity} · ${declared.incident.title}`] }, where] },
        opened.problems,
        { incident: declared.incident, space: opened.space, ok: true },
      );
    }
    case "channel": {
      const opened = await openIncidentSpace(rt, ctx, incident!.id, inv.port);
      return reply(textMessage(opened.space ? `${incident!.humanId} lives in #${opened.space.name}.` : `${incident!.humanId} still has no channel.`), opened.problems, { ok: !!opened.space, incident, space: opened.space });
    }
    case "assign": {
      const person = await resolvePerson(inv, command.person);
      const result = await assignRole(ctx, { incidentId: incident!.id, role: command.role, slot: command.slot, person });
      const label = `${ROLE_INFO[command.role].label}${command.slot === "backup" ? " (backup)" : ""}`;
      if (!result.changed) return { ok: true, incident, reply: textMessage(`@${person.name} already is ${label}.`) };
      const problems = await refreshIncident(rt, ctx, incident!.id, { summary: true, topic: command.role === "commander" && command.slot === "primary" });
      const view = await loadView(rt.db, incident!.id);
      const port = view.incident.space ? rt.ports[view.incident.space.platform] : undefined;
      if (port && view.incident.space && person.platform === port.platform) {
        await port.invite(view.incident.space, [person]).catch((e: Error) => problems.push(`Could not invite @${person.name}: ${e.message}`));
      }
      const was: Inline[] = result.previous ? [" (was ", { person: result.previous }, ")"] : [];
      await announce(rt, ctx, incident!.id, { text: `${person.name} is now ${label}`, blocks: [{ type: "text", text: ["👤 ", { person }, ` is now ${label}`, ...was] }] }, problems);
      return reply(undefined, problems, { ok: true, incident });
    }
    case "unassign": {
      const result = await unassignRole(ctx, { incidentId: incident!.id, role: command.role, slot: command.slot });
      const problems = await refreshIncident(rt, ctx, incident!.id, { summary: true, topic: command.role === "commander" });
      const label = `${ROLE_INFO[command.role].label}${command.slot === "backup" ? " (backup)" : ""}`;
      await announce(rt, ctx, incident!.id, { text: `${label} is unfilled`, blocks: [{ type: "text", text: [`👤 ${label} is now unfilled (was `, { person: result.previous }, ")."] }] }, problems);
      return reply(undefined, problems, { ok: true, incident });
    }
    case "severity": {
      const result = await changeSeverity(ctx, { incidentId: incident!.id, severity: command.severity });
      const problems = await refreshIncident(rt, ctx, incident!.id, { summary: true, topic: true, sections: result.autoChecked.length ? ["triage"] : [], steps: result.autoChecked });
      if (result.changed) await announce(rt, ctx, incident!.id, textMessage(`🔺 Severity ${result.from} → ${result.to} (${SEVERITY_LEVELS[result.to].name}): ${SEVERITY_LEVELS[result.to].summary}`), problems);
      return reply(result.changed ? undefined : textMessage(`Severity stays ${result.to}.`), problems, { ok: true, incident });
    }
    case "vector": {
      const result = await changeVector(ctx, { incidentId: incident!.id, vector: command.vector });
      const problems = await refreshIncident(rt, ctx, incident!.id, { summary: true, sections: result.autoChecked.length ? ["triage"] : [], steps: result.autoChecked });
      const info = ATTACK_VECTOR_INFO[result.to];
      await announce(rt, ctx, incident!.id, textMessage(`🧭 Attack vector: ${info.label}. Investigate: ${info.focus.join(", ")}.`), problems);
      for (const key of result.attached) await postChecklist(rt, ctx, incident!.id, key, problems);
      return reply(undefined, problems, { ok: true, incident });
    }
    case "status":
      if (!command.phase) {
        await recordRead(ctx, "status", incident!.id);
        return { ok: true, incident, reply: summaryMessage(await loadView(rt.db, incident!.id)) };
      }
      return movePhase(rt, ctx, incident!, command.phase, "status");
    case "resolve":
      return movePhase(rt, ctx, incident!, "resolved", "resolve", command.resolution);
    case "close":
      return movePhase(rt, ctx, incident!, "closed", "close");
    case "check":
    case "uncheck": {
      const result = await toggleSteps(ctx, { incidentId: incident!.id, steps: command.steps, checked: command.kind === "check" });
      const problems = await refreshIncident(rt, ctx, incident!.id, refreshForSteps(result.sections, result.changed.map((s) => s.key)));
      const verb = command.kind === "check" ? "Checked" : "Unchecked";
      const changed = result.changed.map((s) => `${s.number}. ${s.text}`);
      const same = result.unchanged.map((s) => `${s.number}. ${s.text}`);
      const lines = [...(changed.length ? [`${verb}:`, ...changed] : []), ...(same.length ? [`Already ${command.kind === "check" ? "done" : "open"}:`, ...same] : [])];
      return reply(textMessage(lines.join("\n")), problems, { ok: true, incident });
    }
    case "checklist": {
      const view = await loadView(rt.db, incident!.id);
      const message = checklistOverview(view, command.section);
      await recordRead(ctx, "checklist", incident!.id, { section: command.section });
      return { ok: true, incident, reply: message };
    }
    case "roles": {
      await recordRead(ctx, "roles", incident!.id);
      return { ok: true, incident, reply: rolesMessage(await loadView(rt.db, incident!.id)) };
    }
    case "note": {
      const note = await addNote(ctx, { incidentId: incident!.id, text: command.text });
      const problems: string[] = [];
      await announce(rt, ctx, incident!.id, { text: `Note: ${note.text}`, blocks: [{ type: "text", text: ["📝 ", actorInline(ctx), `: ${note.text}`] }] }, problems);
      return reply(undefined, problems, { ok: true, incident });
    }
    case "evidence": {
      const row = await addEvidence(ctx, { incidentId: incident!.id, description: command.description, url: command.url });
      const problems = await refreshIncident(rt, ctx, incident!.id, { summary: true });
      await announce(
        rt,
        ctx,
        incident!.id,
        { text: `Evidence: ${row.description}`, blocks: [{ type: "text", text: ["🧾 Evidence from ", actorInline(ctx), `: ${row.description}`] }, { type: "context", text: [`SHA-256 ${row.sha256} · ${formatUtc(row.collectedAt)}`] }] },
        problems,
      );
      return reply(undefined, problems, { ok: true, incident });
    }
    case "notify": {
      if (command.audience === "regulator") return handleTimerCommand(rt, ctx, inv, command, incident);
      const result = await markNotified(ctx, { incidentId: incident!.id });
      const problems = await refreshIncident(rt, ctx, incident!.id, { summary: true, sections: result.autoChecked.length ? ["triage"] : [], steps: result.autoChecked });
      if (result.firstTime) await announce(rt, ctx, incident!.id, textMessage(`📣 Stakeholders notified at ${formatUtc(result.at)}.`), problems);
      return reply(result.firstTime ? undefined : textMessage(`Stakeholders were already marked notified at ${formatUtc(result.at)}; that first time is kept.`), problems, { ok: true, incident });
    }
    case "update": {
      const update = await postUpdate(ctx, { incidentId: incident!.id, text: command.text });
      const view = await loadView(rt.db, incident!.id);
      const problems: string[] = [];
      await postToIncident(
        rt,
        ctx,
        view,
        {
          text: `Status update: ${update.text}`,
          blocks: [
            { type: "header", text: `📢 Status update · ${view.incident.humanId}` },
            { type: "text", text: [update.text] },
            { type: "context", text: [`${view.incident.severity} · ${PHASE_LABELS[view.incident.phase as keyof typeof PHASE_LABELS]} · from `, actorInline(ctx), ` · ${formatUtc(update.at)}`] },
          ],
        },
        problems,
      );
      return reply(undefined, problems, { ok: true, incident });
    }
    case "milestone": {
      const at = parsePointInTime(command.at, rt.clock.now());
      if (!at) throw invalid(`\`${command.at}\` is not a time I understand.`, 'Use now, 14:05 (UTC), "30m ago" or 2026-11-25T14:05Z.');
      const result = await setMilestone(ctx, { incidentId: incident!.id, milestone: command.milestone as "started", at });
      const problems = await refreshIncident(rt, ctx, incident!.id, { summary: true });
      await announce(rt, ctx, incident!.id, textMessage(`🕑 ${MILESTONE_LABELS[result.milestone]}: ${formatUtc(result.at)}${result.previous ? ` (was ${formatUtc(result.previous)})` : ""}`), problems);
      return reply(undefined, problems, { ok: true, incident });
    }
    case "timeline": {
      const view = await loadView(rt.db, incident!.id);
      const events = await incidentEvents(rt.db, incident!.id);
      await recordRead(ctx, "timeline", incident!.id);
      return { ok: true, incident, reply: timelineMessage(view, events, rt.config.targets) };
    }
    case "list": {
      await recordRead(ctx, "list", incident?.id ?? null);
      return { ok: true, reply: listMessage(await openIncidents(rt.db), rt.clock.now()) };
    }
    case "verify": {
      const result = await verifyLog(rt.db);
      await recordRead(ctx, "verify", incident?.id ?? null, { ...result });
      return { ok: result.ok, reply: verifyMessage(result) };
    }
    case "readiness":
      await recordRead(ctx, "readiness", incident?.id ?? null);
      return { ok: true, reply: readinessMessage() };
    case "flag":
    case "snooze":
    case "dismiss":
    case "reminders":
    case "drill":
      return handleTimerCommand(rt, ctx, inv, command, incident);
    case "help": {
      const message = helpMessage(command.topic);
      await recordRead(ctx, "help", incident?.id ?? null, { topic: command.topic });
      return { ok: true, reply: message };
    }
  }
}

async function movePhase(rt: Runtime, ctx: Ctx, incident: IncidentRow, phase: Parameters<typeof changePhase>[1]["phase"], kind: string, resolution?: string): Promise<Outcome> {
  const result = await changePhase(ctx, { incidentId: incident.id, phase, resolution }, kind);
  const problems = await refreshIncident(rt, ctx, incident.id, { summary: true, topic: true });
  const stamped = result.stamped.length ? ` (${result.stamped.map((m) => MILESTONE_LABELS[m].toLowerCase()).join(", ")} at ${formatUtc(rt.clock.now())})` : "";
  await announce(rt, ctx, incident.id, textMessage(`➡️ Phase: ${PHASE_LABELS[result.from]} → ${PHASE_LABELS[result.to]}${stamped}${resolution ? `. Resolution: ${resolution}` : ""}`), problems);
  return reply(undefined, problems, { ok: true, incident });
}

export function refreshForSteps(sections: string[], steps: string[]): RefreshPlan {
  return { summary: true, sections, steps };
}

/** Posts a newly attached checklist and remembers it, so later toggles update it in place. */
async function postChecklist(rt: Runtime, ctx: Ctx, incidentId: string, key: string, problems: string[]) {
  const view = await loadView(rt.db, incidentId);
  const space = view.incident.space;
  const port = space ? rt.ports[space.platform] : undefined;
  if (!space || !port) return;
  await attempt(ctx, incidentId, `post checklist:${key}`, problems, async () => {
    const ref = await port.post(space, checklistMessage(view, key));
    await rememberMessage(rt.db, incidentId, port.platform, `checklist:${key}`, ref, rt.clock.now());
  });
}

export async function announce(rt: Runtime, ctx: Ctx, incidentId: string, message: Message, problems: string[]) {
  await postToIncident(rt, ctx, await loadView(rt.db, incidentId), message, problems);
}

function actorInline(ctx: Ctx) {
  return ctx.actor.kind === "system" ? "Firebreak" : { person: { platform: ctx.actor.kind, id: ctx.actor.userId, name: ctx.actor.name } };
}

/** Combines a private reply with any chat problems so the person always hears about them. */
export function reply(message: Message | undefined, problems: string[], rest: Omit<Outcome, "reply">): Outcome {
  if (!problems.length) return { ...rest, reply: message };
  const warning: Message["blocks"][number] = { type: "text", text: [{ strong: "⚠ " }, problems.join("\n")] };
  return { ...rest, reply: message ? { text: message.text, blocks: [...message.blocks, warning] } : { text: problems.join("\n"), blocks: [warning] } };
}
