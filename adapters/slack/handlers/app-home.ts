import type { App } from "@slack/bolt";
import { actionsOwnedBy, isFirstDelivery, openIncidentViews, statsView } from "../../../src/core.js";
import { slackActor, type SlackDeps } from "../context.js";
import { homeView } from "../render/home.js";
import { describeSlackFailure } from "../slack-api-error.js";

/**
 * Publishes the App Home tab for one person, built from the database as it stands now: the open
 * incidents they may see (a private one only if they are among its members).
 */
export async function publishHome(deps: SlackDeps, userId: string, teamId?: string): Promise<void> {
  const views = await openIncidentViews(deps.rt, { actor: slackActor(teamId, userId, userId), port: deps.port });
  const actions = await actionsOwnedBy(deps.rt, { platform: "slack", id: userId });
  const stats = await statsView(deps.rt, "30d");
  const extras = { actions: actions.message, stats, timeZone: deps.rt.config.timeZone };
  try {
    await deps.port.client.views.publish({ user_id: userId, view: homeView(views, userId, deps.rt.clock.now(), extras) });
  } catch (error) {
    throw describeSlackFailure("views.publish", error);
  }
}

export function registerAppHome(app: App, deps: SlackDeps): void {
  app.event("app_home_opened", async ({ event, body }) => {
    if (event.tab !== "home") return;
    // Slack retries an event it thinks was missed, with the same event_id: draw the tab once.
    const eventId = (body as { event_id?: string }).event_id;
    await deps.work.run("publish App Home", async () => {
      if (eventId && !(await isFirstDelivery(deps.rt, `slack:event:${eventId}`))) return;
      await publishHome(deps, event.user, body.team_id);
    });
  });
}
