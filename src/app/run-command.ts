import { eq, sql } from "drizzle-orm";
import { ZodError } from "zod";
import type { Block, Message } from "../chat/message.js";
import type { ChatPort, SpaceRef } from "../chat/port.js";
import { richText } from "../chat/rich-text.js";
import { errorMessage } from "../chat/views/replies.js";
import { cleanInput, cleanText } from "../commands/clean.js";
import type { AnyCommand, Invocation, Ran, RunEnv } from "../commands/define.js";
import { parseCommand } from "../commands/parse.js";
import { COMMANDS, type CommandInput, SPECS } from "../commands/registry.js";
import { withActor } from "../context.js";
import type { Actor, Platform } from "../domain/people.js";
import type { Effect } from "../effects/effect.js";
import { enqueueEffects } from "../effects/outbox.js";
import { CoreError, UsageError } from "../errors.js";
import { findIncident, lockIncident } from "../incidents/queries.js";
import { transaction } from "../store/failures.js";
import { appendLog } from "../store/log.js";
import { effects, incidents, type IncidentRow } from "../store/schema.js";
import { reconcileReminders } from "../timers/reconcile.js";
import { claimDelivery, firstOutcome, saveOutcome } from "./deliveries.js";
import { incidentOfSpace, type IncidentTarget, targetIncident } from "./find-incident.js";
import type { Outcome } from "./outcome.js";
import { failureReply, recordRefusal } from "./refusal.js";
import type { Runtime } from "./runtime.js";

export type { Outcome };

/** Who asked, where, through which platform; `delivery` is the platform's id for this request. */
export interface Request {
  actor: Actor;
  port?: ChatPort;
  platform?: Platform;
  space?: SpaceRef;
  delivery?: string;
}

/** How long a declarer's reply waits for the new channel, to link it. */
const SPACE_WAIT_MS = 8000;

/** Typed commands, on every platform: parse, then the same path as everything else. */
export function runCommand(rt: Runtime, request: Request & { text: string }): Promise<Outcome> {
  const text = cleanText(request.text).trim();
  return perform(rt, request, text.startsWith("/") ? text : `/incident ${text}`, () => {
    const { module, command, incidentRef } = parseCommand(text);
    const { kind: _kind, ...raw } = command;
    return { module, raw, target: { incidentRef, space: request.space } };
  });
}

/**
 * Commands built by forms, cards and buttons (`{ kind: "severity", severity: "P1" }`). `logText`
 * is what the log records as typed, e.g. `[modal] declare`.
 */
export function executeCommand(rt: Runtime, request: Request, input: CommandInput, options: { incidentId?: string; incidentRef?: string; logText: string }): Promise<Outcome> {
  return perform(rt, request, options.logText, () => {
    const { kind, ...raw } = cleanInput(input) as { kind: keyof typeof COMMANDS } & Record<string, unknown>;
    const module = COMMANDS[kind] as AnyCommand | undefined;
    if (!module) throw new UsageError(`Unknown command \`${String(kind)}\`.`);
    return { module, raw, target: { incidentId: options.incidentId, incidentRef: options.incidentRef, space: request.space } };
  });
}

/**
 * The one path every command takes: a delivery seen before is answered with its first outcome;
 * the command's schema and the access policy judge the input; slow lookups happen outside any
 * lock; then one transaction locks the incident, runs the verb, reschedules timers, writes the
 * outbox and the log row (last, for the lock order) and records the delivery. Effects are
 * delivered after commit. A refusal is logged with its reason; a failure never shows SQL.
 */
async function perform(rt: Runtime, request: Request, logText: string, parse: () => { module: AnyCommand; raw: Record<string, unknown>; target: IncidentTarget }): Promise<Outcome> {
  const inv: Invocation = { actor: request.actor, platform: request.platform ?? request.port?.platform ?? actorPlatform(request.actor), space: request.space, port: request.port, delivery: request.delivery };
  const ctx = withActor(rt, request.actor, logText);
  let module: AnyCommand | undefined;
  let incident: IncidentRow | undefined;
  try {
    if (inv.delivery) {
      const first = await firstOutcome(rt.db, inv.delivery);
      if (first) return first;
    }
    const parsed = parse();
    module = parsed.module;
    incident = await targetIncident(rt.db, module, parsed.target);
    const input = module.schema.parse(parsed.raw);
    const prepared = module.prepare ? await module.prepare(input, { ctx, inv, incident }) : undefined;
    const done = await transaction(rt.db, async (tx) => {
      if (inv.delivery && !(await claimDelivery(tx, inv.delivery, ctx.clock.now()))) return undefined;
      let locked = incident;
      if (module!.changes && incident) {
        locked = await lockIncident(tx, incident.id);
        if (locked.phase === "closed" && !module!.allowClosed) throw new CoreError("conflict", `${locked.humanId} is closed.`, "Closed incidents are read-only; declare a new incident if it came back.");
      }
      const effects: Effect[] = [];
      const env: RunEnv = { tx, ctx, inv, incident: locked, effects, specs: SPECS };
      const ran = await module!.run(env, input, prepared);
      const subject = ran.incident ?? locked;
      if (module!.changes && subject && ran.log !== false && !ran.unchanged) {
        if (!ran.incident) await tx.update(incidents).set({ version: sql`${incidents.version} + 1` }).where(sql`${incidents.id} = ${subject.id}`);
        // Timers follow the new state in the same transaction: a rollback leaves no stray job.
        await reconcileReminders(tx, ctx, subject.id);
      }
      const effectIds = await enqueueEffects(tx, ctx.clock.now(), effects);
      if (ran.log !== false) {
        await appendLog(tx, ctx.clock, { actor: ctx.actor, incidentId: subject?.id ?? null, text: logText, kind: ran.log?.kind ?? module!.spec.name, outcome: "ok", payload: ran.log?.payload ?? {} });
      }
      const outcome: Outcome = { ok: true, reply: ran.reply, incident: subject };
      if (inv.delivery) await saveOutcome(tx, inv.delivery, outcome);
      return { outcome, ran, effectIds, spaceEffect: effects.findIndex((e) => e.kind === "space.open") };
    });
    if (!done) return (await firstOutcome(rt.db, inv.delivery!)) ?? { ok: true, replayed: true };
    if (done.effectIds.length) rt.deliverer?.poke();
    // Only a process that serves the platform delivers here; elsewhere the reply does not wait.
    const served = !!rt.ports[inv.platform];
    return await afterCommit(rt, done.outcome, done.ran, served && done.spaceEffect >= 0 ? done.effectIds[done.spaceEffect] : undefined);
  } catch (error) {
    return refuse(rt, ctx, inv, module, incident ?? (await incidentOfSpace(rt.db, request.space).catch(() => undefined)), error, logText);
  }
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

async function refuse(rt: Runtime, ctx: ReturnType<typeof withActor>, inv: Invocation, module: AnyCommand | undefined, incident: IncidentRow | undefined, error: unknown, logText: string): Promise<Outcome> {
  const kind = module?.spec.name ?? (error instanceof UsageError ? (error.attempted ?? "unknown") : "unknown");
  if (error instanceof ZodError || error instanceof CoreError) {
    const refusal = error instanceof ZodError ? new CoreError("validation", error.issues.map((i) => i.message).join("; ")) : error;
    const outcome: Outcome = { ok: false, reply: errorMessage(refusal), incident };
    return recordRefusal(rt, ctx, inv, { kind, reason: refusal.message, incidentId: incident?.id ?? null, outcome, logText });
  }
  return failureReply(rt, ctx, { kind, error, incidentId: incident?.id ?? null, logText });
}

function actorPlatform(actor: Actor): Platform {
  return actor.kind === "system" ? "shell" : actor.kind;
}
