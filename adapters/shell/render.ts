import { type Block, DEFAULT_TIME_ZONE, formatInZone, type Inline, type Message, plain } from "../../src/core.js";

/**
 * How a message should catch the eye in a terminal: a nudge (it has Snooze/Done), an escalation
 * or a breached deadline, a warning (a refusal, something that failed). Plain messages have none.
 */
export type Tone = "nudge" | "escalation" | "warning";

export function toneOf(message: Message): Tone | undefined {
  const header = message.blocks.find((b) => b.type === "header");
  const first = message.blocks.find((b) => b.type === "text");
  const lead = first && first.type === "text" ? plain(first.text) : "";
  if ((header?.type === "header" && /Escalation|breached|deadline/i.test(header.text)) || lead.startsWith("🚨 Escalation")) return "escalation";
  if (message.blocks.some((b) => b.type === "actions" && b.buttons.some((x) => x.action.startsWith("nudge.")))) return "nudge";
  if (lead.startsWith("⚠")) return "warning";
  return undefined;
}

/**
 * Terminal text for a neutral message: checklists with their section title and [ ] / [x] steps,
 * fields aligned, the headline and text in the message's tone. Buttons are not printed: nothing
 * here can be clicked, and every button has a command (nudges print theirs).
 */
export function renderMessage(message: Message, width = 100): string[] {
  const tone = toneOf(message);
  const header = message.blocks.find((b) => b.type === "header");
  return message.blocks.flatMap((b) => renderBlock(b, width, tone, header?.type === "header" ? header.text : ""));
}

function renderBlock(block: Block, width: number, tone: Tone | undefined, header: string): string[] {
  switch (block.type) {
    case "header":
      return [paint(tone, bold(block.text))];
    case "text":
      return inline(block.text)
        .split("\n")
        .map((l) => paint(tone, l));
    case "context":
      return inline(block.text)
        .split("\n")
        .map((l) => dim(l));
    case "divider":
      return [dim("─".repeat(Math.min(width, 40)))];
    case "fields": {
      const pad = Math.max(...block.fields.map((f) => f.label.length));
      return block.fields.map((f) => `${f.label.padEnd(pad)}  ${inline(f.value)}`);
    }
    case "checklist":
      // A section's title, unless the message's headline already says it.
      return [
        ...(header.includes(block.title) ? [] : [bold(block.title)]),
        ...block.items.map((item) => {
          const box = item.checked ? "[x]" : "[ ]";
          const who = item.checked && item.by ? dim(`  ✓ @${item.by}${item.at ? ` ${formatInZone(item.at, timeZone, "time")}` : ""}`) : "";
          return `${box} ${String(item.number).padStart(2)}. ${item.label}${who}`;
        }),
      ];
    case "actions":
      return [];
  }
}

function inline(parts: Inline[]): string {
  return plain(
    parts.map((p) => (typeof p === "object" && "command" in p ? cyan(p.command) : p)),
    timeZone,
  );
}

// Times are written in FIREBREAK_TIMEZONE, naming it; the shell sets this once at start.
let timeZone = DEFAULT_TIME_ZONE;
export function useTimeZone(zone: string): void {
  timeZone = zone;
}

// Colour only when writing to a terminal; piped output stays plain text for scripts and tests.
let colour = false;
export function useColour(on: boolean): void {
  colour = on;
}
const ansi = (open: string, close: string) => (s: string) => (colour && s ? `\x1b[${open}m${s}\x1b[${close}m` : s);
const bold = ansi("1", "22");
const dim = ansi("2", "22");
const cyan = ansi("36", "39");
const TONES: Record<Tone, (s: string) => string> = { nudge: ansi("33", "39"), escalation: ansi("1;31", "22;39"), warning: ansi("33", "39") };

/** `s` in the tone's colour (yellow for nudges and warnings, bold red for escalations). */
export function paint(tone: Tone | undefined, s: string): string {
  return tone ? TONES[tone](s) : s;
}
