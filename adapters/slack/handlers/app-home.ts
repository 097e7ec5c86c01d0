import type { App } from "@slack/bolt";
import { actionsOwnedBy, openIncidentViews, statsView } from "../../../src/core.js";
import type { SlackDeps } from "../context.js";
import { homeView } from "../render/home.js";
import { describeSlackFailure } from "../slack-api-error.js";

/** Publishes the App Home tab for one person, built from the database as it stands now. */
export async function publishHome(deps: SlackDeps, userId: string): Promise<void> {
  const views = await openIncidentViews(deps.rt);
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
  app.event("app_home_opened", async ({ event }) => {
    if (event.tab !== "home") return;
    await deps.work.run("publish App Home", () => publishHome(deps, event.user));
  });
}
