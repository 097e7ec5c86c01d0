import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import { type Message, NUDGE_ACTIONS, pressNudgeButton, textMessage } from "../../../src/core.js";
import { actorPerson, sayBusy, slackActor, slackSpace, type SlackDeps } from "../context.js";

/**
 * Snooze and Done on a reminder's nudge. The button's value is the reminder id; the core checks
 * it, runs the same `snooze` / `dismiss` a person could type and logs the press either way.
 */
export function registerNudgeButtons(app: App, deps: SlackDeps): void {
  const pattern = new RegExp(`^(${NUDGE_ACTIONS.map((a) => a.replace(".", "\\.")).join("|")})$`);
  app.action<BlockAction<ButtonAction>>({ type: "block_actions", action_id: pattern }, async ({ ack, body, action, respond }) => {
    await ack();
    await deps.work.run(`button ${action.action_id}`, async () => {
      const actor = slackActor(body.team?.id ?? body.user.team_id, body.user.id, body.user.username ?? body.user.name);
      const space = slackSpace(body.channel?.id ?? body.container?.channel_id, body.channel?.name);
      const tell = (message: Message) => deps.port.replyPrivately({ space, person: actorPerson(actor) }, message);
      try {
        const delivery = `slack:action:${body.container?.message_ts ?? ""}:${action.action_ts}`;
        const outcome = await pressNudgeButton(deps.rt, { actor, action: action.action_id, value: action.value ?? "", port: deps.port, space, delivery });
        if (outcome.reply) await tell(outcome.reply);
      } catch (error) {
        // The core answers its own refusals; this is the database itself being away.
        deps.logger.error({ err: error, action: action.action_id }, "nudge button failed before the core could answer");
        await tell(textMessage("⚠ Firebreak could not record that, and nothing was changed. Press it again in a minute."));
      }
    }, sayBusy(respond));
  });
}
