import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Action } from "../access/policy.js";
import { textMessage } from "../chat/message.js";
import { phaseSections } from "../chat/views/checklist.js";
import { summaryMessage } from "../chat/views/summary.js";
import { canTransition, type Milestone, milestonesReachedBy, Phase, PHASE_LABELS, PHASES, parsePhase, TRANSITIONS } from "../domain/lifecycle.js";
import { formatUtc } from "../domain/time.js";
import { conflict } from "../errors.js";
import { loadView } from "../incidents/queries.js";
import { incidents } from "../store/schema.js";
import { announce, refresh } from "./chat-effects.js";
import { type CommandSpec, defineCommand, type Ran, type RunEnv } from "./define.js";
import { noArguments, usage } from "./grammar.js";

const MILESTONE_COLUMN = { contained: "containedAt", resolved: "resolvedAt", closed: "closedAt" } as const;

/** Moves the incident; stamps the milestones the move reaches; posts the new phase's checklist. */
async function movePhase(env: RunEnv, to: Phase, resolution?: string): Promise<Ran> {
  const { tx, ctx, effects } = env;
  const incident = env.incident!;
  const from = incident.phase as Phase;
  if (from === to) throw conflict(`${incident.humanId} is already in ${PHASE_LABELS[from]}.`);
  if (!canTransition(from, to)) {
    const legal = TRANSITIONS[from].map((p) => `\`${p}\``).join(", ");
    throw conflict(`${incident.humanId} cannot move from ${PHASE_LABELS[from]} to ${PHASE_LABELS[to]}.`, legal ? `From ${from} it can move to: ${legal}.` : undefined);
  }
  const now = ctx.clock.now();
  const stamped = milestonesReachedBy(to).filter((m): m is keyof typeof MILESTONE_COLUMN => m in MILESTONE_COLUMN && incident[MILESTONE_COLUMN[m as keyof typeof MILESTONE_COLUMN]] === null);
  const set: Partial<typeof incidents.$inferInsert> = { phase: to };
  for (const m of stamped) set[MILESTONE_COLUMN[m]] = now;
  if (resolution) set.resolution = resolution;
  await tx.update(incidents).set(set).where(eq(incidents.id, incident.id));
  const view = await loadView(tx, incident.id);
  const stampedText = stamped.length ? ` (${stamped.map((m: Milestone) => m).join(", ")} at ${formatUtc(now)})` : "";
  effects.push(
    ...refresh(incident.id, { summary: true, topic: true }),
    announce(incident.id, textMessage(`➡️ Phase: ${PHASE_LABELS[from]} → ${PHASE_LABELS[to]}${stampedText}${resolution ? `. Resolution: ${resolution}` : ""}`)),
    ...(phaseSections(view, to).length ? [{ kind: "post" as const, incidentId: incident.id, view: { type: "phase" as const, phase: to }, purpose: `phase:${to}` }] : []),
  );
  return { log: { payload: { from, to, stamped, resolution } } };
}

const FINISHED: readonly Phase[] = ["resolved", "review", "closed"];

/** Which action a phase move is for the access policy: resolving, closing and reopening have their own rows. */
export function phaseAction(from: Phase, to: Phase | undefined): Action {
  if (!to) return "status";
  if (to === "resolved") return "resolve";
  if (to === "closed") return "close";
  if (FINISHED.includes(from) && !FINISHED.includes(to)) return "reopen";
  return "phase";
}

const statusSpec: CommandSpec = {
  name: "status",
  aliases: ["phase", "move", "stage"],
  usage: ["status", "status <triage|containment|investigation|remediation|resolved|review|closed>"],
  summary: "Show the status, or move the incident to another phase",
  examples: ["status containment", "status investigation"],
  scope: "incident",
};

/** `status` shows the summary; `status <phase>` moves. The access policy judges by the input. */
export const status = defineCommand({
  spec: statusSpec,
  access: (input, { incident }) => phaseAction(incident.phase as Phase, input.phase),
  changes: true,
  parse(args) {
    if (args.length === 0) return {};
    const phase = parsePhase(args.join("-"));
    if (!phase) throw usage(statusSpec, `\`${args.join(" ")}\` is not a phase; use one of ${PHASES.join(", ")}.`);
    return { phase };
  },
  schema: z.object({ phase: Phase.optional() }),
  async run(env, input) {
    if (!input.phase) return { reply: summaryMessage(await loadView(env.tx, env.incident!.id)), unchanged: true, log: { payload: {} } };
    return movePhase(env, input.phase);
  },
});

export const resolve = defineCommand({
  spec: {
    name: "resolve",
    aliases: ["resolved", "mitigated"],
    usage: ["resolve [resolution]"],
    summary: "Mark the incident resolved",
    examples: ["resolve Fix deployed and validated by red team", "resolve false positive"],
    scope: "incident",
  },
  access: "resolve",
  changes: true,
  parse: (_args, rest) => ({ resolution: rest || undefined }),
  schema: z.object({ resolution: z.string().trim().min(1).max(1000, "The resolution is too long (at most 1000 characters)").optional() }),
  run: (env, input) => movePhase(env, "resolved", input.resolution),
});

const closeSpec: CommandSpec = { name: "close", aliases: ["closed", "finish"], usage: ["close"], summary: "Close the incident (after resolve or the review)", examples: ["close"], scope: "incident" };

export const close = defineCommand({
  spec: closeSpec,
  access: "close",
  changes: true,
  parse: (args) => noArguments(closeSpec, args),
  schema: z.object({}),
  run: (env) => movePhase(env, "closed"),
});
