import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { type Inline, inlineMessage, textMessage } from "../chat/message.js";
import { formatDuration } from "../domain/time.js";
import { loadView } from "../incidents/queries.js";
import { reminders as remindersTable } from "../store/schema.js";
import { skipReason } from "../timers/checks.js";
import { metricInputNow } from "../timers/metric-input.js";
import { shortReminderRef } from "../timers/ids.js";
import { reminderName } from "../timers/names.js";
import { type CommandSpec, defineCommand } from "./define.js";
import { noArguments } from "./grammar.js";

const spec: CommandSpec = { name: "reminders", aliases: ["timers", "nudges"], usage: ["reminders"], summary: "Show the prompts and nudges still to come for this incident", examples: ["reminders"], scope: "incident" };

const SHOWN = 15;

/** What will really fire: reminders that would be skipped as things stand now are left out. */
export const reminders = defineCommand({
  spec,
  access: "reminders",
  changes: false,
  parse: (args) => noArguments(spec, args),
  schema: z.object({}),
  async run({ tx, ctx, incident }) {
    const rows = await tx
      .select()
      .from(remindersTable)
      .where(and(eq(remindersTable.incidentId, incident!.id), eq(remindersTable.status, "scheduled")))
      .orderBy(asc(remindersTable.fireAt));
    const view = await loadView(tx, incident!.id);
    const at = ctx.clock.now();
    const metrics = await metricInputNow(tx, view.incident, at);
    const live = rows.filter((r) => !skipReason(r, view, ctx.config, { now: at, metrics }));
    const now = at.getTime();
    if (!live.length) return { reply: textMessage(`Nothing scheduled for ${incident!.humanId}.`) };
    const lines = live.slice(0, SHOWN).flatMap((r): Inline[] => ["\n", { time: r.fireAt }, ` (in ${formatDuration(Math.max(0, (r.fireAt.getTime() - now) / 60_000))}) · ${reminderName(r.key)} · `, { code: shortReminderRef(r.id) }]);
    const more = live.length > SHOWN ? `\n…and ${live.length - SHOWN} more.` : "";
    return { reply: inlineMessage([`Coming up for ${incident!.humanId}:`, ...lines, more]) };
  },
});
