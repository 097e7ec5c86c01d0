import { type Block, DEFAULT_TIME_ZONE, formatInZone, type Inline, type Message, plain } from "../../src/core.js";

/** Terminal text for a neutral message: checkboxes as [ ] / [x], numbered, fields aligned. */
export function renderMessage(message: Message, width = 100): string[] {
  return message.blocks.flatMap((b) => renderBlock(b, width));
}

function renderBlock(block: Block, width: number): string[] {
  switch (block.type) {
    case "header":
      return [bold(block.text)];
    case "text":
      return inline(block.text).split("\n");
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
      return block.items.map((item) => {
        const box = item.checked ? "[x]" : "[ ]";
        const who = item.checked && item.by ? dim(`  ✓ @${item.by}${item.at ? ` ${formatInZone(item.at, timeZone, "time")}` : ""}`) : "";
        return `${box} ${String(item.number).padStart(2)}. ${item.label}${who}`;
      });
    case "actions":
      return [block.buttons.map((b) => `[${b.label}]`).join(" ")];
  }
}

function inline(parts: Inline[]): string {
  return plain(parts, timeZone);
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
const bold = (s: string) => (colour ? `\x1b[1m${s}\x1b[22m` : s);
const dim = (s: string) => (colour ? `\x1b[2m${s}\x1b[22m` : s);
