import { eq, sql } from "drizzle-orm";
import { ZodError } from "zod";
import type { Block, Message } from "../chat/message.js";
import type { ChatPort, SpaceRef } from "../chat/port.js";
import { richText } from "../chat/rich-text.js";
import { errorMessage } from "../chat/views/replies.js";
import { addMembers } from "../access/facts.js";
import { cleanInput, cleanText } from "../commands/clean.js";
import type { AnyCommand, Invocation, Ran, RunEnv } from "../commands/define.js";
import { findCommand, parseCommand } from "../commands/parse.js";
import { COMMANDS, type CommandInput, SPECS } from "../commands/registry.js";
import { type Ctx, withActor } from "../context.js";
import type { Actor, Platform } from "../domain/people.js";
import type { Effect } from "../effects/effect.js";
import { enqueueEffects } from "../effects/outbox.js";
import { CoreError, UsageError } from "../errors.js";
import { findIncident, lockIncident } from "../incidents/queries.js";
import { pastedCredential, pastedWarningLine } from "../security/pasted-credential.js";
import { type FoundSecret, redactFields, redactSecrets } from "../security/redact.js";
import { commandSizeRefusal, truncateForLog } from "../security/text-limits.js";
import type { Tx } from "../store/db.js";
import { transaction } from "../store/failures.js";
import { appendLog } from "../store/log.js";
import { effects, incidents, type IncidentRow } from "../store/schema.js";
import { reconcileReminders } from "../timers/reconcile.js";
import { claimDelivery, firstOutcome, saveOutcome } from "./deliveries.js";
import { AccessRefusal, AccessStep } from "./access-step.js";
import { asIfUnknown, incidentOfSpace, type IncidentTarget, targetIncident } from "./find-incident.js";
import type { Outcome } from "./outcome.js";
import { failureReply, recordRefusal } from "./refusal.js";
import type { Runtime } from "./runtime.js";

export type { Outcome };

/** Who asked, where, through which platform; `delivery` is the platform's id for this request. */
export interface Request {
  actor: Actor;
  /** From the signed payload: the sender is a bot account (a Teams `28:` id), which may hold no role. */
  actorIsBot?: boolean;
  port?: ChatPort;
  platform?: Platform;
  space?: SpaceRef;
  delivery?: string;
}

/** What the log records as typed (secrets already replaced), and which secrets were replaced where. */
interface Typed {
  logText: string;
  found: (FoundSecret & { path: string })[];
}

/** How long a declarer's reply waits for the new channel, to link it. */
const SPACE_WAIT_MS = 8000;

/**
 * Typed commands, on every platform. A pasted secret is replaced by `[REDACTED:<kind>]` before the
 * line is parsed, so neither the log, a reply, a usage error nor a stored field ever holds it; a
 * line too long for any command is refused before it is even read.
 */
export function runCommand(rt: Runtime, request: Request & { text: string }): Promise<Outcome> {
  const tooBig = commandSizeRefusal(request.text);
  // Cut before anything else reads it: the log says how big it was, not what it said.
  if (tooBig) return refuseOversized(rt, request, asTyped(cleanText(truncateForLog(request.text.trim()))), tooBig);
  const { text, found } = redactSecrets(cleanText(request.text).trim());
  const typed: Typed = { logText: asTyped(text), found: found.map((f) => ({ ...f, path: "text" })) };
  return perform(rt, request, typed, () => {
    const { module, command, incidentRef } = parseCommand(text);
    const { kind: _kind, ...raw } = command;
    return { module, raw, target: { incidentRef, space: request.space } };
  });
}

/**
 * Commands built by forms, cards and buttons (`{ kind: "severity", severity: "P1" }`). `logText`
 * is what the log records as typed, e.g. `[modal] declare`. Every field is redacted like a typed line.
 */
export function executeCommand(rt: Runtime, request: Request, input: CommandInput, options: { incidentId?: string; incidentRef?: string; logText: string }): Promise<Outcome> {
  const redacted = redactFields(cleanInput(input));
  const typed: Typed = { logText: redactSecrets(options.logText).text, found: redacted.found };
  return perform(rt, request, typed, () => {
    const { kind, ...raw } = redacted.value as { kind: keyof typeof COMMANDS } & Record<string, unknown>;
    const module = COMMANDS[kind] as AnyCommand | undefined;
    if (!module) throw new UsageError(`Unknown command \`${String(kind)}\`.`);
    return { module, raw, target: { incidentId: options.incidentId, incidentRef: options.incidentRef, space: request.space } };
  });
}

/**
 * The one path every command takes: a delivery seen before is answered with its first outcome;
 * the access policy decides whether the person may see the incident at all (before anything slow
 * or revealing), the command's schema judges the input, slow lookups happen outside any lock,
 * then one transaction locks the incident, lets the policy judge the action on the incident as it
 * is now, runs the verb, reschedules timers, writes the outbox and the log row (last, for the lock
 * order) and records the delivery. Effects are delivered after commit. A refusal is logged with
 * its real reason; a failure never shows SQL.
 */
async function perform(rt: Runtime, request: Request, typed: Typed, parse: () => { module: AnyCommand; raw: Record<string, unknown>; target: IncidentTarget }): Promise<Outcome> {
  const inv: Invocation = { actor: request.actor, platform: request.platform ?? request.port?.platform ?? actorPlatform(request.actor), space: request.space, port: request.port, delivery: request.delivery };
  const ctx = withActor(rt, request.actor, typed.logText);
  const access = new AccessStep(rt, inv, request.actorIsBot);
  const visible = (rows: IncidentRow[]) => access.visible(rows);
  let module: AnyCommand | undefined;
  let incident: IncidentRow | undefined;
  try {
    if (inv.delivery) {
      const first = await firstOutcome(rt.db, inv.delivery);
      if (first) return first;
    }
    const parsed = parse();
    const target = parsed.target;
    module = parsed.module;
    incident = await targetIncident(rt.db, module, target, visible);
    const facts = incident ? await access.mustSee(incident, () => asIfUnknown(rt.db, module!, target, visible)) : undefined;
    const input = module.schema.parse(parsed.raw);
    const prepared = module.prepare ? await module.prepare(input, { ctx, inv, incident, visibleIncidents: visible }) : undefined;
    const ask = incident && facts ? await access.action(module, input, prepared, incident, facts) : undefined;
    const done = await transaction(rt.db, async (tx) => {
      if (inv.delivery && !(await claimDelivery(tx, inv.delivery, ctx.clock.now()))) return undefined;
      let locked = incident;
      if (module!.changes && incident) {
        locked = await lockIncident(tx, incident.id);
        if (locked.phase === "closed" && !module!.allowClosed) throw new CoreError("conflict", `${locked.humanId} is closed.`, "Closed incidents are read-only; declare a new incident if it came back.");
      }
      if (ask && locked) await access.judge(tx, ask, locked);
      const effects: Effect[] = [];
      const env: RunEnv = { tx, ctx, inv, incident: locked, effects, specs: SPECS };
      const ran = await module!.run(env, input, prepared);
      const subject = ran.incident ?? locked;
      if (module!.changes && subject && ran.log !== false && !ran.unchanged) {
        if (!ran.incident) await tx.update(incidents).set({ version: sql`${incidents.version} + 1` }).where(sql`${incidents.id} = ${subject.id}`);
        // Timers follow the new state in the same transaction: a rollback leaves no stray job.
        await reconcileReminders(tx, ctx, subject.id);
      }
      if (typed.found.length && subject) effects.push(...(await pastedCredential(tx, ctx, subject, typed.found)));
      await recordInvited(tx, ctx, effects);
      const effectIds = await enqueueEffects(tx, ctx.clock.now(), effects, {
        platforms: subject?.spacePlatform ? new Map([[subject.id, subject.spacePlatform]]) : undefined,
        quietInvites: (platform) => !!rt.ports[platform as Platform]?.invitesQuietly,
      });
      if (ran.log !== false) {
        const payload = { ...(ran.log?.payload ?? {}), ...(typed.found.length ? { redacted: typed.found } : {}) };
        await appendLog(tx, ctx.clock, { actor: ctx.actor, incidentId: subject?.id ?? null, text: typed.logText, kind: ran.log?.kind ?? module!.spec.name, outcome: "ok", payload });
      }
      const confidential = !!ran.confidential || (!!subject && !inOwnSpace(subject, inv.space) && (subject.isPrivate || !ran.incident));
      // The asker is told too, in the answer they get (the space is warned by the effect above).
      const reply = ran.reply && withPastedWarning(ran.reply, typed.found);
      const outcome: Outcome = { ok: true, reply, incident: subject, confidential };
      if (inv.delivery) await saveOutcome(tx, inv.delivery, outcome);
      return { outcome, ran, effectIds, spaceEffect: effects.findIndex((e) => e.kind === "space.open") };
    });
    if (!done) return (await firstOutcome(rt.db, inv.delivery!)) ?? { ok: true, replayed: true };
    if (done.effectIds.length) rt.deliverer?.poke();
    // Only a process that serves the platform delivers here; elsewhere the reply does not wait.
    const served = !!rt.ports[inv.platform];
    const outcome = await afterCommit(rt, done.outcome, done.ran, served && done.spaceEffect >= 0 ? done.effectIds[done.spaceEffect] : undefined);
    // A replay of this delivery gets the answer as finally given (with the channel's link).
    if (inv.delivery && outcome !== done.outcome) await saveOutcome(rt.db, inv.delivery, outcome).catch(() => {});
    return outcome;
  } catch (error) {
    return refuse(rt, ctx, inv, { module, incident: incident ?? (await incidentOfSpace(rt.db, request.space).catch(() => undefined)), error, typed });
  }
}

/** People an effect brings into the response stay members of the incident (they see it when private). */
async function recordInvited(tx: Tx, ctx: Ctx, effects: Effect[]): Promise<void> {
  for (const effect of effects) if (effect.kind === "invite") await addMembers(tx, effect.incidentId, effect.people, ctx.clock.now(), ctx.actor);
}

/** Asked in the incident's own space: the answer may be seen by everyone there. */
function inOwnSpace(incident: IncidentRow, space: SpaceRef | undefined): boolean {
  return !!space && !!incident.space && incident.space.platform === space.platform && incident.space.id === space.id;
}

/** A new incident's reply waits briefly for its space, to link it; nothing here can undo the commit. */
async function afterCommit(rt: Runtime, outcome: Outcome, ran: Ran, spaceEffectId: number | undefined): Promise<Outcome> {
  if (!ran.waitForSpace || !outcome.incident || spaceEffectId === undefined || !rt.deliverer) return outcome;
  try {
    const status = (await rt.deliverer.waitFor([spaceEffectId], SPACE_WAIT_MS)).get(spaceEffectId);
    const incident = (await findIncident(rt.db, { id: outcome.incident.id })) ?? outcome.incident;
    // The space as each platform links it: a Slack channel, a Teams channel or thread.
    const where: Block = incident.space
      ? { type: "text", text: ["Join the response: ", { space: incident.space }] }
      : status === "failed"
        ? { type: "text", text: [{ strong: "⚠ " }, ...richText(`I recorded ${incident.humanId}, but could not create its channel: ${await lastError(rt, spaceEffectId)}. Fix that, then run \`${incident.humanId} retry\`: everything waiting is posted, in order.`)] }
        : { type: "text", text: ["Its channel is being created; you are invited to it as soon as it exists."] };
    const reply: Message | undefined = outcome.reply ? { text: outcome.reply.text, blocks: [...outcome.reply.blocks, where] } : undefined;
    return { ...outcome, incident, space: incident.space ?? undefined, reply };
  } catch (error) {
    rt.logger.warn({ err: error }, "could not check the new incident's space");
    return outcome;
  }
}

async function lastError(rt: Runtime, effectId: number): Promise<string> {
  const [row] = await rt.db.select({ lastError: effects.lastError }).from(effects).where(eq(effects.id, effectId));
  return row?.lastError ?? "the platform refused";
}

async function refuse(rt: Runtime, ctx: Ctx, inv: Invocation, failed: { module: AnyCommand | undefined; incident: IncidentRow | undefined; error: unknown; typed: Typed }): Promise<Outcome> {
  const { module, error, typed } = failed;
  const kind = module?.spec.name ?? (error instanceof UsageError ? (error.attempted ?? "unknown") : "unknown");
  // A rejected line is logged redacted and cut: a pasted megabyte is not kept whole.
  const logText = truncateForLog(typed.logText);
  if (error instanceof ZodError || error instanceof CoreError) {
    const refusal = error instanceof ZodError ? new CoreError("validation", error.issues.map((i) => i.message).join("; ")) : error;
    // Someone who may not see the incident hears what they would hear if it did not exist.
    const incident = error instanceof AccessRefusal && error.hidden ? undefined : failed.incident;
    const reply = withPastedWarning(errorMessage(refusal), typed.found);
    const outcome: Outcome = { ok: false, reply, incident, confidential: !!incident && !inOwnSpace(incident, inv.space) };
    const reason = error instanceof AccessRefusal ? error.reason : refusal.message;
    return recordRefusal(rt, ctx, inv, { kind, reason, incidentId: failed.incident?.id ?? null, outcome, logText });
  }
  return failureReply(rt, ctx, { kind, error, incidentId: failed.incident?.id ?? null, logText });
}

/** A line too long for any command: refused before it is parsed; `logText` is already cut (and redacted). */
function refuseOversized(rt: Runtime, request: Request, logText: string, problem: string): Promise<Outcome> {
  const inv: Invocation = { actor: request.actor, platform: request.platform ?? request.port?.platform ?? actorPlatform(request.actor), space: request.space, port: request.port, delivery: request.delivery };
  const ctx = withActor(rt, request.actor, logText);
  const verb = /^\/?incident\s+(?:(?:INC|DRILL)-\d{4}-\d+\s+)?([a-z?-]+)/i.exec(logText.slice(0, 200))?.[1];
  const kind = (verb && findCommand(verb)?.spec.name) || "unknown";
  return recordRefusal(rt, ctx, inv, { kind, reason: problem, incidentId: null, outcome: { ok: false, reply: errorMessage(new CoreError("validation", problem)) }, logText });
}

/** What the log records as typed: the line, after `/incident` when it was typed without it. */
function asTyped(text: string): string {
  return text.startsWith("/") ? text : `/incident ${text}`;
}

function withPastedWarning(reply: Message, found: FoundSecret[]): Message {
  if (!found.length) return reply;
  const line = pastedWarningLine(found);
  return { text: `${reply.text}\n${line}`, blocks: [...reply.blocks, { type: "text", text: [line] }] };
}

function actorPlatform(actor: Actor): Platform {
  return actor.kind === "system" ? "shell" : actor.kind;
}
