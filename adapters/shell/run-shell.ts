import readline from "node:readline";
import type { Readable, Writable } from "node:stream";
import { type Actor, incidentInSpace, incidentView, numberedSteps, openIncidentViews, type Phase, PHASE_LABELS, pressCheckbox, redactSecrets, runCommand, type Runtime, type SpaceRef } from "../../src/core.js";
import { paint, renderMessage, useColour, useTimeZone } from "./render.js";
import { ShellChat } from "./shell-chat.js";

export interface ShellOptions {
  input: Readable;
  output: Writable;
  user: string;
  /** A terminal gets a prompt; a pipe runs each line in order and ends at EOF. */
  interactive: boolean;
  /** Colour for nudges, escalations and warnings; by default when interactive (main asks the output too). */
  colour?: boolean;
}

const SHELL_HELP = [
  "Shell commands (everything else goes to Firebreak):",
  "  <command>             run a Firebreak command here (help lists them; /incident in front works too)",
  "  /as @name             act as another person",
  "  /join #channel        switch channel (#general exists; incident channels appear when declared)",
  "  /channels             list channels",
  "  /toggle <n>           click step n's checkbox in this incident channel",
  "  /show                 reprint this channel's messages as they stand now",
  "  /quit                 leave",
];

/** The terminal adapter: the same commands as Slack and Teams, printed channel by channel. */
export async function runShell(rt: Runtime, chat: ShellChat, options: ShellOptions): Promise<void> {
  const write = (line: string) => options.output.write(`${line}\n`);
  useColour(options.colour ?? options.interactive);
  useTimeZone(rt.config.timeZone);
  let user = options.user;
  let channel: SpaceRef = chat.ensureChannel("general");
  // The terminal itself (not a person) re-attaches every incident channel an earlier run made.
  for (const { incident } of await openIncidentViews(rt, { actor: { kind: "system", name: "shell" } })) if (incident.space?.platform === "shell") chat.adopt(incident.space);
  // Listed at start: the open incidents this person can see.
  const open = await openIncidentViews(rt, { actor: { kind: "shell", userId: options.user.toLowerCase(), name: options.user }, port: chat });
  const actor = (): Actor => ({ kind: "shell", userId: user.toLowerCase(), name: user });
  // In an incident's channel the prompt names the incident: `alice@INC-2026-0001> `.
  let where = `#${channel.name}`;
  const prompt = () => `${user}@${where}> `;
  const moveTo = async (space: SpaceRef) => {
    channel = space;
    where = (await incidentInSpace(rt, space))?.humanId ?? `#${space.name}`;
  };

  const rl = readline.createInterface({ input: options.input, output: options.interactive ? options.output : undefined, terminal: options.interactive });
  // Messages that arrive on their own (a timer's nudge, a delivery retried) print above the
  // prompt, which is drawn again underneath with whatever was being typed.
  let busy = false;
  let redraw: NodeJS.Immediate | undefined;
  chat.onOutput((line) => {
    if (!options.interactive || busy) return write(line);
    if (!redraw) {
      readline.clearLine(options.output, 0);
      readline.cursorTo(options.output, 0);
      redraw = setImmediate(() => {
        redraw = undefined;
        rl.prompt(true);
      });
    }
    write(line);
  });
  if (options.interactive) {
    write("Firebreak — AI incident response in your terminal. Type /help for the shell, help for Firebreak's commands.");
    write(open.length ? `Open incidents (${open.length}):` : "No open incidents.");
    for (const { incident } of open) {
      write(`  ${incident.humanId} · ${incident.severity} · ${incident.title} · ${PHASE_LABELS[incident.phase as Phase]}${incident.space ? ` · /join #${incident.space.name}` : ""}`);
    }
    rl.setPrompt(prompt());
    rl.prompt();
  }

  for await (const raw of rl) {
    const line = raw.trim();
    busy = true;
    if (line && !line.startsWith("#")) {
      // The transcript of a piped session shows what was typed, a pasted key redacted like everywhere else.
      if (!options.interactive) write(`${prompt()}${redactSecrets(line).text}`);
      try {
        const stop = await handleLine(line);
        if (stop) break;
      } catch (error) {
        write(paint("warning", `⚠ ${error instanceof Error ? error.message : String(error)}`));
      }
    }
    busy = false;
    if (options.interactive) {
      rl.setPrompt(prompt());
      rl.prompt();
    }
  }
  rl.close();
  if (redraw) clearImmediate(redraw);

  async function handleLine(line: string): Promise<boolean> {
    const [word, ...args] = line.split(/\s+/);
    switch (word!.toLowerCase()) {
      case "/quit":
      case "/exit":
        return true;
      case "/help":
        SHELL_HELP.forEach(write);
        return false;
      case "/as": {
        const name = args[0]?.replace(/^@/, "");
        if (!name || !/^[\p{L}\p{N}._-]+$/u.test(name)) write("Usage: /as @name");
        else {
          user = name;
          write(`(you are now @${user})`);
        }
        return false;
      }
      case "/join":
      case "/switch": {
        const name = args[0]?.replace(/^#/, "");
        const found = name ? chat.byName(name) : undefined;
        if (!found) write(`No channel ${args[0] ?? ""}. Channels: ${chat.list().map((c) => `#${c.name}`).join(", ")}`);
        else await moveTo(chat.ensureChannel(found.name));
        return false;
      }
      case "/channels":
        for (const c of chat.list()) write(`#${c.name}${c.topic ? ` — ${c.topic}` : ""}${c.id === channel.id ? "  (you are here)" : ""}`);
        return false;
      case "/show":
        chat.show(channel);
        return false;
      case "/toggle":
        await toggle(args[0]);
        return false;
      default: {
        if (word!.startsWith("/") && !/^\/(incident|inc)$/i.test(word!)) {
          write(`Unknown shell command ${word}. Type /help.`);
          return false;
        }
        const text = /^\/inc$/i.test(word!) ? ["/incident", ...args].join(" ") : line;
        const outcome = await runCommand(rt, { actor: actor(), text, port: chat, space: channel });
        // What the command posted prints first, then the answer meant for you.
        await rt.deliverer?.drain();
        if (outcome.reply) printReply(outcome.reply);
        if (outcome.space && outcome.space.id !== channel.id && outcome.space.platform === "shell") {
          await moveTo(outcome.space);
          write(`(you are now in #${channel.name})`);
        }
        return false;
      }
    }
  }

  async function toggle(numberText: string | undefined) {
    const incident = await incidentInSpace(rt, channel);
    if (!incident) return write("/toggle works in an incident channel. /channels lists them.");
    const view = await incidentView(rt, incident.id);
    const step = numberedSteps(incident.playbooks).find((s) => String(s.number) === numberText?.replace(/^#/, ""));
    if (!step) return write(`Usage: /toggle <n>, n from 1 to ${numberedSteps(incident.playbooks).length} (see checklist).`);
    const outcome = await pressCheckbox(rt, { actor: actor(), incidentId: incident.id, stepKey: step.key, checked: !view.steps.get(step.key)?.checked, port: chat });
    await rt.deliverer?.drain();
    if (outcome.reply) printReply(outcome.reply);
  }

  /** The answer meant for you, indented under your command (a refusal comes in the warning colour). */
  function printReply(reply: Parameters<typeof renderMessage>[0]) {
    for (const l of renderMessage(reply)) write(`  ${l}`);
  }
}
