import type { App, BlockAction, ButtonAction, SlashCommand, ViewSubmitAction } from "@slack/bolt";
import type { KnownBlock, ModalView } from "@slack/types";
import {
  busyMessage,
  executeCommand,
  incidentById,
  incidentInSpace,
  type IncidentRow,
  isBareCommand,
  logInteraction,
  type Message,
  WRITEUP_FIELDS,
  WRITEUP_FORM_ACTION,
  WRITEUP_LABELS,
  type WriteupField,
  writeupFields,
} from "../../../src/core.js";
import { actorPerson, sayBusy, slackActor, slackSpace, type SlackDeps } from "../context.js";
import { LIMITS } from "../render/limits.js";
import { clipPlain, escapeMrkdwn } from "../render/text.js";
import { openModal } from "./open-modal.js";

export const WRITEUP_MODAL = "firebreak.writeup";
const VALUE = "value";
/** The grammar's limit for one field (src/security/text-limits.ts), as Slack's input limit. */
const FIELD_MAX = 5000;

const HINTS: Record<WriteupField, string> = {
  "root-cause": "The vulnerability or gap that let it happen.",
  "contributing-factors": "What made it worse or slower to handle.",
  "detection-gap": "Why it was not caught sooner, and what would catch it.",
  impact: "Who and what was affected, and how much.",
  "lessons-learned": "What the team will do differently.",
};

interface WriteupContext {
  incidentId: string;
  channelId?: string;
}

/** The write-up form: one box per field, filled with what is written so far. */
export function writeupModal(incident: Pick<IncidentRow, "humanId">, current: Partial<Record<WriteupField, string>>, context: WriteupContext): ModalView {
  const blocks: KnownBlock[] = [
    { type: "context", elements: [{ type: "mrkdwn", text: escapeMrkdwn(`${incident.humanId} · blameless: describe systems and decisions, not people. Empty a box to clear it.`) }] },
    ...WRITEUP_FIELDS.map(
      (field): KnownBlock => ({
        type: "input",
        block_id: field,
        optional: true,
        label: { type: "plain_text", text: WRITEUP_LABELS[field] },
        hint: { type: "plain_text", text: HINTS[field] },
        element: { type: "plain_text_input", action_id: VALUE, multiline: true, max_length: FIELD_MAX, ...(current[field] ? { initial_value: current[field]!.slice(0, FIELD_MAX) } : {}) },
      }),
    ),
  ];
  return {
    type: "modal",
    callback_id: WRITEUP_MODAL,
    title: { type: "plain_text", text: clipPlain("Post-incident write-up", LIMITS.modalTitle) },
    submit: { type: "plain_text", text: "Save" },
    close: { type: "plain_text", text: "Cancel" },
    private_metadata: JSON.stringify(context),
    blocks,
  };
}

async function openFor(deps: SlackDeps, input: { triggerId: string; incident: IncidentRow; userId: string; userName?: string; teamId?: string; channelId?: string; text: string }): Promise<void> {
  const current = await writeupFields(deps.rt, input.incident.id);
  const actor = slackActor(input.teamId, input.userId, input.userName);
  await openModal(deps, {
    triggerId: input.triggerId,
    view: writeupModal(input.incident, current, { incidentId: input.incident.id, channelId: input.channelId }),
    actor,
    text: input.text,
    incidentId: input.incident.id,
    modal: "writeup",
    replyIn: slackSpace(input.channelId),
  });
}

/**
 * `/incident writeup` alone in an incident channel opens the form (with an incident id first, or
 * elsewhere, the core answers with the write-up and its "Edit write-up" button). True if handled.
 */
export async function writeupFromSlash(deps: SlackDeps, command: SlashCommand, typed: string, busy?: () => Promise<unknown>): Promise<boolean> {
  if (!isBareCommand(typed, "writeup")) return false;
  const incident = await incidentInSpace(deps.rt, { id: command.channel_id, platform: "slack" });
  if (!incident) return false;
  await deps.work.run("open the write-up form", () =>
    openFor(deps, { triggerId: command.trigger_id, incident, userId: command.user_id, userName: command.user_name, teamId: command.team_id, channelId: command.channel_id, text: `${deps.command} ${typed.trim()}` }),
    busy,
  );
  return true;
}

/** The "Edit write-up" button (on the `writeup` answer, on App Home) and the form's submission. */
export function registerWriteup(app: App, deps: SlackDeps): void {
  app.action<BlockAction<ButtonAction>>({ type: "block_actions", action_id: WRITEUP_FORM_ACTION }, async ({ ack, body, action, respond }) => {
    await ack();
    await deps.work.run("write-up button", async () => {
      const actor = slackActor(body.team?.id ?? body.user.team_id, body.user.id, body.user.username ?? body.user.name);
      const channelId = body.channel?.id ?? body.container?.channel_id;
      const incident = action.value ? await incidentById(deps.rt, action.value) : undefined;
      if (!incident) {
        await logInteraction(deps.rt, actor, { text: `[button] ${WRITEUP_FORM_ACTION}`, kind: "modal.open", outcome: "rejected", reason: "The button names no incident that exists.", payload: { modal: "writeup", value: action.value } });
        return;
      }
      await openFor(deps, { triggerId: body.trigger_id, incident, userId: body.user.id, userName: actor.name, teamId: actor.teamId, channelId, text: `[button] ${WRITEUP_FORM_ACTION}` });
    }, sayBusy(respond));
  });

  app.view<ViewSubmitAction>(WRITEUP_MODAL, async ({ ack, body, view }) => {
    // Too much waiting already: the form stays open and says so; nothing is lost.
    if (deps.work.full) {
      deps.work.turnAway("write-up form");
      await ack({ response_action: "errors", errors: { [WRITEUP_FIELDS[0]]: busyMessage().text } });
      return;
    }
    await ack();
    const context = parseContext(view.private_metadata);
    if (!context) return;
    await deps.work.run("write-up form", async () => {
      const actor = slackActor(body.team?.id ?? body.user.team_id, body.user.id, body.user.name);
      const current = await writeupFields(deps.rt, context.incidentId);
      const replies: Message[] = [];
      // One command per changed field, each its own delivery: a resent submission changes nothing twice.
      for (const field of WRITEUP_FIELDS) {
        const typed = view.state.values[field]?.[VALUE]?.value?.trim() ?? "";
        if (typed === (current[field] ?? "")) continue;
        const outcome = await executeCommand(
          deps.rt,
          { actor, port: deps.port, space: slackSpace(context.channelId), delivery: `slack:view:${view.id}:${view.hash}:${field}` },
          { kind: "writeup", field, text: typed },
          { incidentId: context.incidentId, logText: `[modal] writeup ${field}` },
        );
        if (outcome.reply) replies.push(outcome.reply);
      }
      const message: Message = replies.length ? { text: replies.map((r) => r.text).join("\n"), blocks: replies.flatMap((r) => r.blocks) } : { text: "Nothing changed.", blocks: [{ type: "text", text: ["Nothing in the write-up changed."] }] };
      await deps.port.replyPrivately({ space: slackSpace(context.channelId), person: actorPerson(actor) }, message);
    });
  });
}

function parseContext(metadata: string | undefined): WriteupContext | undefined {
  try {
    const parsed = JSON.parse(metadata || "{}") as Partial<WriteupContext>;
    return typeof parsed.incidentId === "string" ? { incidentId: parsed.incidentId, channelId: parsed.channelId } : undefined;
  } catch {
    return undefined;
  }
}
