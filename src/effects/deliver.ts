import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Message } from "../chat/message.js";
import type { MessageRef, SpaceRef } from "../chat/port.js";
import { checklistMessage, phaseChecklistMessage } from "../chat/views/checklist.js";
import type { Phase } from "../domain/lifecycle.js";
import { announcementMessage } from "../chat/views/announcement.js";
import { firstHourPrompt } from "../chat/views/first-hour.js";
import { summaryMessage, topicFor } from "../chat/views/summary.js";
import type { Person } from "../domain/people.js";
import { type IncidentView, loadView } from "../incidents/queries.js";
import { FIRST_HOUR } from "../playbooks/index.js";
import type { Db, Tx } from "../store/db.js";
import { type EffectRow, incidentLog, postedMessages, type ReminderRow, reminders } from "../store/schema.js";
import { reminderMessage, settledNudge } from "../timers/messages.js";
import { pendingLike } from "./claim.js";
import { deliverFile, type FilePayload } from "./deliver-file.js";
import { decodeFromStorage, type LiveView, type NudgeSettled } from "./effect.js";
import { openSpace } from "./open-space.js";
import { enqueueEffects } from "./outbox.js";
import { CannotDeliver, type DeliverEnv, type Delivered, incidentSpace, spaceOfIncident } from "./delivery.js";

export { CannotDeliver, type DeliverEnv, type Delivered, incidentSpace };

export async function deliverEffect(env: DeliverEnv, row: EffectRow): Promise<Delivered> {
  const payload = decodeFromStorage<Record<string, unknown>>(row.payload);
  switch (row.kind) {
    case "space.open":
      return openSpace(env, row);
    case "post":
      return post(env, row, payload as PostPayload);
    case "update":
      return update(env, row, String(payload.purpose), payload.view as LiveView | undefined);
    case "topic": {
      // Looked up before the state is read: whatever they were queued for is in what we render.
      const later = await pendingLike(env.db, row, "topic");
      const { view, space } = await incidentSpace(env, row);
      await env.port.setTopic(space, topicFor(view));
      return { supersedes: later };
    }
    case "pin": {
      const message = payload.message as MessageRef;
      if (!env.port.pin) throw new CannotDeliver(`${env.port.platform} cannot pin messages`);
      await env.port.pin(message);
      return {};
    }
    case "invite": {
      const space = await spaceOfIncident(env, row);
      const people = (payload.people as Person[]).filter((p) => p.platform === env.port.platform);
      if (people.length) await env.port.invite(space, people);
      return {};
    }
    case "file":
      return deliverFile(env, row, payload as unknown as FilePayload);
    case "dm":
      await env.port.replyPrivately({ space: payload.space as SpaceRef | undefined, person: payload.person as Person }, payload.message as Message);
      return {};
    default:
      throw new CannotDeliver(`unknown effect kind ${row.kind}`);
  }
}

type PostPayload = { message?: Message; view?: LiveView; purpose?: string; pin?: boolean; to?: "announcements" };

async function post(env: DeliverEnv, row: EffectRow, p: PostPayload): Promise<Delivered> {
  const { view, space: incidentSpaceRef } = await incidentSpace(env, row);
  const platform = env.port.platform;
  // A remembered message is posted once, whoever asks again (a retried declare, a replayed prompt).
  if (p.purpose && (await rememberedRef(env.db, view.incident.id, platform, p.purpose))) return { result: { skipped: "already posted" } };
  const message = p.message ?? (p.view ? await renderLive(env, view, p.view) : undefined);
  if (!message) throw new CannotDeliver("nothing to post");
  let space = incidentSpaceRef;
  if (p.to === "announcements") {
    // A private incident is never announced, whatever asked for it.
    if (view.incident.isPrivate) return { result: { skipped: "private incident" } };
    const place = env.port.announcementPlace?.(incidentSpaceRef);
    if (!place) return { result: { skipped: "no announcement place on this platform" } };
    if ("message" in place) {
      await env.port.update(place.message, message);
      const ref = place.message;
      return { result: { messageId: ref.messageId, spaceId: ref.spaceId, rewritten: true }, write: p.purpose ? (tx) => rememberMessage(tx, view.incident.id, platform, p.purpose!, ref, env.now()) : undefined };
    }
    space = place.space;
  }
  const key = `fb-effect-${row.id}`;
  // A port that pins on its own is asked to afterwards, as an effect of its own: the next message
  // in the space need not wait for the pin.
  const pinAfter = !!p.pin && !!env.port.pin;
  const pin = p.pin && !pinAfter;
  // An earlier attempt may have posted before its worker died: the platform can tell by the key.
  const earlier = row.attempts > 1 && env.port.findPosted ? await env.port.findPosted(space, key, { pin }) : undefined;
  const ref = earlier ?? (await env.port.post(space, message, { pin, key }));
  const incidentId = view.incident.id;
  return {
    result: { messageId: ref.messageId, spaceId: ref.spaceId, adopted: !!earlier },
    write:
      p.purpose || pinAfter
        ? async (tx) => {
            if (p.purpose) await rememberMessage(tx, incidentId, platform, p.purpose, ref, env.now());
            if (pinAfter) await enqueueEffects(tx, env.now(), [{ kind: "pin", incidentId, message: ref }], { platforms: new Map([[incidentId, row.platform]]) });
          }
        : undefined,
  };
}

async function update(env: DeliverEnv, row: EffectRow, purpose: string, live?: LiveView): Promise<Delivered> {
  const ref = await rememberedRef(env.db, row.incidentId!, env.port.platform, purpose);
  // Not posted (yet, or on this platform): the post that comes later renders the latest state.
  if (!ref) return { result: { skipped: "not posted" } };
  // A nudge's update says who settled it: later ones are not the same and are not covered.
  const later = live?.type === "nudge" ? [] : await pendingLike(env.db, row, "update", purpose);
  const view = await loadView(env.db, row.incidentId!);
  await env.port.update(ref, await renderLive(env, view, live ?? viewOfPurpose(purpose)));
  return { supersedes: later };
}

/** Renders a live view from the incident as it is now. */
export async function renderLive(env: Pick<DeliverEnv, "db" | "config">, view: IncidentView, live: LiveView): Promise<Message> {
  if (live.type !== "nudge") return render(view, live);
  const [reminder] = await env.db.select().from(reminders).where(eq(reminders.id, live.reminderId));
  if (!reminder) throw new CannotDeliver("the nudge's reminder is gone");
  return settledNudge(reminderMessage(reminder, view, env.config), live.settled ?? (await settledFromLog(env.db, reminder)));
}

/** Who answered a nudge, from the log, when the caller does not say (a card redrawn on request). */
async function settledFromLog(db: Db, reminder: ReminderRow): Promise<NudgeSettled | undefined> {
  if (reminder.status !== "done") return undefined;
  const [row] = await db
    .select()
    .from(incidentLog)
    .where(and(eq(incidentLog.incidentId, reminder.incidentId), inArray(incidentLog.kind, ["snooze", "dismiss"]), eq(incidentLog.outcome, "ok"), sql`${incidentLog.payload}->>'reminderId' = ${reminder.id}`))
    .orderBy(desc(incidentLog.seq))
    .limit(1);
  if (!row) return undefined;
  const until = typeof row.payload.until === "string" ? new Date(row.payload.until) : undefined;
  return { action: row.kind === "snooze" ? "snoozed" : "done", by: row.actorName, at: row.at, until };
}

function render(view: IncidentView, live: Exclude<LiveView, { type: "nudge" }>): Message {
  if (live.type === "summary") return summaryMessage(view);
  if (live.type === "checklist") return checklistMessage(view, live.section);
  if (live.type === "announcement") return announcementMessage(view);
  if (live.type === "phase") return phaseChecklistMessage(view, live.phase);
  const window = FIRST_HOUR.find((w) => w.key === live.window);
  if (!window) throw new CannotDeliver(`unknown first-hour window ${live.window}`);
  return firstHourPrompt(view, window);
}

export function viewOfPurpose(purpose: string): LiveView {
  if (purpose === "summary") return { type: "summary" };
  if (purpose.startsWith("checklist:")) return { type: "checklist", section: purpose.slice("checklist:".length) };
  if (purpose.startsWith("prompt:")) return { type: "prompt", window: purpose.slice("prompt:".length) };
  if (purpose.startsWith("phase:")) return { type: "phase", phase: purpose.slice("phase:".length) as Phase };
  if (purpose.startsWith("nudge:")) return { type: "nudge", reminderId: purpose.slice("nudge:".length) };
  if (purpose === "announcement") return { type: "announcement" };
  throw new CannotDeliver(`unknown message purpose ${purpose}`);
}

async function rememberedRef(db: Db, incidentId: string, platform: string, purpose: string): Promise<MessageRef | undefined> {
  const [row] = await db
    .select({ spaceId: postedMessages.spaceId, messageId: postedMessages.messageId })
    .from(postedMessages)
    .where(and(eq(postedMessages.incidentId, incidentId), eq(postedMessages.platform, platform), eq(postedMessages.purpose, purpose)));
  return row;
}

/** Remembers a message the bot keeps up to date (summary, a checklist, a first-hour prompt). */
export async function rememberMessage(tx: Tx | Db, incidentId: string, platform: string, purpose: string, ref: MessageRef, at: Date) {
  await tx
    .insert(postedMessages)
    .values({ incidentId, platform, purpose, spaceId: ref.spaceId, messageId: ref.messageId, postedAt: at })
    .onConflictDoUpdate({
      target: [postedMessages.incidentId, postedMessages.platform, postedMessages.purpose],
      set: { spaceId: ref.spaceId, messageId: ref.messageId, postedAt: at },
    });
}
