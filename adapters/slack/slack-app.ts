import type { App } from "@slack/bolt";
import type { SlackDeps } from "./context.js";
import { registerAppHome } from "./handlers/app-home.js";
import { registerChecklistClicks } from "./handlers/checklist-click.js";
import { registerFileShared } from "./handlers/file-shared.js";
import { registerModalSubmissions } from "./handlers/modal-submissions.js";
import { registerNudgeButtons } from "./handlers/nudge-buttons.js";
import { registerSlashCommand } from "./handlers/slash-command.js";
import { registerSummaryButtons } from "./handlers/summary-buttons.js";
import { registerWriteup } from "./handlers/writeup.js";

/** Everything Firebreak answers in Slack, on a Bolt app of any transport (HTTP or Socket Mode). */
export function registerFirebreak(app: App, deps: SlackDeps): void {
  registerSlashCommand(app, deps);
  registerChecklistClicks(app, deps);
  registerSummaryButtons(app, deps);
  registerNudgeButtons(app, deps);
  registerModalSubmissions(app, deps);
  registerAppHome(app, deps);
  registerFileShared(app, deps);
  registerWriteup(app, deps);
  app.error(async (error) => {
    deps.logger.error({ err: error }, "Slack request failed");
  });
}
