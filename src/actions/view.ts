import type { Block, Inline, Message } from "../chat/message.js";
import { dueDateLabel } from "../domain/due-date.js";
import type { FollowUpActionRow } from "../store/schema.js";

/** An action with the incident it belongs to, for lists that span incidents. */
export interface ActionWithIncident {
  action: FollowUpActionRow;
  humanId: string;
}

/** "overdue", "due today" or nothing, judged on today's date in the team's zone. */
export function dueState(action: Pick<FollowUpActionRow, "dueOn" | "doneAt">, today: string): "overdue" | "today" | undefined {
  if (action.doneAt) return undefined;
  if (action.dueOn < today) return "overdue";
  return action.dueOn === today ? "today" : undefined;
}

/** One action as a line: "⬜ 3. Brief support staff — @dave · due Mon 30 Nov 2026 (overdue)". */
export function actionLine(a: FollowUpActionRow, today: string, prefix = ""): Inline[] {
  if (a.doneAt) return [`✅ ${prefix}${a.number}. ${a.text} — done by @${a.doneBy?.name ?? "?"}, `, { time: a.doneAt, show: "date" }];
  const state = dueState(a, today);
  const flag = state === "overdue" ? " ⚠ overdue" : state === "today" ? " · due today" : "";
  return [`⬜ ${prefix}${a.number}. ${a.text} — `, { person: a.owner }, ` · due ${dueDateLabel(a.dueOn)}${flag}`];
}

const joinLines = (lines: Inline[][]): Inline[] => lines.flatMap((line, i) => (i ? ["\n", ...line] : line));

/** `actions` on one incident: open ones first (by due date), then the done ones. */
export function incidentActionsMessage(humanId: string, rows: FollowUpActionRow[], today: string): Message {
  const open = rows.filter((a) => !a.doneAt).sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.number - b.number);
  const done = rows.filter((a) => a.doneAt).sort((a, b) => a.number - b.number);
  const blocks: Block[] = [{ type: "header", text: `Follow-up actions · ${humanId}` }];
  if (!rows.length) blocks.push({ type: "text", text: ["No follow-up actions yet."] });
  if (open.length) blocks.push({ type: "text", text: joinLines(open.map((a) => actionLine(a, today))) });
  if (done.length) blocks.push({ type: "text", text: joinLines(done.map((a) => actionLine(a, today))) });
  blocks.push({ type: "context", text: ["Add one: `action <text> @owner due <date>`. Close one: `action done <n>`."] });
  const overdue = open.filter((a) => dueState(a, today) === "overdue").length;
  return { text: `${humanId}: ${rows.length} follow-up action(s), ${open.length} open${overdue ? `, ${overdue} overdue` : ""}`, blocks };
}

/** `actions` outside an incident: every open action, on any incident (closed ones too), by due date. */
export function openActionsMessage(rows: ActionWithIncident[], today: string, heading = "Open follow-up actions"): Message {
  const sorted = [...rows].sort((a, b) => a.action.dueOn.localeCompare(b.action.dueOn) || a.humanId.localeCompare(b.humanId) || a.action.number - b.action.number);
  const blocks: Block[] = [{ type: "header", text: `${heading} (${rows.length})` }];
  blocks.push({ type: "text", text: sorted.length ? joinLines(sorted.map((r) => actionLine(r.action, today, `${r.humanId} #`))) : ["None open. 🎉"] });
  blocks.push({ type: "context", text: ["Close one from its incident: `/incident INC-… action done <n>`."] });
  return { text: `${rows.length} open follow-up action(s)`, blocks };
}
