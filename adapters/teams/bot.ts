import { type AdaptiveCardInvokeResponse, type AdaptiveCardInvokeValue, type TaskModuleRequest, type TaskModuleResponse, TeamsActivityHandler, TeamsInfo, TurnContext } from "botbuilder";
import { busyMessage, CoreError, type DeclareDraft, declareFormRequest, errorMessage, runCommand, type TeamsConfig } from "../../src/core.js";
import { handleCardAction } from "./card-actions.js";
import { cardAttachment, card, openDialog, textBlock } from "./cards/adaptive.js";
import { FORM_VERBS } from "./cards/forms.js";
import { commandMarkdown } from "./cards/text.js";
import { openForm, submitForm } from "./dialogs.js";
import { spaceOfActivity } from "./incident-lookup.js";
import { actorOf, isBotAccount, personOf, rewriteMentions } from "./people.js";
import { answer } from "./replies.js";
import type { TeamsEnv } from "./teams-env.js";

/**
 * Firebreak's Teams activity handler: @mentions carry commands, card actions carry clicks, form
 * buttons open dialogs (`task/fetch`, `task/submit`), and installing the bot in a channel posts a
 * welcome card. It only translates; the core decides.
 */
export class FirebreakTeamsBot extends TeamsActivityHandler {
  constructor(private readonly env: TeamsEnv) {
    super();
    this.onMessage(async (context, next) => {
      await this.runMentionCommand(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const { activity } = context;
      env.port.learnServiceUrl(activity.serviceUrl);
      if (activity.membersAdded?.some((m) => m.id === activity.recipient.id)) await context.sendActivity({ type: "message", attachments: [cardAttachment(welcomeCard(activity, env.config))] });
      await next();
    });
  }

  protected override async onAdaptiveCardInvoke(context: TurnContext, invoke: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    this.env.port.learnServiceUrl(context.activity.serviceUrl);
    return handleCardAction(this.env, context, invoke);
  }

  /** A form button was pressed: its form opens in a dialog, for the presser alone. */
  protected override async handleTeamsTaskModuleFetch(context: TurnContext, request: TaskModuleRequest): Promise<TaskModuleResponse> {
    this.env.port.learnServiceUrl(context.activity.serviceUrl);
    return openForm(this.env, context, request);
  }

  /** The form in a dialog was sent. */
  protected override async handleTeamsTaskModuleSubmit(context: TurnContext, request: TaskModuleRequest): Promise<TaskModuleResponse> {
    this.env.port.learnServiceUrl(context.activity.serviceUrl);
    return submitForm(this.env, context, request);
  }

  /**
   * Acknowledges within the request (a typing indicator) and runs the command in the background:
   * declaring can take longer than Teams waits. The answer goes where it was asked, unless it
   * carries incident content asked about elsewhere: then to the asker's 1:1 chat (replies.ts).
   */
  private async runMentionCommand(context: TurnContext): Promise<void> {
    const { env } = this;
    const activity = context.activity;
    env.port.learnServiceUrl(activity.serviceUrl);
    env.port.directory.remember(personOf(activity.from));
    const withoutBot = TurnContext.removeRecipientMention(activity) ?? activity.text ?? "";
    // In the turn: asking Teams who a mentioned 29: id is needs this request's context.
    const rewritten = await rewriteMentions(withoutBot, activity, env.port.directory, (id) => TeamsInfo.getMember(context, id));
    const { mentioned, unresolved } = rewritten;
    // In a personal chat people type the command as help shows it, `@Firebreak …`, without a real mention.
    const text = rewritten.text.replace(/^@firebreak\b[:,]?\s*/i, "");
    if (unresolved.length) env.rt.logger.warn({ unresolved }, "Teams could not say who a mentioned user is");
    // A bare mention, or `declare` with no title: a button that opens the form in a dialog, with
    // what was typed filled in.
    const draft = text ? declareFormRequest(text) : {};
    if (draft) {
      await context.sendActivity({ type: "message", attachments: [cardAttachment(declareLauncher(draft))] });
      return;
    }
    await context.sendActivity({ type: "typing" });
    const actor = actorOf(activity);
    // Bounded: when too much is waiting already, the person is told Firebreak is busy instead.
    void env.background.run(
      "Teams command",
      async () => {
        try {
          const { space } = await spaceOfActivity(env.rt, activity);
          // Teams resends an activity it thinks was lost with the same id: answered, not re-run.
          const request = { actor, actorIsBot: isBotAccount(activity.from), text, port: env.port.forTurn(mentioned, personOf(activity.from)), space, delivery: `teams:activity:${activity.id}` };
          await answer(env, activity, await runCommand(env.rt, request));
        } catch (error) {
          env.rt.logger.error({ err: error, text }, "Teams command failed");
          await answer(env, activity, { reply: errorMessage(new CoreError("unavailable", "Firebreak could not run that, and nothing was changed.", "Try again in a minute.")) });
        }
      },
      () => answer(env, activity, { reply: busyMessage() }),
    );
  }
}

/**
 * Posted when the bot is added: how to use it, and the ids an admin needs. When Teams is not set
 * up for incidents yet, it says so plainly (the bot runs and answers; declaring waits for the id).
 */
export function welcomeCard(activity: Pick<TurnContext["activity"], "channelData">, config: Pick<TeamsConfig, "setupNeeded"> = {}) {
  const data = activity.channelData as { team?: { id?: string; aadGroupId?: string }; channel?: { id?: string } } | undefined;
  const channelId = data?.channel?.id ?? data?.team?.id;
  const ids = [data?.team?.aadGroupId ? `TEAMS_TEAM_ID=${data.team.aadGroupId}` : "", channelId ? `TEAMS_INCIDENTS_CHANNEL_ID=${channelId}` : ""].filter(Boolean);
  return card(
    [
      textBlock("Firebreak is here", { size: "Large", weight: "Bolder" }),
      textBlock(`Declare and run AI security incidents from Teams. Mention me with a command, e.g. ${commandMarkdown("declare P1 prompt-injection Support bot leaks orders")}, or use the form. ${commandMarkdown("help")} lists every command.`),
      ...(config.setupNeeded
        ? [textBlock(`**Not ready for incidents yet.** Your administrator sets ${channelId ? `TEAMS_INCIDENTS_CHANNEL_ID=${channelId} (this channel)` : "TEAMS_INCIDENTS_CHANNEL_ID"} and restarts Firebreak; until then I answer commands but cannot open incident threads.`, { color: "Attention" })]
        : []),
      ...(ids.length ? [textBlock(`For your administrator: ${ids.join(" · ")}`, { isSubtle: true, size: "Small" })] : []),
    ],
    [openDialog("Declare incident", { verb: FORM_VERBS.openDeclare }, { style: "destructive" })],
  );
}

/** What `@Firebreak` alone (or `declare` with no title) posts: the form opens in a dialog for whoever presses, prefilled. */
function declareLauncher(draft: Partial<DeclareDraft>) {
  return card([textBlock("Declare an AI security incident: the form opens for you alone.")], [openDialog("Declare incident", { verb: FORM_VERBS.openDeclare, draft }, { style: "destructive" })]);
}
