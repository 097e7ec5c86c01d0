import type { Person } from "../domain/people.js";
import { DEFAULT_TIME_ZONE, formatInZone, type TimeShow } from "../domain/time-zone.js";
import type { SpaceRef } from "../store/schema.js";

/**
 * A platform-neutral message. The core builds these; each adapter renders them (Block Kit,
 * Adaptive Cards, terminal text). No platform markup ever appears here.
 */
export interface Message {
  /** Plain-text fallback for notifications and screen readers. */
  text: string;
  blocks: Block[];
}

/**
 * Inline content: plain text, a mention, emphasis, a link, a link to an incident space, a moment
 * in time, a command the person can type, or something quoted as typed. A space and a time are
 * left to each platform: Slack links `<#C…>` and shows `<!date>` in each reader's zone, Teams
 * uses its card's DATE()/TIME(), text names FIREBREAK_TIMEZONE. A command is written without any
 * platform's prefix: Slack shows `/incident x`, Teams `@Firebreak x`, the terminal `x`.
 */
export type Inline =
  | string
  | { person: Person }
  | { strong: string }
  | { link: { url: string; text: string } }
  | { space: SpaceRef }
  | { time: Date; show?: TimeShow }
  | { command: string }
  | { code: string };

export interface Field {
  label: string;
  value: Inline[];
}

export interface ChecklistItem {
  key: string;
  /** The step's number in the incident's list (what `check 12` refers to). */
  number: number;
  label: string;
  /** A tip under the step; its commands are `{ command }`s, so each platform shows its own form. */
  hint?: Inline[];
  checked: boolean;
  by?: string;
  at?: Date;
}

export interface Button {
  /** What the press means, e.g. `roles.open`; the adapter routes it back to the core. */
  action: string;
  label: string;
  value?: string;
  style?: "primary" | "danger";
}

export type Block =
  | { type: "header"; text: string }
  | { type: "text"; text: Inline[] }
  | { type: "fields"; fields: Field[] }
  /** `incidentId` lets a platform route a checkbox click back to the incident; none = read-only. */
  | { type: "checklist"; section: string; title: string; items: ChecklistItem[]; incidentId?: string }
  | { type: "actions"; buttons: Button[] }
  | { type: "context"; text: Inline[] }
  | { type: "divider" };

/** Renders inline content as plain text (fallbacks, the log, the terminal); times in `timeZone`. */
export function plain(inlines: Inline[], timeZone: string = DEFAULT_TIME_ZONE): string {
  return inlines.map((i) => plainInline(i, timeZone)).join("");
}

function plainInline(i: Inline, timeZone: string): string {
  if (typeof i === "string") return i;
  if ("person" in i) return `@${i.person.name}`;
  if ("strong" in i) return i.strong;
  if ("link" in i) return i.link.text === i.link.url ? i.link.url : `${i.link.text} (${i.link.url})`;
  if ("space" in i) return `#${i.space.name}`;
  if ("command" in i) return i.command;
  if ("code" in i) return `“${i.code}”`;
  return formatInZone(i.time, timeZone, i.show);
}

/** One text block of inlines; its fallback is the same in plain text. */
export function textMessage(text: string, ...more: Block[]): Message {
  return { text, blocks: [{ type: "text", text: [text] }, ...more] };
}

/** A one-paragraph message with mentions or times in it; the fallback text names `timeZone`. */
export function inlineMessage(inlines: Inline[], timeZone: string = DEFAULT_TIME_ZONE): Message {
  return { text: plain(inlines, timeZone), blocks: [{ type: "text", text: inlines }] };
}
