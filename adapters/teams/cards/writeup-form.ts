import { WRITEUP_FIELDS, WRITEUP_LABELS, type WriteupField } from "../../../src/core.js";
import { type AdaptiveCard, card, execute, textBlock } from "./adaptive.js";

export const WRITEUP_SAVE = "writeup.save";

/** The write-up as a card form: one box per field, filled with what is written so far. */
export function writeupForm(incidentId: string, humanId: string, current: Partial<Record<WriteupField, string>>): AdaptiveCard {
  return card(
    [
      textBlock(`Post-incident write-up · ${humanId}`, { weight: "Bolder", size: "Medium" }),
      textBlock("Blameless: describe systems and decisions, not people. Empty a box to clear it.", { isSubtle: true, size: "Small" }),
      ...WRITEUP_FIELDS.map((field) => ({ type: "Input.Text", id: field, label: WRITEUP_LABELS[field], isMultiline: true, maxLength: 5000, value: current[field] ?? "" })),
    ],
    [execute("Save write-up", { verb: WRITEUP_SAVE, incidentId })],
  );
}
