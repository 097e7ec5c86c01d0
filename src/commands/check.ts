import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { textMessage } from "../chat/message.js";
import type { Ctx } from "../context.js";
import { conflict, invalid } from "../errors.js";
import { type NumberedStep, numberedSteps } from "../playbooks/index.js";
import type { Tx } from "../store/db.js";
import { checklistSteps, type IncidentRow } from "../store/schema.js";
import { refresh } from "./chat-effects.js";
import { type CommandSpec, defineCommand, type Ran, type RunEnv } from "./define.js";
import { usage } from "./grammar.js";
import { closest } from "./tokenize.js";
import { quoted } from "../chat/rich-text.js";

const Input = z.object({
  /** Step keys or their numbers in the incident's list. */
  steps: z.array(z.string().trim().min(1)).min(1).max(60, "At most 60 steps at once"),
  /** A checkbox press, not a typed command: a repeat that changes nothing is not logged. */
  viaButton: z.boolean().default(false),
});

function parseSteps(spec: CommandSpec, args: string[]) {
  const steps = args.flatMap((a) => a.split(",")).filter(Boolean);
  if (steps.length === 0) throw usage(spec, "Name the step: its number from `checklist`, or its key.");
  return { steps };
}

/**
 * Checks or unchecks steps. The write is conditional on the current state, so a click delivered
 * twice, or two people clicking at once, changes the state once and is logged once.
 */
async function toggle(env: RunEnv, input: z.output<typeof Input>, checked: boolean): Promise<Ran> {
  const { tx, ctx, effects } = env;
  const incident = env.incident!;
  const all = numberedSteps(incident.playbooks);
  const wanted = resolveSteps(all, input.steps);
  if (incident.phase === "closed") refuseOutsideReview(incident.humanId, all, wanted);
  const changed: NumberedStep[] = [];
  for (const step of wanted) if (await setStep(tx, ctx, incident, step.key, checked)) changed.push(step);
  const unchanged = wanted.filter((s) => !changed.includes(s));
  const payload = { checked, changed: changed.map((s) => ({ key: s.key, number: s.number })), unchanged: unchanged.map((s) => s.key), viaButton: input.viaButton };
  if (changed.length) effects.push(...refresh(incident.id, { summary: true, sections: [...new Set(changed.map((s) => s.section.key))], steps: changed.map((s) => s.key) }));
  const verb = checked ? "Checked" : "Unchecked";
  const lines = [...(changed.length ? [`${verb}:`, ...changed.map((s) => `${s.number}. ${s.text}`)] : []), ...(unchanged.length ? [`Already ${checked ? "done" : "open"}:`, ...unchanged.map((s) => `${s.number}. ${s.text}`)] : [])];
  return {
    // A button press is answered by redrawing the message it came from, not by a reply.
    reply: input.viaButton ? undefined : textMessage(lines.join("\n")),
    unchanged: changed.length === 0,
    log: changed.length === 0 && input.viaButton ? false : { kind: checked ? "check" : "uncheck", payload },
  };
}

async function setStep(tx: Tx, ctx: Ctx, incident: IncidentRow, key: string, checked: boolean): Promise<boolean> {
  const now = ctx.clock.now();
  const rows = checked
    ? await tx
        .insert(checklistSteps)
        .values({ incidentId: incident.id, stepKey: key, checked: true, changedAt: now, changedBy: ctx.actor })
        .onConflictDoUpdate({ target: [checklistSteps.incidentId, checklistSteps.stepKey], set: { checked: true, changedAt: now, changedBy: ctx.actor }, setWhere: eq(checklistSteps.checked, false) })
        .returning({ key: checklistSteps.stepKey })
    : await tx
        .update(checklistSteps)
        .set({ checked: false, changedAt: now, changedBy: ctx.actor })
        .where(and(eq(checklistSteps.incidentId, incident.id), eq(checklistSteps.stepKey, key), eq(checklistSteps.checked, true)))
        .returning({ key: checklistSteps.stepKey });
  return rows.length > 0;
}

/**
 * A closed incident keeps its post-incident work open: the review and reporting steps can still
 * be ticked (a review held after a forced close, a report filed late); the response's cannot.
 */
function refuseOutsideReview(humanId: string, all: NumberedStep[], wanted: NumberedStep[]) {
  const review = all.filter((s) => s.section.phase === "review");
  if (wanted.every((s) => s.section.phase === "review")) return;
  const range = review.length ? ` (${review[0]!.number}–${review.at(-1)!.number})` : "";
  throw conflict(`${humanId} is closed: only the review and reporting steps${range} can still be ticked.`);
}

export function resolveSteps(all: NumberedStep[], refs: string[]): NumberedStep[] {
  const found: NumberedStep[] = [];
  for (const ref of refs) {
    const numbered = /^#?\d+$/.test(ref);
    const step = numbered ? all.find((s) => s.number === Number(ref.replace("#", ""))) : all.find((s) => s.key === ref.toLowerCase());
    if (!step) {
      if (numbered) throw invalid(`There is no step ${ref}: this incident's steps are numbered 1 to ${all.length}.`, "`checklist` shows the numbers.");
      const guess = closest(ref.toLowerCase(), all.map((s) => s.key));
      throw invalid(`There is no step ${quoted(ref)} on this incident.${guess ? ` Did you mean ${quoted(guess)}?` : ""}`, "`checklist` shows every step with its number and key.");
    }
    if (!found.includes(step)) found.push(step);
  }
  return found;
}

const checkSpec: CommandSpec = {
  name: "check",
  aliases: ["done", "tick", "complete"],
  usage: ["check <step number or key> [more …]"],
  summary: "Mark checklist steps done (numbers are shown by `checklist`)",
  examples: ["check 3", "check evidence.logs", "check 7 8 9"],
  scope: "incident",
};

export const check = defineCommand({
  spec: checkSpec,
  access: "check",
  changes: true,
  allowClosed: true,
  parse: (args) => parseSteps(checkSpec, args),
  schema: Input,
  run: (env, input) => toggle(env, input, true),
});

const uncheckSpec: CommandSpec = {
  name: "uncheck",
  aliases: ["undo", "untick", "reopen-step"],
  usage: ["uncheck <step number or key> [more …]"],
  summary: "Mark checklist steps not done again",
  examples: ["uncheck 3"],
  scope: "incident",
};

export const uncheck = defineCommand({
  spec: uncheckSpec,
  access: "check",
  changes: true,
  allowClosed: true,
  parse: (args) => parseSteps(uncheckSpec, args),
  schema: Input,
  run: (env, input) => toggle(env, input, false),
});
