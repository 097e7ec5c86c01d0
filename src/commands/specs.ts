/** The one grammar every platform shares. `usage` lines are what people see on a mistake. */
export interface CommandSpec {
  name: string;
  aliases: string[];
  usage: string[];
  summary: string;
  examples: string[];
  /** Commands that act on one incident find it from the channel (or a leading INC-… id). */
  needsIncident: boolean;
}

export const COMMAND_SPECS: CommandSpec[] = [
  {
    name: "declare",
    aliases: ["new", "open", "start", "raise"],
    usage: ["declare [P1-P4] [vector] [--source <source>] [--started <time>] [--private] <title>"],
    summary: "Declare an incident: opens its channel, roles, checklists and the first-hour plan",
    examples: ["declare P1 prompt-injection Support bot leaks its system prompt", "declare P2 data-poisoning --source audit --started \"2h ago\" Fraud model flags drift"],
    needsIncident: false,
  },
  {
    name: "assign",
    aliases: ["role", "set-role"],
    usage: ["assign <role> [backup] <@person|me>"],
    summary: "Give a role (commander, tech-lead, comms-lead, legal) or its backup to someone",
    examples: ["assign commander @alice", "assign tech-lead backup @bob", "assign legal me"],
    needsIncident: true,
  },
  {
    name: "unassign",
    aliases: ["unset-role", "release"],
    usage: ["unassign <role> [backup]"],
    summary: "Leave a role (or its backup) empty",
    examples: ["unassign comms-lead backup"],
    needsIncident: true,
  },
  { name: "roles", aliases: ["who", "team"], usage: ["roles"], summary: "Show who holds each role and backup", examples: ["roles"], needsIncident: true },
  {
    name: "severity",
    aliases: ["sev", "priority"],
    usage: ["severity <P1|P2|P3|P4>"],
    summary: "Change the severity (see `help severity` for the criteria)",
    examples: ["severity P1"],
    needsIncident: true,
  },
  {
    name: "vector",
    aliases: ["attack", "type"],
    usage: ["vector <attack vector>"],
    summary: "Record the attack vector; a matching scenario playbook is attached",
    examples: ["vector data-poisoning"],
    needsIncident: true,
  },
  {
    name: "status",
    aliases: ["phase", "move", "stage"],
    usage: ["status", "status <triage|containment|investigation|remediation|resolved|review|closed>"],
    summary: "Show the status, or move the incident to another phase",
    examples: ["status containment", "status investigation"],
    needsIncident: true,
  },
  {
    name: "check",
    aliases: ["done", "tick", "complete"],
    usage: ["check <step number or key> [more …]"],
    summary: "Mark checklist steps done (numbers are shown by `checklist`)",
    examples: ["check 3", "check evidence.logs", "check 7 8 9"],
    needsIncident: true,
  },
  {
    name: "uncheck",
    aliases: ["undo", "untick", "reopen-step"],
    usage: ["uncheck <step number or key> [more …]"],
    summary: "Mark checklist steps not done again",
    examples: ["uncheck 3"],
    needsIncident: true,
  },
  {
    name: "checklist",
    aliases: ["checklists", "steps", "tasks", "todo"],
    usage: ["checklist [section or phase]"],
    summary: "Show the checklists, or one section (e.g. `checklist evidence`)",
    examples: ["checklist", "checklist containment", "checklist first-hour"],
    needsIncident: true,
  },
  { name: "note", aliases: ["log", "comment"], usage: ["note <text>"], summary: "Add a finding or decision to the incident log", examples: ["note Attack payload hidden in support ticket #4411"], needsIncident: true },
  {
    name: "evidence",
    aliases: ["ev", "artifact", "artefact"],
    usage: ["evidence <description or URL>"],
    summary: "Record a piece of evidence; Firebreak stores its SHA-256 and who collected it",
    examples: ["evidence s3://forensics/inc-42/model-weights.tar.gz", "evidence Screenshot of leaked prompt in ticket 4411"],
    needsIncident: true,
  },
  {
    name: "notify",
    aliases: ["notified"],
    usage: ["notify [stakeholders|regulator]"],
    summary: "Record that stakeholders (or the regulator) were notified: sets that milestone, stops its clock",
    examples: ["notify", "notify regulator"],
    needsIncident: true,
  },
  {
    name: "update",
    aliases: ["status-update", "brief"],
    usage: ["update <text>"],
    summary: "Post a status update for stakeholders",
    examples: ["update Model offline; input filter deployed; investigating scope"],
    needsIncident: true,
  },
  {
    name: "milestone",
    aliases: ["mark", "when"],
    usage: ["milestone <started|detected|notified|contained|resolved> <time>"],
    summary: "Set or correct a milestone time (now, 14:05, \"30m ago\", 2026-11-25T14:05Z)",
    examples: ["milestone started \"3h ago\"", "milestone detected 13:40"],
    needsIncident: true,
  },
  { name: "timeline", aliases: ["history", "events"], usage: ["timeline"], summary: "Show key times and everything that happened", examples: ["timeline"], needsIncident: true },
  { name: "resolve", aliases: ["resolved", "mitigated"], usage: ["resolve [resolution]"], summary: "Mark the incident resolved", examples: ["resolve Fix deployed and validated by red team", "resolve false positive"], needsIncident: true },
  { name: "close", aliases: ["closed", "finish"], usage: ["close"], summary: "Close the incident (after resolve or the review)", examples: ["close"], needsIncident: true },
  {
    name: "channel",
    aliases: ["retry-channel", "space"],
    usage: ["INC-YYYY-NNNN channel"],
    summary: "Create the incident's channel again if it failed at declare time",
    examples: ["INC-2026-0042 channel"],
    needsIncident: true,
  },
  {
    name: "flag",
    aliases: ["mark-as"],
    usage: ["flag personal-data"],
    summary: "Flag the incident as exposing personal data: starts the 72-hour regulator notification clock",
    examples: ["flag personal-data"],
    needsIncident: true,
  },
  {
    name: "snooze",
    aliases: ["later", "remind-later"],
    usage: ["snooze <reminder> [duration]"],
    summary: "Put a nudge off (default 30m); the reminder id is shown under each nudge",
    examples: ["snooze 3f2a9c1b", "snooze 3f2a9c1b 1h"],
    needsIncident: true,
  },
  {
    name: "dismiss",
    aliases: ["ack", "acknowledge"],
    usage: ["dismiss <reminder>"],
    summary: "Mark a nudge handled: its snoozes (and, for an overdue step, the escalation) are cancelled",
    examples: ["dismiss 3f2a9c1b"],
    needsIncident: true,
  },
  { name: "reminders", aliases: ["timers", "nudges"], usage: ["reminders"], summary: "Show the prompts and nudges still to come for this incident", examples: ["reminders"], needsIncident: true },
  {
    name: "drill",
    aliases: ["tabletop", "exercise"],
    usage: ["drill <prompt-injection|data-poisoning|supply-chain> [--speed N]"],
    summary: "Start a tabletop exercise: a marked drill incident on a compressed clock with scripted injects",
    examples: ["drill prompt-injection", "drill supply-chain --speed 60"],
    needsIncident: false,
  },
  { name: "list", aliases: ["ls", "incidents", "open-incidents"], usage: ["list"], summary: "List open incidents", examples: ["list"], needsIncident: false },
  { name: "verify", aliases: ["audit", "verify-log"], usage: ["verify"], summary: "Check the incident log's hash chain end to end", examples: ["verify"], needsIncident: false },
  { name: "readiness", aliases: ["prepare", "preparation"], usage: ["readiness"], summary: "The before-an-incident preparation checklist", examples: ["readiness"], needsIncident: false },
  {
    name: "help",
    aliases: ["?", "usage"],
    usage: ["help [command | severity | vectors | roles | phases | sources]"],
    summary: "This help, or details on one command or topic",
    examples: ["help assign", "help severity"],
    needsIncident: false,
  },
];

// Names win over aliases; the first spec to claim an alias keeps it.
const BY_NAME = new Map<string, CommandSpec>();
for (const spec of COMMAND_SPECS) BY_NAME.set(spec.name, spec);
for (const spec of COMMAND_SPECS) for (const alias of spec.aliases) if (!BY_NAME.has(alias)) BY_NAME.set(alias, spec);

export function findSpec(word: string): CommandSpec | undefined {
  return BY_NAME.get(word.toLowerCase());
}

export function allCommandWords(): string[] {
  return [...BY_NAME.keys()];
}

export function usageOf(spec: CommandSpec, prefix = "/incident"): string {
  return spec.usage.map((u) => `${prefix} ${u}`).join("\n");
}
