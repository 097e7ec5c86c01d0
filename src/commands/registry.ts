import type { z } from "zod";
import { knowCommands } from "../chat/command-words.js";
import { action } from "./action.js";
import { actions } from "./actions.js";
import { assign } from "./assign.js";
import { check, uncheck } from "./check.js";
import { checklist } from "./checklist.js";
import { declare } from "./declare.js";
import type { AnyCommand, CommandSpec } from "./define.js";
import { dismiss } from "./dismiss.js";
import { drill } from "./drill.js";
import { evidence } from "./evidence.js";
import { flag } from "./flag.js";
import { help } from "./help.js";
import { list } from "./list.js";
import { milestone } from "./milestone.js";
import { note } from "./note.js";
import { notify } from "./notify.js";
import { close, resolve, status } from "./phase.js";
import { readiness } from "./readiness.js";
import { report } from "./report.js";
import { reminders } from "./reminders.js";
import { retry } from "./retry.js";
import { roles } from "./roles.js";
import { severity } from "./severity.js";
import { snooze } from "./snooze.js";
import { stats } from "./stats.js";
import { timeline } from "./timeline.js";
import { unassign } from "./unassign.js";
import { update } from "./update.js";
import { vector } from "./vector.js";
import { verify } from "./verify.js";
import { writeup } from "./writeup.js";

/**
 * Every command Firebreak understands, in the order `help` lists them. Adding a command is adding
 * its module here: grammar, schema, access and verb all live in that one file.
 */
export const COMMANDS = {
  declare,
  assign,
  unassign,
  roles,
  severity,
  vector,
  status,
  check,
  uncheck,
  checklist,
  note,
  evidence,
  notify,
  update,
  milestone,
  timeline,
  resolve,
  close,
  writeup,
  action,
  actions,
  report,
  retry,
  flag,
  reminders,
  snooze,
  dismiss,
  drill,
  list,
  stats,
  verify,
  readiness,
  help,
} as const;

export type CommandName = keyof typeof COMMANDS;

/** A command as data, e.g. `{ kind: "severity", severity: "P1" }`: what forms and buttons build. */
export type CommandInput = { [K in CommandName]: { kind: K } & InputOf<(typeof COMMANDS)[K]["schema"]> }[CommandName];
// A command without fields (`close`) has an empty object schema; its input is just its kind.
type InputOf<S extends z.ZodType> = string extends keyof z.input<S> ? unknown : z.input<S>;

export const MODULES: readonly AnyCommand[] = Object.values(COMMANDS) as unknown as AnyCommand[];
export const SPECS: readonly CommandSpec[] = MODULES.map((m) => m.spec);

// Names win over aliases; the first module to claim an alias keeps it.
const BY_WORD = new Map<string, AnyCommand>();
for (const m of MODULES) BY_WORD.set(m.spec.name, m);
for (const m of MODULES) for (const alias of m.spec.aliases) if (!BY_WORD.has(alias)) BY_WORD.set(alias, m);

export function findCommand(word: string): AnyCommand | undefined {
  return BY_WORD.get(word.toLowerCase());
}

knowCommands((word) => findCommand(word)?.spec.name);

export function commandWords(): string[] {
  return [...BY_WORD.keys()];
}
