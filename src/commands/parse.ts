import type { z } from "zod";
import { ATTACK_VECTORS, parseAttackVector } from "../domain/attack-vector.js";
import { DETECTION_SOURCES, parseDetectionSource } from "../domain/detection-source.js";
import { MILESTONES, PHASES, parsePhase, SETTABLE_MILESTONES } from "../domain/lifecycle.js";
import { ROLES, parseRole } from "../domain/roles.js";
import { parseSeverity } from "../domain/severity.js";
import { UsageError } from "../errors.js";
import { parseDuration } from "../domain/time.js";
import { DRILL_SCENARIOS, findScenario } from "../drills/scenarios.js";
import { Command, INCIDENT_REF, type ParsedLine, type PersonRef } from "./command.js";
import { allCommandWords, COMMAND_SPECS, type CommandSpec, findSpec, usageOf } from "./specs.js";
import { closest, restAfter, tokenize } from "./tokenize.js";

/**
 * Parses what follows `/incident` (a leading `/incident` is tolerated). Returns a typed command or
 * throws a UsageError naming the valid forms and, for a typo, the closest subcommand.
 */
export function parseCommand(input: string): ParsedLine {
  let text = input.replace(/\u0000/g, "").trim().replace(/^\/?incident\b\s*/i, "");
  let tokens = tokenize(text);
  let incidentRef: string | undefined;
  if (tokens[0] && INCIDENT_REF.test(tokens[0])) {
    incidentRef = tokens[0].toUpperCase();
    text = restAfter(text, 1);
    tokens = tokens.slice(1);
  }
  const word = tokens[0];
  if (!word) {
    throw new UsageError("Tell me what to do: `/incident <command>`.", overview());
  }
  const spec = findSpec(word);
  if (!spec) {
    const suggestion = closest(word, allCommandWords());
    const suggested = suggestion ? findSpec(suggestion) : undefined;
    throw new UsageError(
      `Unknown command \`${word}\`.${suggested ? ` Did you mean \`${suggested.name}\`?` : ""}`,
      suggested ? `${usageOf(suggested)}\n\n${overview()}` : overview(),
      suggested?.name ?? word.toLowerCase(),
    );
  }
  const args = tokens.slice(1);
  const rest = restAfter(text, 1);
  const raw = buildCommand(spec, args, rest);
  const parsed = Command.safeParse(raw);
  if (!parsed.success) throw usage(spec, describeIssues(parsed.error));
  return { command: parsed.data, incidentRef };
}

function buildCommand(spec: CommandSpec, args: string[], rest: string): Record<string, unknown> {
  switch (spec.name) {
    case "declare":
      return parseDeclare(spec, args);
    case "assign":
      return parseAssign(spec, args);
    case "unassign": {
      const slot = args.some((a) => a.toLowerCase() === "backup") ? "backup" : "primary";
      const others = args.filter((a) => a.toLowerCase() !== "backup");
      if (others.length !== 1) throw usage(spec, "Name one role.");
      return { kind: "unassign", role: roleOf(spec, others[0]!), slot };
    }
    case "severity": {
      if (args.length !== 1) throw usage(spec, "Give one severity: P1, P2, P3 or P4.");
      const severity = parseSeverity(args[0]!);
      if (!severity) throw usage(spec, `\`${args[0]}\` is not a severity; use P1 (most severe) to P4.`);
      return { kind: "severity", severity };
    }
    case "vector": {
      const vector = parseAttackVector(args.join("-"));
      if (!vector) throw usage(spec, `\`${args.join(" ") || "(nothing)"}\` is not an attack vector; use one of ${ATTACK_VECTORS.join(", ")}.`);
      return { kind: "vector", vector };
    }
    case "status": {
      if (args.length === 0) return { kind: "status" };
      const phase = parsePhase(args.join("-"));
      if (!phase) throw usage(spec, `\`${args.join(" ")}\` is not a phase; use one of ${PHASES.join(", ")}.`);
      return { kind: "status", phase };
    }
    case "check":
    case "uncheck": {
      const steps = args.flatMap((a) => a.split(",")).filter(Boolean);
      if (steps.length === 0) throw usage(spec, "Name the step: its number from `checklist`, or its key.");
      return { kind: spec.name, steps };
    }
    case "checklist":
      return { kind: "checklist", section: args.length ? args.join("-").toLowerCase() : undefined };
    case "note":
      return { kind: "note", text: rest };
    case "update":
      return { kind: "update", text: rest };
    case "evidence": {
      const url = args.find((a) => /^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(a));
      return { kind: "evidence", description: rest, url };
    }
    case "notify": {
      const audience = (args[0] ?? "stakeholders").toLowerCase();
      if (!["stakeholders", "regulator"].includes(audience) || args.length > 1) throw usage(spec, `\`notify ${args.join(" ")}\` — say \`notify\` (stakeholders) or \`notify regulator\`.`);
      return { kind: "notify", audience };
    }
    case "flag": {
      const what = args.join("-").toLowerCase();
      if (!["personal-data", "pii", "personal"].includes(what)) throw usage(spec, `\`${args.join(" ") || "(nothing)"}\` is not a flag; the one flag is \`personal-data\`.`);
      return { kind: "flag", flag: "personal-data" };
    }
    case "snooze": {
      if (args.length < 1 || args.length > 2) throw usage(spec, "Name the reminder (the code under the nudge) and, if you like, for how long.");
      const minutes = args[1] === undefined ? undefined : parseDuration(args[1]);
      if (args[1] !== undefined && minutes === undefined) throw usage(spec, `\`${args[1]}\` is not a duration like 30m, 2h or 1d.`);
      return { kind: "snooze", reminder: args[0]!, minutes };
    }
    case "dismiss":
      if (args.length !== 1) throw usage(spec, "Name one reminder: the code under the nudge.");
      return { kind: "dismiss", reminder: args[0]! };
    case "drill": {
      let speed: number | undefined;
      const rest: string[] = [];
      for (let i = 0; i < args.length; i++) {
        const m = /^--speed(?:=(.*))?$/i.exec(args[i]!);
        if (!m) {
          rest.push(args[i]!);
          continue;
        }
        const v = m[1] ?? args[++i];
        speed = Number(v);
        if (!v || !Number.isInteger(speed) || speed < 1 || speed > 3600) throw usage(spec, `\`--speed\` takes a whole number from 1 to 3600 (got \`${v ?? ""}\`).`);
      }
      const scenario = findScenario(rest.join("-"));
      if (!scenario) throw usage(spec, `\`${rest.join(" ") || "(nothing)"}\` is not a drill scenario; use one of ${DRILL_SCENARIOS.map((d) => d.name).join(", ")}.`);
      return { kind: "drill", scenario: scenario.name, speed };
    }
    case "milestone": {
      const name = args[0]?.toLowerCase();
      if (!name || !(SETTABLE_MILESTONES as readonly string[]).includes(name)) {
        throw usage(spec, `Name a milestone: ${SETTABLE_MILESTONES.join(", ")}${name && (MILESTONES as readonly string[]).includes(name) ? ` (${name} is set by Firebreak itself)` : ""}.`);
      }
      if (args.length < 2) throw usage(spec, `When? e.g. \`milestone ${name} 14:05\` or \`milestone ${name} "30m ago"\`.`);
      return { kind: "milestone", milestone: name, at: args.slice(1).join(" ") };
    }
    case "resolve":
      return { kind: "resolve", resolution: rest || undefined };
    case "help":
      return { kind: "help", topic: args[0]?.toLowerCase() };
    default:
      if (args.length > 0) throw usage(spec, `\`${spec.name}\` takes no arguments.`);
      return { kind: spec.name };
  }
}

function parseDeclare(spec: CommandSpec, args: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { kind: "declare", private: false };
  const title: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const token = args[i]!;
    const option = /^--([a-z][a-z-]*)(?:=(.*))?$/i.exec(token);
    if (option) {
      const name = option[1]!.toLowerCase();
      const value = () => {
        const v = option[2] ?? args[++i];
        if (v === undefined) throw usage(spec, `\`--${name}\` needs a value.`);
        return v;
      };
      switch (name) {
        case "private":
          out.private = true;
          break;
        case "source": {
          const v = value();
          out.source = parseDetectionSource(v);
          if (!out.source) throw usage(spec, `\`${v}\` is not a detection source; use one of ${DETECTION_SOURCES.join(", ")}.`);
          break;
        }
        case "started":
          out.started = value();
          break;
        case "desc":
        case "description":
          out.description = value();
          break;
        case "sev":
        case "severity": {
          const v = value();
          out.severity = parseSeverity(v);
          if (!out.severity) throw usage(spec, `\`${v}\` is not a severity; use P1 to P4.`);
          break;
        }
        case "vector": {
          const v = value();
          out.vector = parseAttackVector(v);
          if (!out.vector) throw usage(spec, `\`${v}\` is not an attack vector; use one of ${ATTACK_VECTORS.join(", ")}.`);
          break;
        }
        default:
          throw usage(spec, `Unknown option \`${token}\`; options are --source, --started, --private, --description.`);
      }
      continue;
    }
    // Severity and vector may lead the title, in either order: `declare P1 prompt-injection …`.
    if (title.length === 0 && out.severity === undefined && parseSeverity(token)) {
      out.severity = parseSeverity(token);
      continue;
    }
    // Only unmistakable vector words lead: `infrastructure` yes, a title starting "Injection …" no.
    if (title.length === 0 && out.vector === undefined && isVectorWord(token)) {
      out.vector = parseAttackVector(token);
      continue;
    }
    title.push(token);
  }
  if (title.length === 0) throw usage(spec, "Give the incident a title, e.g. what users are seeing.");
  out.title = title.join(" ");
  return out;
}

function isVectorWord(token: string): boolean {
  const lower = token.toLowerCase();
  return (ATTACK_VECTORS as readonly string[]).includes(lower) || (lower.includes("-") && parseAttackVector(lower) !== undefined);
}

function parseAssign(spec: CommandSpec, args: string[]): Record<string, unknown> {
  let role: string | undefined;
  let person: PersonRef | undefined;
  let slot: "primary" | "backup" = "primary";
  for (const token of args) {
    const lower = token.toLowerCase();
    if (lower === "backup") slot = "backup";
    else if (lower === "primary" || lower === "to" || lower === "as") continue;
    else if (!person && personRef(token)) person = personRef(token);
    else if (!role && parseRole(token)) role = parseRole(token);
    else throw usage(spec, `I can't read \`${token}\`: expected a role (${ROLES.join(", ")}) and a person (@name or me).`);
  }
  if (!role) throw usage(spec, `Which role? One of ${ROLES.join(", ")}.`);
  if (!person) throw usage(spec, `Who? Mention them (@name) or say \`me\`.`);
  return { kind: "assign", role, slot, person };
}

function personRef(token: string): PersonRef | undefined {
  if (token.toLowerCase() === "me") return { me: true };
  const slack = /^<@([A-Z0-9_]+)(?:\|([^>]+))?>$/i.exec(token);
  if (slack) return { id: slack[1]!, handle: slack[2] };
  const at = /^@([\p{L}\p{N}._-]+)$/u.exec(token);
  if (at) return { handle: at[1]! };
  return undefined;
}

function roleOf(spec: CommandSpec, token: string) {
  const role = parseRole(token);
  if (!role) throw usage(spec, `\`${token}\` is not a role; use one of ${ROLES.join(", ")}.`);
  return role;
}

function usage(spec: CommandSpec, problem: string): UsageError {
  const examples = spec.examples.map((e) => `  /incident ${e}`).join("\n");
  return new UsageError(problem, `Usage:\n${usageOf(spec)}\nExamples:\n${examples}`, spec.name);
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => i.message).join("; ");
}

/** The short list of every command, shown after an unknown word. */
export function overview(): string {
  return `Commands: ${COMMAND_SPECS.map((s) => s.name).join(", ")}.\nType \`/incident help <command>\` for details.`;
}
