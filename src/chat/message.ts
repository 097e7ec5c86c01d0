import type { Person } from "../domain/people.js";

/**
 * A platform-neutral message. The core builds these; each adapter renders them (Block Kit,
 * Adaptive Cards, terminal text). No platform markup ever appears here.
 */
export interface Message {
  /** Plain-text fallback for notifications and screen readers. */
  text: string;
  blocks: Block[];
}

/** Inline content: plain text, a mention, emphasis or a link. */
export type Inline = string | { person: Person } | { strong: string } | { link: { url: string; text: string } };

export interface Field {
  label: string;
  value: Inline[];
}

export interface ChecklistItem {
  key: string;
  /** The step's number in the incident's list (what `check 12` refers to). */
  number: number;
  label: string;
  hint?: string;
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

/** Renders inline content as plain text (fallbacks, the log, the terminal). */
export function plain(inlines: Inline[]): string {
  return inlines
    .map((i) => (typeof i === "string" ? i : "person" in i ? `@${i.person.name}` : "strong" in i ? i.strong : `${i.link.text} (${i.link.url})`))
    .join("");
}

export function textMessage(text: string, ...more: Block[]): Message {
  return { text, blocks: [{ type: "text", text: [text] }, ...more] };
}
