import { findSpec } from "../commands/specs.js";
import { parseCommand } from "../commands/parse.js";
import { Command, type ParsedLine } from "../commands/command.js";
import { ZodError } from "zod";
import { errorMessage } from "../chat/views/replies.js";
import type { Message } from "../chat/message.js";
import type { ChatPort, SpaceRef } from "../chat/port.js";
import { withActor } from "../context.js";
import type { Actor } from "../domain/people.js";
import { CoreError, UsageError } from "../errors.js";
import { findIncident, openIncidents } from "../incidents/queries.js";
import { recordFailure, recordRejected } from "../incidents/record.js";
import type { IncidentRow } from "../store/schema.js";
import { handleCommand } from "./handlers.js";
import type { Runtime } from "./runtime.js";

export interface Invocation {
  actor: Actor;
  /** What the person typed, with or without the leading `/incident`. */
  text: string;
  /** The platform they typed it on. */
  port: ChatPort;
  /** The conversation they typed it in. */
  space?: SpaceRef;
}

export interface Outcome {
  ok: boolean;
  /** Shown only to the person who ran the command. */
  reply?: Message;
  incident?: IncidentRow;
  /** A space the command created (declare), so an adapter can point the person at it. */
  space?: SpaceRef;
}

/**
 * The single entry point for typed commands on every platform: parse, find the incident, run the
 * verb (which logs), then bring chat up to date. Refusals are logged too, with the reason.
 */
export async function runCommand(rt: Runtime, inv: Invocation): Promise<Outcome> {
  const text = inv.text.replace(/\u0000/g, "").trim();
  const logText = text.startsWith("/") ? text : `/incident ${text}`;
  let parsed: ParsedLine;
  try {
    parsed = parseCommand(text);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const incident = await incidentFromSpace(rt, inv);
    await recordRejected(withActor(rt, inv.actor, logText), error.attempted ?? "unknown", error.message, incident?.id ?? null);
    return { ok: false, reply: errorMessage(error) };
  }
  return executeCommand(rt, inv, parsed.command, { incidentRef: parsed.incidentRef, logText });
}

/**
 * Runs an already-typed command: what modals, forms and buttons use (they build the command
 * instead of typing it). `logText` is what the log records as "typed", e.g. `[modal] declare`.
 */
export async function executeCommand(
  rt: Runtime,
  inv: Omit<Invocation, "text">,
  raw: Command,
  options: { incidentRef?: string; incidentId?: string; logText: string },
): Promise<Outcome> {
  const ctx = withActor(rt, inv.actor, options.logText);
  let incident: IncidentRow | undefined;
  let command: Command | undefined;
  try {
    command = Command.parse(raw);
    incident = options.incidentId ? await findIncident(rt.db, { id: options.incidentId }) : await resolveIncident(rt, inv, command.kind, options.incidentRef);
    if (options.incidentId && !incident) throw new CoreError("not_found", "That incident no longer exists.");
    return await handleCommand(rt, ctx, { ...inv, text: options.logText }, command, incident);
  } catch (error) {
    const kind = command?.kind ?? (raw as { kind?: string }).kind ?? "unknown";
    if (error instanceof ZodError) {
      const message = error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ");
      await recordRejected(ctx, kind, message, incident?.id ?? null, { command: raw });
      return { ok: false, reply: errorMessage(new CoreError("validation", message)), incident };
    }
    if (error instanceof CoreError) {
      await recordRejected(ctx, kind, error.message, incident?.id ?? null, { command });
      return { ok: false, reply: errorMessage(error), incident };
    }
    const reason = error instanceof Error ? error.message : String(error);
    rt.logger.error({ err: error, text: options.logText }, "command failed");
    await recordFailure(ctx, kind, reason, incident?.id ?? null, { command }).catch(() => {});
    return {
      ok: false,
      reply: errorMessage(new CoreError("unavailable", `Something went wrong on our side: ${reason}`, "Nothing was half-done: the change either committed or did not. Check `timeline` and try again.")),
      incident,
    };
  }
}

async function incidentFromSpace(rt: Runtime, inv: Omit<Invocation, "text">): Promise<IncidentRow | undefined> {
  return inv.space ? findIncident(rt.db, { spaceId: inv.space.id, platform: inv.space.platform }) : undefined;
}

async function resolveIncident(rt: Runtime, inv: Omit<Invocation, "text">, kind: string, incidentRef?: string): Promise<IncidentRow | undefined> {
  const spec = findSpec(kind)!;
  if (incidentRef) {
    const found = await findIncident(rt.db, { humanId: incidentRef });
    if (!found) throw new CoreError("not_found", `There is no incident ${incidentRef}.`, "`/incident list` shows the open ones.");
    return found;
  }
  const here = await incidentFromSpace(rt, inv);
  if (here || !spec.needsIncident) return here;
  const open = await openIncidents(rt.db);
  const names = open.map((i) => `${i.humanId}${i.space ? ` (#${i.space.name})` : ""}`).join(", ");
  throw new CoreError(
    "not_found",
    `\`${spec.name}\` needs an incident, and this is not an incident channel.`,
    open.length
      ? `Run it in the incident's channel, or put the id first: \`/incident ${open[0]!.humanId} ${spec.name} …\`. Open incidents: ${names}.`
      : "There are no open incidents. Declare one with `/incident declare P1 <title>`.",
  );
}
