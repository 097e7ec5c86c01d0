import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Block, Message } from "../chat/message.js";
import { WRITEUP_LABELS } from "../report/labels.js";
import { redactSecrets } from "../security/redact.js";
import { TEXT_LIMITS } from "../security/text-limits.js";
import { incidentWriteups, type IncidentRow, WRITEUP_FIELDS, type WriteupField, type WriteupRow } from "../store/schema.js";
import { actorInline, announce } from "./chat-effects.js";
import { type CommandSpec, defineCommand } from "./define.js";
import { usage } from "./grammar.js";

const spec: CommandSpec = {
  name: "writeup",
  aliases: ["write-up", "review-notes"],
  usage: ["writeup", "writeup <root-cause|contributing-factors|detection-gap|impact|lessons-learned> <text>", "writeup <field> --clear"],
  summary: "Write the review's findings (root cause, contributing factors, detection gap, impact, lessons learned); alone, shows them",
  examples: ["writeup root-cause Order-note field passed to the model as trusted context", "writeup impact 312 conversations exposed the system prompt", "writeup"],
  scope: "incident",
};

/** What people type for each field, besides its own name. */
const FIELD_WORDS: Record<string, WriteupField> = {
  cause: "root-cause",
  rootcause: "root-cause",
  rc: "root-cause",
  factors: "contributing-factors",
  contributing: "contributing-factors",
  gap: "detection-gap",
  detection: "detection-gap",
  lessons: "lessons-learned",
  learned: "lessons-learned",
  learnings: "lessons-learned",
};

export function parseWriteupField(word: string): WriteupField | undefined {
  const w = word.toLowerCase().replace(/[_\s]/g, "-");
  return (WRITEUP_FIELDS as readonly string[]).includes(w) ? (w as WriteupField) : FIELD_WORDS[w.replace(/-/g, "")];
}

const NOT_WRITTEN = "not yet written";
const fieldList = WRITEUP_FIELDS.join(", ");

/**
 * The fields responders write for the post-incident report. One row per field, the last word
 * wins (the log keeps every version). Secrets are redacted before anything is stored or posted.
 * Alone, `writeup` shows all five, each "not yet written" until set.
 */
export const writeup = defineCommand({
  spec,
  access: "writeup",
  changes: true,
  // The review happens after resolution, often after close.
  allowClosed: true,
  parse(args, rest) {
    if (args.length === 0) return {};
    const field = parseWriteupField(args[0]!);
    if (!field) throw usage(spec, `\`${args[0]}\` is not a write-up field; use one of ${fieldList}.`);
    const text = rest.replace(/^\s*\S+/, "").trim();
    if (/^--?clear$/i.test(text)) return { field, clear: true };
    return text ? { field, text } : { field };
  },
  schema: z.object({
    field: z.enum(WRITEUP_FIELDS).optional(),
    text: z.string().trim().max(TEXT_LIMITS.writeup, `That write-up is too long (at most ${TEXT_LIMITS.writeup} characters); keep the essentials and link the full analysis as evidence.`).optional(),
    clear: z.boolean().optional(),
  }),
  async run({ tx, ctx, incident, effects }, input) {
    const rows = await tx.select().from(incidentWriteups).where(eq(incidentWriteups.incidentId, incident!.id));
    const current = input.field ? rows.find((r) => r.field === input.field) : undefined;
    // A form sends every field; one left as it was is not a change.
    const show = () => ({ reply: writeupMessage(incident!, rows, input.field), unchanged: true, log: { payload: { shown: input.field ?? "all" } } });
    if (!input.field || (input.text === undefined && !input.clear)) return show();
    const label = WRITEUP_LABELS[input.field];
    if (input.clear || input.text === "") {
      if (!current) return show();
      await tx.delete(incidentWriteups).where(and(eq(incidentWriteups.incidentId, incident!.id), eq(incidentWriteups.field, input.field)));
      effects.push(announce(incident!.id, { text: `${label} cleared`, blocks: [{ type: "text", text: ["📝 ", actorInline(ctx), ` cleared the ${label.toLowerCase()}.`] }] }));
      return { reply: { text: `${label} cleared.`, blocks: [{ type: "text", text: [`${label} cleared; it shows as ${NOT_WRITTEN}.`] }] }, log: { payload: { field: input.field, cleared: true } } };
    }
    const { text, found } = redactSecrets(input.text!);
    if (current && current.text === text) return show();
    const now = ctx.clock.now();
    await tx
      .insert(incidentWriteups)
      .values({ incidentId: incident!.id, field: input.field, text, writtenAt: now, writtenBy: ctx.actor })
      .onConflictDoUpdate({ target: [incidentWriteups.incidentId, incidentWriteups.field], set: { text, writtenAt: now, writtenBy: ctx.actor } });
    effects.push(announce(incident!.id, { text: `${label}: ${text}`, blocks: [{ type: "text", text: ["📝 ", actorInline(ctx), ` wrote the ${label.toLowerCase()}${current ? " (replacing the earlier text)" : ""}:`] }, { type: "text", text: [text] }] }));
    const redacted = found.length ? ` ${found.length} secret${found.length === 1 ? " was" : "s were"} replaced with [REDACTED].` : "";
    return {
      reply: { text: `${label} saved.${redacted}`, blocks: [{ type: "text", text: [`✅ ${label} saved for ${incident!.humanId}.${redacted}`] }] },
      log: { payload: { field: input.field, text, replaced: !!current, redacted: found.map((f) => f.kind) } },
    };
  },
});

/** The write-up as it stands: every field, written or "not yet written". */
export function writeupMessage(incident: Pick<IncidentRow, "id" | "humanId">, rows: WriteupRow[], only?: WriteupField): Message {
  const fields = only ? [only] : [...WRITEUP_FIELDS];
  const blocks: Block[] = [{ type: "header", text: `Post-incident write-up · ${incident.humanId}` }];
  for (const field of fields) {
    const row = rows.find((r) => r.field === field && r.text.trim());
    blocks.push({ type: "text", text: [{ strong: WRITEUP_LABELS[field] }, "\n", row ? row.text : `(${NOT_WRITTEN})`] });
    if (row) blocks.push({ type: "context", text: [`by @${row.writtenBy.name}, `, { time: row.writtenAt }] });
  }
  const missing = WRITEUP_FIELDS.filter((f) => !rows.some((r) => r.field === f && r.text.trim()));
  blocks.push({ type: "context", text: [`Set a field: \`writeup <field> <text>\` (${fieldList}).${missing.length && !only ? ` Still to write: ${missing.length} of ${WRITEUP_FIELDS.length}.` : ""}`] });
  blocks.push({ type: "actions", buttons: [{ action: WRITEUP_FORM_ACTION, label: "Edit write-up", value: incident.id }] });
  return { text: `${incident.humanId} write-up: ${WRITEUP_FIELDS.length - missing.length} of ${WRITEUP_FIELDS.length} written`, blocks };
}

/** The button that opens the write-up form (Slack modal, Teams card). */
export const WRITEUP_FORM_ACTION = "writeup.open";
