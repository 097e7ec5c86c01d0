import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewOutput, ViewSubmitAction } from "@slack/bolt";
import { executeCommand, type Outcome } from "../../../src/app/run-command.js";
import type { Message } from "../../../src/chat/message.js";
import { holder } from "../../../src/chat/views/summary.js";
import { Command } from "../../../src/commands/command.js";
import { withActor } from "../../../src/context.js";
import { ROLES, SLOTS } from "../../../src/domain/roles.js";
import { formatInZone } from "../../../src/domain/time-zone.js";
import { loadView } from "../../../src/incidents/queries.js";
import { recordRejected } from "../../../src/incidents/record.js";
import { actorPerson, slackActor, slackSpace, type SlackDeps } from "../context.js";
import { MODALS } from "../render/ids.js";
import { DECLARE_FIELDS, type ModalContext, roleBlockId, VALUE } from "../render/modals.js";

type Values = ViewOutput["state"]["values"];
type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const field = (values: Values, block: string) => values[block]?.[VALUE];
const text = (values: Values, block: string) => field(values, block)?.value?.trim() || undefined;
const choice = (values: Values, block: string) => field(values, block)?.selected_option?.value ?? undefined;

function contextOf(view: ViewOutput): ModalContext {
  try {
    return JSON.parse(view.private_metadata || "{}") as ModalContext;
  } catch {
    return {};
  }
}

/** The declare modal's answers as the core's `declare` command (not yet validated). */
export function declareCommandFrom(values: Values) {
  const seconds = field(values, DECLARE_FIELDS.started)?.selected_date_time;
  return {
    kind: "declare" as const,
    title: text(values, DECLARE_FIELDS.title) ?? "",
    severity: choice(values, DECLARE_FIELDS.severity),
    vector: choice(values, DECLARE_FIELDS.vector),
    source: choice(values, DECLARE_FIELDS.source),
    started: seconds ? new Date(seconds * 1000).toISOString() : undefined,
    description: text(values, DECLARE_FIELDS.description),
    private: (field(values, DECLARE_FIELDS.private)?.selected_options ?? []).length > 0,
  };
}

/**
 * Every modal's submission: checks what can be checked inside Slack's 3 s (a field error keeps
 * the modal open), acknowledges, then runs the core command(s) and answers privately.
 */
export function registerModalSubmissions(app: App, deps: SlackDeps): void {
  app.view<ViewSubmitAction>(MODALS.declare, async (args) => {
    const { ack, body, view } = args;
    const actor = actorOf(body);
    const raw = declareCommandFrom(view.state.values);
    const errors: Record<string, string> = {};
    const parsed = Command.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const block = String(issue.path[0] ?? "title");
        const key = block in DECLARE_FIELDS ? block : DECLARE_FIELDS.title;
        errors[key] ??= key === DECLARE_FIELDS.title && !raw.title ? "Give the incident a title: what users or systems are seeing." : issue.message;
      }
    }
    if (raw.started && new Date(raw.started).getTime() > deps.rt.clock.now().getTime()) {
      errors[DECLARE_FIELDS.started] = `That is in the future (now is ${formatInZone(deps.rt.clock.now(), deps.rt.config.timeZone)}); give when the attack began.`;
    }
    if (Object.keys(errors).length || !parsed.success) {
      await ack({ response_action: "errors", errors });
      await deps.work.run("log the refused declare form", () => recordRejected(withActor(deps.rt, actor, "[modal] declare"), "declare", Object.values(errors).join("; "), null, { command: raw }));
      return;
    }
    await ack();
    const context = contextOf(view);
    const commanderId = view.state.values[DECLARE_FIELDS.commander]?.[VALUE]?.selected_user ?? undefined;
    await deps.work.run("declare from the form", async () => {
      const inv = { actor, port: deps.port, space: slackSpace(context.channelId, context.channelName) };
      const declared = await executeCommand(deps.rt, inv, parsed.data, { logText: "[modal] declare" });
      const replies = [declared.reply];
      // The core makes the declarer commander; someone else picked in the form takes over at once.
      if (declared.ok && declared.incident && commanderId && commanderId !== actor.userId) {
        const assigned = await executeCommand(deps.rt, inv, { kind: "assign", role: "commander", slot: "primary", person: { id: commanderId } }, { incidentId: declared.incident.id, logText: "[modal] declare: commander" });
        replies.push(assigned.reply);
      }
      await answer(deps, args, context, replies);
    });
  });

  app.view<ViewSubmitAction>(MODALS.roles, async (args) => {
    await args.ack();
    const context = contextOf(args.view);
    await deps.work.run("roles form", async () => {
      const actor = actorOf(args.body);
      const inv = { actor, port: deps.port, space: slackSpace(context.channelId) };
      const view = await loadView(deps.rt.db, context.incidentId!);
      const outcomes: Outcome[] = [];
      for (const role of ROLES) {
        for (const slot of SLOTS) {
          const picked = args.view.state.values[roleBlockId(role, slot)]?.[VALUE]?.selected_user ?? undefined;
          const current = holder(view.roles, role, slot);
          const logText = `[modal] roles: ${role}${slot === "backup" ? " backup" : ""}`;
          if (picked && !(current?.platform === "slack" && current.id === picked)) {
            outcomes.push(await executeCommand(deps.rt, inv, { kind: "assign", role, slot, person: { id: picked } }, { incidentId: context.incidentId, logText }));
          } else if (!picked && current) {
            outcomes.push(await executeCommand(deps.rt, inv, { kind: "unassign", role, slot }, { incidentId: context.incidentId, logText }));
          }
        }
      }
      await answer(deps, args, context, outcomes.length ? outcomes.map((o) => o.reply) : [{ text: "No role changed.", blocks: [{ type: "text", text: ["No role changed."] }] }]);
    });
  });

  app.view<ViewSubmitAction>(MODALS.severity, async (args) => {
    await args.ack();
    await runFromModal(deps, args, (values) => ({ kind: "severity", severity: choice(values, "severity") }), "[modal] severity");
  });

  app.view<ViewSubmitAction>(MODALS.phase, async (args) => {
    const phase = choice(args.view.state.values, "phase");
    const resolution = text(args.view.state.values, "resolution");
    await args.ack();
    if (!phase) return;
    const command = phase === "resolved" ? { kind: "resolve", resolution } : phase === "closed" ? { kind: "close" } : { kind: "status", phase };
    await runFromModal(deps, args, () => command, `[modal] phase ${phase}`);
  });

  app.view<ViewSubmitAction>(MODALS.update, async (args) => {
    const update = text(args.view.state.values, "text");
    if (!update) {
      await args.ack({ response_action: "errors", errors: { text: "Write the update first." } });
      return;
    }
    await args.ack();
    await runFromModal(deps, args, () => ({ kind: "update", text: update }), "[modal] update");
  });
}

function actorOf(body: ViewSubmitAction) {
  // view_submission payloads carry the username as `name` (block_actions call it `username`).
  return slackActor(body.team?.id ?? body.user.team_id, body.user.id, body.user.name);
}

/** One core command built from a modal's values, on the incident the modal was opened for. */
async function runFromModal(deps: SlackDeps, args: SubmitArgs, build: (values: Values) => unknown, logText: string): Promise<void> {
  const context = contextOf(args.view);
  await deps.work.run(logText, async () => {
    const inv = { actor: actorOf(args.body), port: deps.port, space: slackSpace(context.channelId) };
    const outcome = await executeCommand(deps.rt, inv, build(args.view.state.values) as Command, { incidentId: context.incidentId, logText });
    await answer(deps, args, context, [outcome.reply]);
  });
}

/** Modal answers go to the person privately, where they opened the modal. */
async function answer(deps: SlackDeps, args: SubmitArgs, context: ModalContext, replies: (Message | undefined)[]): Promise<void> {
  const present = replies.filter((r): r is Message => !!r);
  if (!present.length) return;
  const message: Message = { text: present.map((r) => r.text).join("\n"), blocks: present.flatMap((r) => r.blocks) };
  await deps.port.replyPrivately({ space: slackSpace(context.channelId, context.channelName), person: actorPerson(actorOf(args.body)) }, message);
}
