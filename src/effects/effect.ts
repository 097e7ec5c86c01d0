import type { Message } from "../chat/message.js";
import type { MessageRef, SpaceRef } from "../chat/port.js";
import type { Phase } from "../domain/lifecycle.js";
import type { Person } from "../domain/people.js";

/**
 * A message the deliverer renders from the incident as it stands when it is delivered, so a post
 * or an update never shows a stale state (and several updates in a row collapse into one).
 */
export type LiveView =
  | { type: "summary" }
  | { type: "checklist"; section: string }
  | { type: "phase"; phase: Phase }
  | { type: "prompt"; window: string }
  /** A nudge as it fired; once settled, without its buttons and with who settled it. */
  | { type: "nudge"; reminderId: string; settled?: NudgeSettled }
  /** The one post outside the incident's space that tells everyone else about it. */
  | { type: "announcement" };

export interface NudgeSettled {
  action: "snoozed" | "done";
  by: string;
  at: Date;
  until?: Date;
}

/**
 * What a command (or a timer) wants to happen in chat. Declarative data: written to the outbox in
 * the same transaction as the change and delivered after commit, in order, once.
 */
export type Effect =
  /** Create the incident's space (or adopt the one a crashed attempt created) and attach it. */
  | { kind: "space.open"; incidentId: string; owner?: Person }
  /**
   * Post into the incident's space, or with `to: "announcements"` into the platform's announcement
   * place (outside the space; the port says where). `purpose` remembers the message so later
   * updates find it wherever it went. Posts into the space keep the incident's lane, so they
   * arrive in order; the announcement and its updates keep a lane of their own (outbox.ts).
   */
  | { kind: "post"; incidentId: string; message?: Message; view?: LiveView; purpose?: string; pin?: boolean; to?: "announcements" }
  /** Re-render a remembered message (`summary`, `checklist:<section>`, `prompt:<window>`) in place. */
  | { kind: "update"; incidentId: string; purpose: string; view?: LiveView }
  | { kind: "topic"; incidentId: string }
  /** Pin a message posted into the space: queued by the post that asked for it, where the port pins separately. */
  | { kind: "pin"; incidentId: string; message: MessageRef }
  | { kind: "invite"; incidentId: string; people: Person[] }
  /**
   * A document into the incident's space (a report, a whole timeline). The content is fixed when
   * the command runs, so the file shows the incident as it was when someone asked for it.
   */
  | { kind: "file"; incidentId: string; name: string; title: string; mime: string; content: string; summary?: Message }
  /** A private message to one person (their DM with the bot, or ephemeral where `space` says). */
  | { kind: "dm"; person: Person; space?: SpaceRef; message: Message; incidentId?: string };

export type EffectKind = Effect["kind"];

/** The purposes of the messages a change to these steps re-renders. */
export function purposeOfView(view: LiveView): string {
  switch (view.type) {
    case "summary":
      return "summary";
    case "checklist":
      return `checklist:${view.section}`;
    case "phase":
      return `phase:${view.phase}`;
    case "prompt":
      return `prompt:${view.window}`;
    case "nudge":
      return `nudge:${view.reminderId}`;
    case "announcement":
      return "announcement";
  }
}

/**
 * Messages are stored as JSON; their Dates (checklist ticks, times) must come back as Dates.
 * `{ $date: iso }` marks them so nothing else that merely looks like a date is touched.
 */
export function encodeForStorage(value: unknown): unknown {
  if (value instanceof Date) return { $date: value.toISOString() };
  if (Array.isArray(value)) return value.map(encodeForStorage);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = encodeForStorage(v);
    return out;
  }
  return value;
}

export function decodeFromStorage<T>(value: unknown): T {
  if (Array.isArray(value)) return value.map((v) => decodeFromStorage(v)) as T;
  if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 1 && keys[0] === "$date" && typeof record.$date === "string") return new Date(record.$date) as T;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(record)) out[k] = decodeFromStorage(v);
    return out as T;
  }
  return value as T;
}
