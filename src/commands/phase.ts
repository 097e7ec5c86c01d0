import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Action } from "../access/policy.js";
import { type Inline, inlineMessage } from "../chat/message.js";
import { phaseSections } from "../chat/views/checklist.js";
import { summaryMessage } from "../chat/views/summary.js";
import { canTransition, Phase, PHASE_LABELS, PHASES, parsePhase, TRANSITIONS } from "../domain/lifecycle.js";
import { conflict } from "../errors.js";
import { loadView } from "../incidents/queries.js";
import { KEEP_FIRST_STAMPS, milestonesStampedByMove, type MoveStamp } from "../metrics/index.js";
import { incidents } from "../store/schema.js";
import { announce, refresh } from "./chat-effects.js";
import { blockersHelp, closeBlockers, describeBlockers, isBlocked } from "./close-guards.js";
import { type CommandSpec, defineCommand, type Ran, type RunEnv } from "./define.js";
import { usage } from "./grammar.js";

/** The incident column each stamp writes; `review-started` is carried by the log row alone. */
const STAMP_COLUMN = { contained: "containedAt", resolved: "resolvedAt", closed: "closedAt" } as const satisfies Partial<Record<MoveStamp, string>>;

/**
 * Moves the incident and stamps what the move means (metrics/moves.ts): contained only when
 * leaving containment forwards, a new resolution time on every move into resolved. A move to
 * closed first checks the close guards; `force` (a reason) overrides them and is logged.
 */
async function movePhase(env: RunEnv, to: Phase, options: { resolution?: string; force?: string } = {}): Promise<Ran> {
  const { tx, ctx, effects } = env;
  const incident = env.incident!;
  const from = incident.phase as Phase;
  if (from === to) throw conflict(`${incident.humanId} is already in ${PHASE_LABELS[from]}.`);
  if (!canTransition(from, to)) {
    const legal = TRANSITIONS[from].map((p) => `\`${p}\``).join(", ");
    throw conflict(`${incident.humanId} cannot move from ${PHASE_LABELS[from]} to ${PHASE_LABELS[to]}.`, legal ? `From ${from} it can move to: ${legal}.` : undefined);
  }
  const zone = ctx.config.timeZone;
  let overridden: Record<string, unknown> | undefined;
  if (to === "closed") {
    const blockers = await closeBlockers(tx, incident);
    if (isBlocked(blockers)) {
      if (!options.force) throw conflict(`${incident.humanId} cannot close yet: ${describeBlockers(blockers, zone).join("; and ")}.`, blockersHelp(blockers));
      overridden = { regulator: !!blockers.regulator, steps: blockers.steps.map((s) => ({ number: s.number, key: s.key })) };
    }
  }
  const now = ctx.clock.now();
  const move = milestonesStampedByMove(from, to);
  const set: Partial<typeof incidents.$inferInsert> = { phase: to };
  const stamped: MoveStamp[] = [];
  for (const stamp of move.stamps) {
    const column = stamp === "review-started" ? undefined : STAMP_COLUMN[stamp];
    if (column && KEEP_FIRST_STAMPS.has(stamp) && incident[column] !== null) continue;
    if (column) set[column] = now;
    stamped.push(stamp);
  }
  if (options.resolution) set.resolution = options.resolution;
  await tx.update(incidents).set(set).where(eq(incidents.id, incident.id));
  const view = await loadView(tx, incident.id);
  const text: Inline[] = [`➡️ Phase: ${PHASE_LABELS[from]} → ${PHASE_LABELS[to]}`];
  if (stamped.length) text.push(` (${stamped.join(", ")} at `, { time: now }, ")");
  if (move.reopens) text.push(". Reopened: the remediation clock runs again, and the review deadline restarts at the next resolution");
  if (options.resolution) text.push(`. Resolution: ${options.resolution}`);
  if (overridden) text.push(`. Closed with --force: ${options.force}`);
  if (to === "closed" && view.incident.personalDataAt && !view.incident.regulatorNotifiedAt) text.push(". The regulator clock keeps running until `notify regulator`");
  effects.push(
    ...refresh(incident.id, { summary: true, topic: true }),
    announce(incident.id, inlineMessage(text, zone)),
    ...(phaseSections(view, to).length ? [{ kind: "post" as const, incidentId: incident.id, view: { type: "phase" as const, phase: to }, purpose: `phase:${to}` }] : []),
  );
  return { log: { payload: { from, to, stamped, resolution: options.resolution, ...(move.reopens ? { reopened: true } : {}), ...(overridden ? { forceReason: options.force, overridden } : {}) } } };
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
  details: [
    "Moving on from containment (to investigation, remediation or resolved) records when it was contained; triage → investigation and a false positive (triage → resolved) record no containment. `milestone contained <time>` sets it by hand.",
    "Every move into resolved records a resolution. Moving back into work reopens it: the remediation clock runs again and the review deadline restarts at the next resolution.",
    "`status closed` checks what `close` checks; to override, use `close --force <reason>`.",
  ],
  scope: "incident",
};

/** `status` shows the summary; `status <phase>` moves. The access policy judges by the input. */
export const status = defineCommand({
  spec: statusSpec,
  access: (input, { incident }) => phaseAction(incident.phase as Phase, input.phase),
  changes: true,
  // `status` still shows a closed incident (its regulator clock may be running); a move from closed is refused.
  allowClosed: true,
  parse(args) {
    if (args.length === 0) return {};
    const word = args.join("-").toLowerCase();
    if (word === "contained") {
      throw usage(statusSpec, "`contained` is a milestone, not a phase: the phase is `status containment`. The containment time is recorded when the incident moves on from containment, or by hand with `milestone contained <time>`.");
    }
    const phase = parsePhase(word);
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
    details: ["The blameless review is due within FIREBREAK_REVIEW_WITHIN (14 days) of resolution: the reference's \"within two weeks of incident closure\" is counted from here."],
    scope: "incident",
  },
  access: "resolve",
  changes: true,
  parse: (_args, rest) => ({ resolution: rest || undefined }),
  schema: z.object({ resolution: z.string().trim().min(1).max(1000, "The resolution is too long (at most 1000 characters)").optional() }),
  run: (env, input) => movePhase(env, "resolved", { resolution: input.resolution }),
});

const closeSpec: CommandSpec = {
  name: "close",
  aliases: ["closed", "finish"],
  usage: ["close", "close --force <reason>"],
  summary: "Close the incident: ends the whole response (resolved → review → closed)",
  examples: ["close", "close --force Regulator notified by phone; review held offline"],
  details: [
    "Refused while personal data is flagged and the regulator has not been notified (`notify regulator`), or while review and reporting steps are open; the refusal names each one.",
    "Sharing findings is optional, and filing regulatory reports is only required after `flag personal-data`.",
    "`--force <reason>` closes anyway: the reason is logged and shown in the report. The regulator clock still runs until `notify regulator`.",
    "After close, review and reporting steps can still be ticked, and notes and evidence added.",
    "The reference's \"within two weeks of incident closure\" for the review is counted from resolution.",
  ],
  scope: "incident",
};

/** `close`, or `close --force <reason>` (also `--force=<reason>`). */
function parseClose(args: string[], rest: string) {
  if (args.length === 0) return {};
  const m = /^--force(?:=|\s+|$)([\s\S]*)$/i.exec(rest.trim());
  if (!m) throw usage(closeSpec, `\`close\` takes no arguments except \`--force <reason>\` (got \`${rest.trim()}\`).`);
  const reason = m[1]!.trim().replace(/^"(.*)"$/s, "$1").trim();
  if (!reason) throw usage(closeSpec, "`--force` needs a reason: `close --force <reason>`. It is logged and shown in the report.");
  return { force: reason };
}

export const close = defineCommand({
  spec: closeSpec,
  access: "close",
  changes: true,
  parse: parseClose,
  schema: z.object({ force: z.string().trim().min(3, "The --force reason is too short: say why the incident closes with steps open.").max(500, "The --force reason is too long (at most 500 characters)").optional() }),
  run: (env, input) => movePhase(env, "closed", { force: input.force }),
});
