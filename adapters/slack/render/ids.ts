import { createHash } from "node:crypto";

/**
 * Ids Slack echoes back on a click. A checklist element's block id says which incident and
 * section it belongs to, so a click is routed without trusting anything else in the payload.
 */
export const CHECKLIST_ACTION = "checklist.toggle";
const CHECKLIST_PREFIX = "fbcl";

export interface ChecklistBlockId {
  incidentId: string;
  section: string;
  /** The element's place in the message (a section longer than 10 steps is split). */
  index: number;
}

/**
 * `state` is folded into the id as a short digest: when the checked set changes the id changes,
 * which makes every Slack client redraw the boxes from `initial_options` after chat.update.
 */
export function checklistBlockId(id: ChecklistBlockId, state: string): string {
  const digest = createHash("sha256").update(state).digest("hex").slice(0, 8);
  return [CHECKLIST_PREFIX, id.incidentId, id.section, String(id.index), digest].join("|");
}

export function parseChecklistBlockId(blockId: string | undefined): ChecklistBlockId | undefined {
  const parts = blockId?.split("|");
  if (!parts || parts.length !== 5 || parts[0] !== CHECKLIST_PREFIX) return undefined;
  const [, incidentId, section, index] = parts;
  if (!/^[0-9a-f-]{36}$/i.test(incidentId!) || !section || !/^\d+$/.test(index!)) return undefined;
  return { incidentId: incidentId!, section, index: Number(index) };
}

/** Modal callback ids: what the modal is for. The incident travels in private_metadata. */
export const MODALS = {
  declare: "firebreak.declare",
  roles: "firebreak.roles",
  severity: "firebreak.severity",
  phase: "firebreak.phase",
  update: "firebreak.update",
} as const;
export type ModalKind = keyof typeof MODALS;

/** The summary buttons the core puts on the pinned message, by their neutral action name. */
export const SUMMARY_BUTTONS = {
  "roles.open": "roles",
  "severity.open": "severity",
  "phase.open": "phase",
  "update.open": "update",
} as const satisfies Record<string, ModalKind>;
