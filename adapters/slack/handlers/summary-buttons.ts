import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import type { ModalView } from "@slack/types";
import { incidentById, type IncidentView, incidentView, logInteraction, visibleIncident } from "../../../src/core.js";
import { actorPerson, sayBusy, slackActor, slackSpace, type SlackDeps } from "../context.js";
import { DECLARE_FROM_HOME } from "../render/home.js";
import { SUMMARY_BUTTONS } from "../render/ids.js";
import { declareModal, type ModalContext, phaseModal, rolesModal, severityModal, updateModal } from "../render/modals.js";
import { openModal } from "./open-modal.js";

const BUILDERS: Record<(typeof SUMMARY_BUTTONS)[keyof typeof SUMMARY_BUTTONS], (view: IncidentView, context: ModalContext) => ModalView> = {
  roles: rolesModal,
  severity: severityModal,
  phase: phaseModal,
  update: updateModal,
};

/**
 * The pinned summary's buttons (Roles, Change severity, Change phase, Post update) and App
 * Home's "Declare" button: each opens its modal. The modal's submission does the change.
 */
export function registerSummaryButtons(app: App, deps: SlackDeps): void {
  const pattern = new RegExp(`^(${Object.keys(SUMMARY_BUTTONS).map((k) => k.replace(".", "\\.")).join("|")})$`);
  app.action<BlockAction<ButtonAction>>({ type: "block_actions", action_id: pattern }, async ({ ack, body, action, respond }) => {
    await ack();
    await deps.work.run(`button ${action.action_id}`, async () => {
      const kind = SUMMARY_BUTTONS[action.action_id as keyof typeof SUMMARY_BUTTONS];
      const actor = slackActor(body.team?.id ?? body.user.team_id, body.user.id, body.user.username ?? body.user.name);
      const channelId = body.channel?.id ?? body.container?.channel_id;
      const text = `[button] ${action.action_id}`;
      const named = action.value ? await incidentById(deps.rt, action.value) : undefined;
      // A private incident the presser may not see is answered exactly like one that does not exist.
      const incident = named && (await visibleIncident(deps.rt, { actor, port: deps.port }, named.id));
      if (!incident) {
        const reason = named ? `slack:${actor.userId} may not see private ${named.humanId} (not a member, not in its channel, not an admin)` : "The button names no incident that exists.";
        await logInteraction(deps.rt, actor, { text, kind: "modal.open", outcome: "rejected", reason, incidentId: named?.id, payload: { modal: kind, value: action.value } });
        await deps.port.replyPrivately({ space: slackSpace(channelId), person: actorPerson(actor) }, { text: "That incident no longer exists.", blocks: [{ type: "text", text: ["⚠ That incident no longer exists. `/incident list` shows the open ones."] }] });
        return;
      }
      const view = await incidentView(deps.rt, incident.id);
      await openModal(deps, { triggerId: body.trigger_id, view: BUILDERS[kind](view, { incidentId: incident.id, channelId }), actor, text, incidentId: incident.id, modal: kind, replyIn: slackSpace(channelId) });
    }, sayBusy(respond));
  });

  app.action<BlockAction<ButtonAction>>({ type: "block_actions", action_id: DECLARE_FROM_HOME }, async ({ ack, body, respond }) => {
    await ack();
    await deps.work.run("declare from App Home", async () => {
      const actor = slackActor(body.team?.id ?? body.user.team_id, body.user.id, body.user.username ?? body.user.name);
      await openModal(deps, { triggerId: body.trigger_id, view: declareModal(body.user.id, {}), actor, text: "[home] declare", modal: "declare" });
    }, sayBusy(respond));
  });
}
