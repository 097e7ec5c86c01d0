import type { App } from "@slack/bolt";
import { openIncidentViews } from "../../../src/core.js";
import { slackActor, type SlackDeps } from "../context.js";
import { homeView } from "../render/home.js";
import { describeSlackFailure } from "../slack-api-error.js";

/**
 * Publishes the App Home tab for one person, built from the database as it stands now: the open
 * incidents they may see (a private one only if they are among its members).
 */
export async function publishHome(deps: SlackDeps, userId: string, teamId?: string): Promise<void> {
  const views = await openIncidentViews(deps.rt, { actor: slackActor(teamId, userId, userId), port: deps.port });
  try {
    await deps.port.client.views.publish({ user_id: userId, view: homeView(views, userId, deps.rt.clock.now()) });
  } catch (error) {
    throw describeSlackFailure("views.publish", error);
  }
}

export function registerAppHome(app: App, deps: SlackDeps): void {
  app.event("app_home_opened", async ({ event, body }) => {
    if (event.tab !== "home") return;
    await deps.work.run("publish App Home", () => publishHome(deps, event.user, body.team_id));
  });
}
