import { z } from "zod";
import type { Ctx } from "../context.js";
import { changeIncident } from "./change.js";

export const AddNoteInput = z.object({ incidentId: z.uuid(), text: z.string().trim().min(1, "The note is empty").max(3000) });

export interface NoteAdded {
  text: string;
  at: Date;
}

/** A finding or decision. The log row is the note: it is timestamped, attributed and immutable. */
export async function addNote(ctx: Ctx, raw: z.input<typeof AddNoteInput>): Promise<NoteAdded> {
  const input = AddNoteInput.parse(raw);
  return changeIncident<NoteAdded>(
    ctx,
    input.incidentId,
    "note",
    async () => ({ result: { text: input.text, at: ctx.clock.now() }, payload: { text: input.text } }),
    // Findings keep arriving after close (late evidence, review notes).
    { allowClosed: true },
  );
}
