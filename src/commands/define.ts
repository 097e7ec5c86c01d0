import type { z } from "zod";
import type { AccessRequest, AccessSettings, Action, IncidentFacts } from "../access/policy.js";
import type { Message } from "../chat/message.js";
import type { ChatPort, SpaceRef } from "../chat/port.js";
import type { Ctx } from "../context.js";
import type { Actor, Platform } from "../domain/people.js";
import type { Effect } from "../effects/effect.js";
import type { Tx } from "../store/db.js";
import type { IncidentRow } from "../store/schema.js";

/** The grammar people see: names, usage lines (shown on a mistake), a summary and examples. */
export interface CommandSpec {
  name: string;
  aliases: string[];
  usage: string[];
  summary: string;
  examples: string[];
  /** Rules worth knowing, shown by `help <command>` under the summary. */
  details?: string[];
  /**
   * `incident`: acts on one incident (found from the channel, or a leading INC-… id);
   * `optional`: uses the channel's incident when there is one; `none`: never needs one.
   */
  scope: "incident" | "optional" | "none";
}

/** Who is asking, where, and through which platform: the same for every command. */
export interface Invocation {
  actor: Actor;
  platform: Platform;
  /** The conversation the command came from (its channel, a DM). */
  space?: SpaceRef;
  /** The platform's port, for lookups the grammar needs (who is `@bob`?). Not for posting. */
  port?: ChatPort;
  /**
   * The platform's id for this delivery (Slack trigger id, Teams activity id …). Recorded with the
   * command's change: the same delivery again is answered with the first outcome, not re-run.
   */
  delivery?: string;
}

/** Before the transaction: slow lookups (the platform's user directory), never holding a lock. */
export interface PrepareEnv {
  ctx: Ctx;
  inv: Invocation;
  incident?: IncidentRow;
  /** The incidents among `rows` the person asking may see (private ones only their members and admins). */
  visibleIncidents(rows: IncidentRow[]): Promise<IncidentRow[]>;
}

/** What an `access` function may look at to name the action (who is asking, the incident's roles). */
export interface AccessAbout<P> {
  actor: Actor;
  incident: IncidentRow;
  facts: IncidentFacts;
  settings: AccessSettings;
  prepared: P;
}

/** An action, and for role changes the slot and who would get it. */
export interface AccessAsk {
  action: Action;
  target?: AccessRequest["target"];
}

/** Inside the one transaction of the command. */
export interface RunEnv {
  tx: Tx;
  ctx: Ctx;
  inv: Invocation;
  /** The incident, row-locked when the command `changes` it. */
  incident?: IncidentRow;
  /** Chat effects to deliver after commit, in order: written to the outbox with the change. */
  effects: Effect[];
  /** Every command's grammar, for `help`. */
  specs: readonly CommandSpec[];
}

export interface LogPart {
  /** Defaults to the command's name; `resolve` and `close` log as themselves. */
  kind?: string;
  payload?: Record<string, unknown>;
}

export interface Ran {
  /** Shown to the person who asked (privately where the platform can). */
  reply?: Message;
  /** What the log row records; `false` for a repeat that changed nothing (a double click). */
  log?: LogPart | false;
  /** An incident the command created (declare, drill): it is logged and scheduled against it. */
  incident?: IncidentRow;
  /** The reply waits (briefly) for the new space, so it can link to it. */
  waitForSpace?: boolean;
  /** A `changes` command that found nothing to change: no version bump, no rescheduling. */
  unchanged?: boolean;
  /**
   * The reply names incidents someone else may not see (`list` showing a private one): it goes
   * only to the asker, wherever they asked. Replies about one incident are judged by the runner.
   */
  confidential?: boolean;
}

/**
 * One command, whole: its grammar (`spec`, `parse`), its input schema, who may run it (`access`,
 * read by the one access policy), and its verb (`run`), which changes state in the runner's
 * transaction and returns the reply and the chat effects it wants. The runner does the rest for
 * every command alike: de-duplication, access, locking, the log row, the outbox, retries.
 */
export interface CommandModule<S extends z.ZodType = z.ZodType, P = undefined> {
  spec: CommandSpec;
  /**
   * The action the access policy judges (src/access/policy.ts RULES: `severity`, `note`, `list` …);
   * a function when one command covers several actions (`status` views or moves; `assign me` on
   * an empty slot is a claim). The function runs after `prepare`, with the incident's roles.
   */
  access: Action | ((input: z.output<S>, about: AccessAbout<P>) => Action | AccessAsk);
  /** Changes the incident: it is locked, its version bumped and its timers reconciled. */
  changes: boolean;
  /** Still allowed once the incident is closed (notes, evidence arrive late). */
  allowClosed?: boolean;
  /** Typed words → raw input for `schema`; throws a UsageError with usage on a mistake. */
  parse(args: string[], rest: string): Record<string, unknown>;
  schema: S;
  prepare?(input: z.output<S>, env: PrepareEnv): Promise<P>;
  run(env: RunEnv, input: z.output<S>, prepared: P): Promise<Ran>;
}

/** Any command, as the runner handles them. */
export type AnyCommand = CommandModule<z.ZodType, any>;

export function defineCommand<S extends z.ZodType, P = undefined>(module: CommandModule<S, P>): CommandModule<S, P> {
  return module;
}
