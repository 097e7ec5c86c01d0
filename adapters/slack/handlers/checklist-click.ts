import type { App, BlockAction, CheckboxesAction } from "@slack/bolt";
import { type Message, pressCheckbox } from "../../../src/core.js";
import { actorPerson, sayBusy, slackActor, slackSpace, type SlackDeps } from "../context.js";
import { CHECKLIST_ACTION, parseChecklistBlockId } from "../render/ids.js";

interface PostedBlock {
  block_id?: string;
  elements?: { action_id?: string; initial_options?: { value?: string }[] }[];
}

/** The boxes that were ticked in the message this person clicked, as Slack delivered it. */
export function initialSelection(message: { blocks?: PostedBlock[] } | undefined, blockId: string): Set<string> | undefined {
  const block = message?.blocks?.find((b) => b.block_id === blockId);
  const element = block?.elements?.find((e) => e.action_id === CHECKLIST_ACTION);
  if (!element) return undefined;
  return new Set((element.initial_options ?? []).map((o) => o.value!).filter(Boolean));
}

/**
 * A checkbox click. Slack sends the element's new selection; the message still carries the
 * selection it was drawn with, so the difference is exactly what this person toggled. Each
 * toggle goes to the core, whose conditional write makes repeats and races harmless; the core
 * then redraws the message for everyone.
 */
export function registerChecklistClicks(app: App, deps: SlackDeps): void {
  app.action<BlockAction<CheckboxesAction>>({ type: "block_actions", action_id: CHECKLIST_ACTION }, async ({ ack, body, action, respond }) => {
    await ack();
    await deps.work.run("checklist click", async () => {
      const actor = slackActor(body.team?.id ?? body.user.team_id, body.user.id, body.user.username ?? body.user.name);
      const target = parseChecklistBlockId(action.block_id);
      const initial = initialSelection(body.message as { blocks?: PostedBlock[] } | undefined, action.block_id);
      const replyIn = slackSpace(body.channel?.id ?? body.container?.channel_id);
      const tell = (message: Message) => deps.port.replyPrivately({ space: replyIn, person: actorPerson(actor) }, message);
      if (!target || !initial) {
        deps.logger.warn({ blockId: action.block_id }, "a checkbox click Firebreak cannot route");
        await tell({ text: "That checklist is out of date.", blocks: [{ type: "text", text: ["⚠ That checklist is out of date; use the one in the incident channel, or `/incident check <number>`."] }] });
        return;
      }
      const selected = new Set(action.selected_options.map((o) => o.value!).filter(Boolean));
      const toggles = [...[...selected].filter((k) => !initial.has(k)).map((key) => ({ key, checked: true })), ...[...initial].filter((k) => !selected.has(k)).map((key) => ({ key, checked: false }))];
      for (const toggle of toggles) {
        // Each box is its own delivery: the same click resent toggles nothing twice.
        const delivery = `slack:checkbox:${body.container?.message_ts ?? body.message?.ts ?? ""}:${action.action_ts}:${toggle.key}`;
        const outcome = await pressCheckbox(deps.rt, { actor, incidentId: target.incidentId, stepKey: toggle.key, checked: toggle.checked, port: deps.port, delivery });
        if (outcome.reply) await tell(outcome.reply);
      }
    }, sayBusy(respond));
  });
}
