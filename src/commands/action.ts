import { and, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { cancelActionReminders, actionReminders, scheduleActionReminders } from "../actions/reminders.js";
import { textMessage } from "../chat/message.js";
import { dueDateLabel, parseDueDate, splitDueClause } from "../domain/due-date.js";
import type { Person } from "../domain/people.js";
import { conflict, notFound } from "../errors.js";
import { redactSecrets } from "../security/redact.js";
import { TEXT_LIMITS } from "../security/text-limits.js";
import { followUpActions } from "../store/schema.js";
import { actorInline, announce } from "./chat-effects.js";
import { PersonRef } from "./command.js";
import { type CommandSpec, defineCommand } from "./define.js";
import { personRef, usage } from "./grammar.js";
import { resolvePerson } from "./people.js";

const spec: CommandSpec = {
  name: "action",
  aliases: ["follow-up", "followup", "todo"],
  usage: ["action <text> @owner due <date>", "action done <n>"],
  summary: "Add a follow-up action with an owner and a due date (nudged on the day and when overdue), or mark one done",
  examples: ["action Add an output filter test to CI @carol due next friday", "action Rotate the system prompt @bob due 2026-12-04", "action Brief support staff @dave due in 3 days", "action done 2"],
  scope: "incident",
};

const Add = z.object({
  op: z.literal("add"),
  text: z.string().trim().min(1, "Say what needs doing").max(TEXT_LIMITS.action, `That action is too long (at most ${TEXT_LIMITS.action} characters); keep it to one task and put the details in a note.`),
  owner: PersonRef,
  due: z.string().trim().min(1, "Say when it is due").max(100, "That due date is too long"),
});
const Done = z.object({ op: z.literal("done"), number: z.number().int().min(1, "Action numbers start at 1").max(1_000_000) });

/**
 * Follow-up actions from the review ("assign owners and deadlines for all remediation items"),
 * numbered 1, 2, 3… per incident. They stay open, and keep nudging, after the incident closes;
 * `action done` works on a closed incident.
 */
export const action = defineCommand({
  spec,
  access: "action",
  changes: true,
  allowClosed: true,
  parse(args, rest) {
    if (args.length === 0) throw usage(spec, "Say what needs doing, who owns it and when it is due.");
    if (args[0]!.toLowerCase() === "done") {
      if (args.length !== 2 || !/^#?\d+$/.test(args[1]!)) throw usage(spec, "Name one action by its number: `action done 2` (`actions` lists them).");
      return { op: "done", number: Number(args[1]!.replace("#", "")) };
    }
    const { before, due } = splitDueClause(rest);
    if (!due) throw usage(spec, "When is it due? End with `due <date>`, e.g. `due 2026-12-04`, `due in 3 days` or `due next friday`.");
    const last = /^(.*?)\s*(\S+)$/s.exec(before);
    const owner = last ? personRef(last[2]!) : undefined;
    if (!last || !owner) throw usage(spec, "Who owns it? Put the owner (`@name` or `me`) just before `due`.");
    if (!last[1]!.trim()) throw usage(spec, "Say what needs doing before the owner.");
    return { op: "add", text: last[1]!.trim(), owner, due };
  },
  schema: z.discriminatedUnion("op", [Add, Done]),
  prepare: async (input, env): Promise<Person | undefined> => (input.op === "add" ? (await resolvePerson(env.inv, input.owner)).person : undefined),
  async run({ tx, ctx, incident, effects }, input, owner) {
    const now = ctx.clock.now();
    if (input.op === "done") {
      const [done] = await tx
        .update(followUpActions)
        .set({ doneAt: now, doneBy: ctx.actor })
        .where(and(eq(followUpActions.incidentId, incident!.id), eq(followUpActions.number, input.number), isNull(followUpActions.doneAt)))
        .returning();
      if (!done) {
        const [existing] = await tx.select().from(followUpActions).where(and(eq(followUpActions.incidentId, incident!.id), eq(followUpActions.number, input.number)));
        if (!existing) throw notFound(`${incident!.humanId} has no follow-up action ${input.number}.`, "`actions` lists them with their numbers.");
        throw conflict(`Action ${input.number} was already marked done by @${existing.doneBy?.name ?? "someone"}.`);
      }
      await cancelActionReminders(tx, ctx.reminders, incident!.id, done.number, now);
      effects.push(announce(incident!.id, { text: `Follow-up action ${done.number} done: ${done.text}`, blocks: [{ type: "text", text: [`✅ Follow-up action ${done.number} done: ${done.text} — marked by `, actorInline(ctx)] }] }));
      return { reply: textMessage(`✅ Action ${done.number} marked done.`), log: { payload: { op: "done", number: done.number, text: done.text } } };
    }

    const due = parseDueDate(input.due, now, ctx.config.timeZone);
    if (!due.ok) throw usage(spec, due.error);
    const { text, found } = redactSecrets(input.text);
    // Under the incident's lock: two people adding at once get 3 and 4. The unique key backs it.
    const [{ next }] = (await tx
      .select({ next: sql<number>`coalesce(max(${followUpActions.number}), 0)::int + 1` })
      .from(followUpActions)
      .where(eq(followUpActions.incidentId, incident!.id))) as [{ next: number }];
    const [row] = await tx
      .insert(followUpActions)
      .values({ incidentId: incident!.id, number: next, text, owner: owner!, dueOn: due.due.date, createdAt: now, createdBy: ctx.actor })
      .returning();
    await scheduleActionReminders(tx, ctx.reminders, incident!.id, actionReminders({ number: row!.number, text, owner: owner! }, due.due, now), now);
    effects.push(
      announce(incident!.id, {
        text: `Follow-up action ${row!.number}: ${text} — ${owner!.name}, due ${due.due.label}`,
        blocks: [{ type: "text", text: [`📌 Follow-up action ${row!.number}: ${text} — owner `, { person: owner! }, `, due ${due.due.label}`] }],
      }),
    );
    const redacted = found.length ? ` ${found.length} secret${found.length === 1 ? " was" : "s were"} replaced with [REDACTED].` : "";
    return {
      reply: textMessage(`📌 Added action ${row!.number} for @${owner!.name}, due ${dueDateLabel(row!.dueOn)}. Close it with \`action done ${row!.number}\`.${redacted}`),
      log: { payload: { op: "add", number: row!.number, text, owner, dueOn: row!.dueOn, dueAt: due.due.dueAt.toISOString(), redacted: found.map((f) => f.kind) } },
    };
  },
});
