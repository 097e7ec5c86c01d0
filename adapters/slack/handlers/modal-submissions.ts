import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewOutput, ViewSubmitAction } from "@slack/bolt";
import { busyMessage, checkInput, type CommandInput, executeCommand, formatInZone, holder, incidentView, logInteraction, type Message, type Outcome, ROLES, SLOTS } from "../../../src/core.js";
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
export function declareCommandFrom(values: Values, declarerId?: string) {
  const seconds = field(values, DECLARE_FIELDS.started)?.selected_date_time;
  const commanderId = field(values, DECLARE_FIELDS.commander)?.selected_user ?? undefined;
  return {
    kind: "declare" as const,
    // Someone other than the declarer picked to lead it takes command in the same change.
    commander: commanderId && commanderId !== declarerId ? { id: commanderId } : undefined,
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
    const raw = declareCommandFrom(view.state.values, actor.userId);
    const errors: Record<string, string> = {};
    const checked = checkInput(raw as CommandInput);
    if (!checked.ok) {
      for (const issue of checked.issues) {
        const block = issue.field || "title";
        const key = block in DECLARE_FIELDS ? block : DECLARE_FIELDS.title;
        errors[key] ??= key === DECLARE_FIELDS.title && !raw.title ? "Give the incident a title: what users or systems are seeing." : issue.message;
      }
    }
    if (raw.started && new Date(raw.started).getTime() > deps.rt.clock.now().getTime()) {
      errors[DECLARE_FIELDS.started] = `That is in the future (now is ${formatInZone(deps.rt.clock.now(), deps.rt.config.timeZone)}); give when the attack began.`;
    }
    if (Object.keys(errors).length || !checked.ok) {
      await ack({ response_action: "errors", errors });
      await deps.work.run("log the refused declare form", () =>
        logInteraction(deps.rt, actor, { text: "[modal] declare", kind: "declare", outcome: "rejected", reason: Object.values(errors).join("; "), payload: { fields: Object.keys(errors) } }),
      );
      return;
    }
    if (await keptOpenBusy(deps, args, DECLARE_FIELDS.title, "declare form")) return;
    await ack();
    const context = contextOf(view);
    await deps.work.run("declare from the form", async () => {
      const inv = { actor, port: deps.port, space: slackSpace(context.channelId, context.channelName), delivery: submissionKey(view) };
      const declared = await executeCommand(deps.rt, inv, raw as CommandInput, { logText: "[modal] declare" });
      await answer(deps, args, context, [declared.reply]);
    });
  });

  app.view<ViewSubmitAction>(MODALS.roles, async (args) => {
    if (await keptOpenBusy(deps, args, roleBlockId(ROLES[0], SLOTS[0]), "roles form")) return;
    await args.ack();
    const context = contextOf(args.view);
    await deps.work.run("roles form", async () => {
      const actor = actorOf(args.body);
      const inv = { actor, port: deps.port, space: slackSpace(context.channelId) };
      const view = await incidentView(deps.rt, context.incidentId!);
      const outcomes: Outcome[] = [];
      for (const role of ROLES) {
        for (const slot of SLOTS) {
          const picked = args.view.state.values[roleBlockId(role, slot)]?.[VALUE]?.selected_user ?? undefined;
          const current = holder(view.roles, role, slot);
          const logText = `[modal] roles: ${role}${slot === "backup" ? " backup" : ""}`;
          const delivery = `${submissionKey(args.view)}:${role}:${slot}`;
          if (picked && !(current?.platform === "slack" && current.id === picked)) {
            outcomes.push(await executeCommand(deps.rt, { ...inv, delivery }, { kind: "assign", role, slot, person: { id: picked } }, { incidentId: context.incidentId, logText }));
          } else if (!picked && current) {
            outcomes.push(await executeCommand(deps.rt, { ...inv, delivery }, { kind: "unassign", role, slot }, { incidentId: context.incidentId, logText }));
          }
        }
      }
      await answer(deps, args, context, outcomes.length ? outcomes.map((o) => o.reply) : [{ text: "No role changed.", blocks: [{ type: "text", text: ["No role changed."] }] }]);
    });
  });

  app.view<ViewSubmitAction>(MODALS.severity, async (args) => {
    if (await keptOpenBusy(deps, args, "severity", "severity form")) return;
    await args.ack();
    await runFromModal(deps, args, (values) => ({ kind: "severity", severity: choice(values, "severity") }), "[modal] severity");
  });

  app.view<ViewSubmitAction>(MODALS.phase, async (args) => {
    const phase = choice(args.view.state.values, "phase");
    const resolution = text(args.view.state.values, "resolution");
    if (await keptOpenBusy(deps, args, "phase", "phase form")) return;
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
    if (await keptOpenBusy(deps, args, "text", "update form")) return;
    await args.ack();
    await runFromModal(deps, args, () => ({ kind: "update", text: update }), "[modal] update");
  });
}

/**
 * When too much work is waiting already, a form is not taken: it stays open with "busy, try
 * again" on one field, nothing is lost, and sending it again a moment later works.
 */
async function keptOpenBusy(deps: SlackDeps, args: SubmitArgs, block: string, what: string): Promise<boolean> {
  if (!deps.work.full) return false;
  deps.work.turnAway(what);
  await args.ack({ response_action: "errors", errors: { [block]: busyMessage().text } });
  return true;
}

/** A view submission is one delivery: Slack resends it with the same view id and hash. */
function submissionKey(view: ViewOutput): string {
  return `slack:view:${view.id}:${view.hash}`;
}

function actorOf(body: ViewSubmitAction) {
  // view_submission payloads carry the username as `name` (block_actions call it `username`).
  return slackActor(body.team?.id ?? body.user.team_id, body.user.id, body.user.name);
}

/** One core command built from a modal's values, on the incident the modal was opened for. */
async function runFromModal(deps: SlackDeps, args: SubmitArgs, build: (values: Values) => unknown, logText: string): Promise<void> {
  const context = contextOf(args.view);
  await deps.work.run(logText, async () => {
    const inv = { actor: actorOf(args.body), port: deps.port, space: slackSpace(context.channelId), delivery: submissionKey(args.view) };
    const outcome = await executeCommand(deps.rt, inv, build(args.view.state.values) as CommandInput, { incidentId: context.incidentId, logText });
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
