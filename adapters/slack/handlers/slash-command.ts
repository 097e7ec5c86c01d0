import type { App, RespondFn, SlashCommand } from "@slack/bolt";
import { busyMessage, type DeclareDraft, declareFormRequest, type Message, runCommand, textMessage } from "../../../src/core.js";
import { actorPerson, slackActor, slackSpace, type SlackDeps } from "../context.js";
import { type DecodedSlackText, decodeSlackText, unnamedMentions } from "../decode.js";
import { declareModal } from "../render/modals.js";
import { renderMessage } from "../render/message.js";
import { openModal } from "./open-modal.js";
import { writeupFromSlash } from "./writeup.js";

/** `/incident declare` with no title (`declare P1` too): the person wants the form, filled in. */
export function wantsDeclareForm(text: string): DeclareDraft | undefined {
  return declareFormRequest(text);
}

/**
 * `/incident …`: acknowledge at once (Slack gives 3 s), then run the command through the core and
 * answer privately through the command's response URL. The work after the ack is bounded: when
 * too much is waiting, the command is not run and the person hears Firebreak is busy.
 */
export function registerSlashCommand(app: App, deps: SlackDeps): void {
  app.command(deps.command, async ({ command, ack, respond }) => {
    await ack();
    const actor = slackActor(command.team_id, command.user_id, command.user_name);
    const space = slackSpace(command.channel_id, command.channel_name);
    const typed = decodeSlackText(command.text).text;
    const draft = wantsDeclareForm(typed);
    const busy = () => answer(deps, command, respond, busyMessage());
    if (draft) {
      await deps.work.run("open the declare form", () =>
        openModal(deps, {
          triggerId: command.trigger_id,
          view: declareModal(command.user_id, { channelId: command.channel_id, channelName: command.channel_name }, draft),
          actor,
          text: `${deps.command} ${typed.trim()}`,
          modal: "declare",
          replyIn: space,
        }),
        busy,
      );
      return;
    }
    if (await writeupFromSlash(deps, command, typed, busy)) return;
    // Only the verb goes into the process log with the job: the line itself may hold a secret.
    await deps.work.run(`${deps.command} ${typed.trim().split(/\s+/, 1)[0] ?? ""}`, async () => {
      let reply: Message | undefined;
      try {
        // The trigger id is unique per invocation: a replayed request is answered, not re-run.
        const decoded = await decodeCommand(deps, command.text);
        reply = (await runCommand(deps.rt, { actor, text: decoded.text, port: deps.port.forCommand(decoded.mentioned), space, delivery: `slack:trigger:${command.trigger_id}` })).reply;
      } catch (error) {
        // The core answers its own failures; this is a bug in between. Details go to the log only.
        deps.logger.error({ err: error, text: command.text }, "command failed before the core could answer");
        reply = textMessage("⚠ Firebreak could not run that, and nothing was changed. Try again in a minute.");
      }
      if (reply) await answer(deps, command, respond, reply);
    }, busy);
  });
}

/** The command's text decoded once, with names looked up for mentions Slack sent as a bare id. */
async function decodeCommand(deps: SlackDeps, text: string): Promise<DecodedSlackText> {
  const unnamed = unnamedMentions(text);
  return decodeSlackText(text, unnamed.length ? await deps.port.namesOf(unnamed) : undefined);
}

/** Through the response URL (works even where the bot is not a member); a DM if that fails. */
async function answer(deps: SlackDeps, command: SlashCommand, respond: RespondFn, message: Message): Promise<void> {
  const rendered = renderMessage(message, { interactive: false, timeZone: deps.rt.config.timeZone });
  try {
    const response = await respond({ response_type: "ephemeral", replace_original: false, text: rendered.text, blocks: rendered.blocks });
    if (response && typeof response === "object" && "ok" in response && response.ok === false) throw new Error(`response URL answered HTTP ${(response as { status?: number }).status}`);
  } catch (error) {
    deps.logger.warn({ err: error }, "could not answer through the response URL; sending a direct message");
    await deps.port.replyPrivately({ person: actorPerson(slackActor(command.team_id, command.user_id, command.user_name)) }, message);
  }
}
