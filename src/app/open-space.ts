import { checklistMessage } from "../chat/views/checklist.js";
import { firstHourPrompt } from "../chat/views/first-hour.js";
import { summaryMessage, topicFor } from "../chat/views/summary.js";
import type { Message } from "../chat/message.js";
import type { ChatPort, SpaceRef } from "../chat/port.js";
import type { Ctx } from "../context.js";
import { channelBaseName, channelNameCandidate } from "../domain/channel-name.js";
import { samePerson, type Person } from "../domain/people.js";
import { SpaceNameTakenError } from "../errors.js";
import { findIncident, loadView, messageRefs } from "../incidents/queries.js";
import { attachSpace, recordFailure, rememberMessage } from "../incidents/record.js";
import { FIRST_HOUR } from "../playbooks/index.js";
import { appendLogAlone } from "../store/log.js";
import { attempt } from "./refresh.js";
import type { Runtime } from "./runtime.js";

export interface SpaceOpened {
  space?: SpaceRef;
  problems: string[];
}

const MAX_SUFFIX = 50;

/**
 * Creates the incident's space and fills it: invite, topic, pinned summary, checklists, the first
 * first-hour prompt. Safe to run again: it skips what already exists (the `channel` retry).
 */
export async function openIncidentSpace(rt: Runtime, ctx: Ctx, incidentId: string, port: ChatPort): Promise<SpaceOpened> {
  let view = await loadView(rt.db, incidentId);
  const problems: string[] = [];
  let space = view.incident.space ?? undefined;
  if (!space) {
    try {
      space = await createUniquelyNamed(rt, port, view.incident.declaredAt, view.incident.title, topicFor(view), view.incident.isPrivate);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      ctx.logger.warn({ err: error, incidentId }, "could not create the incident space");
      await recordFailure(ctx, "space.failed", reason, incidentId);
      return { problems: [`I recorded ${view.incident.humanId}, but could not create its channel: ${reason}. Retry with \`/incident ${view.incident.humanId} channel\`.`] };
    }
    await attachSpace(ctx, incidentId, space);
    view = await loadView(rt.db, incidentId);
  }
  const people = uniquePeople([...view.roles.map((r) => r.person), ...(ctx.actor.kind === port.platform ? [{ platform: port.platform, id: ctx.actor.userId, name: ctx.actor.name }] : [])]).filter(
    (p) => p.platform === port.platform,
  );
  if (people.length) await attempt(ctx, incidentId, "invite people", problems, () => port.invite(space!, people));

  const posted = new Set((await messageRefs(rt.db, incidentId, port.platform)).map((m) => m.purpose));
  const plan: [purpose: string, message: Message, pin: boolean][] = [
    ["summary", summaryMessage(view), true],
    ...view.incident.playbooks.map((key): [string, Message, boolean] => [`checklist:${key}`, checklistMessage(view, key), false]),
    [`prompt:${FIRST_HOUR[0]!.key}`, firstHourPrompt(view, FIRST_HOUR[0]!), false],
  ];
  const newlyPosted: string[] = [];
  for (const [purpose, message, pin] of plan) {
    if (posted.has(purpose)) continue;
    await attempt(ctx, incidentId, `post ${purpose}`, problems, async () => {
      const ref = await port.post(space!, message, { pin });
      await rememberMessage(rt.db, incidentId, port.platform, purpose, ref, ctx.clock.now());
      newlyPosted.push(purpose);
    });
  }
  if (newlyPosted.length) {
    await appendLogAlone(rt.db, rt.clock, { actor: ctx.actor, incidentId, text: ctx.text, kind: "space.filled", outcome: problems.length ? "failed" : "ok", reason: problems[0] ?? null, payload: { posted: newlyPosted, invited: people } });
  }
  if (problems.length) problems.push(`Run \`/incident ${view.incident.humanId} channel\` to retry what failed.`);
  return { space, problems };
}

async function createUniquelyNamed(rt: Runtime, port: ChatPort, declaredAt: Date, title: string, topic: string, isPrivate: boolean): Promise<SpaceRef> {
  const base = channelBaseName(declaredAt, title, port.maxSpaceName);
  for (let n = 1; n <= MAX_SUFFIX; n++) {
    const name = channelNameCandidate(base, n, port.maxSpaceName);
    // Names we already gave out are taken even if the platform forgot them (archived, renamed).
    const existing = await findIncident(rt.db, { spaceName: name });
    if (existing) continue;
    try {
      return await port.createSpace({ name, topic, private: isPrivate });
    } catch (error) {
      if (error instanceof SpaceNameTakenError) continue;
      throw error;
    }
  }
  throw new Error(`every name from ${base} to ${channelNameCandidate(base, MAX_SUFFIX, port.maxSpaceName)} is taken`);
}

function uniquePeople(people: Person[]): Person[] {
  return people.filter((p, i) => people.findIndex((q) => samePerson(p, q)) === i);
}
