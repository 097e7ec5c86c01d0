import { createHash } from "node:crypto";
import type { App } from "@slack/bolt";
import { type CommandInput, executeCommand, incidentInSpace, logInteraction, textMessage } from "../../../src/core.js";
import { actorPerson, slackActor, slackSpace, type SlackDeps } from "../context.js";
import { describeSlackFailure } from "../slack-api-error.js";

interface SlackFileInfo {
  id?: string;
  name?: string;
  title?: string;
  size?: number;
  mimetype?: string;
  user?: string;
  is_external?: boolean;
  url_private?: string;
  url_private_download?: string;
  permalink?: string;
}

/** Why a shared file could not be hashed, said to the person who shared it. */
class NotHashed extends Error {}

/**
 * A file shared in an incident channel becomes evidence with the SHA-256 of its bytes: looked up
 * with files.info, downloaded with the bot token (url_private, which needs files:read), hashed as
 * it streams in, then recorded through the core's `evidence` command, so it is logged, announced
 * and de-duplicated (by the event's id) like typed evidence. Files elsewhere, and the reports the
 * bot uploads itself, are ignored.
 */
export function registerFileShared(app: App, deps: SlackDeps): void {
  app.event("file_shared", async ({ event, body }) => {
    if (!event.channel_id || !event.file_id || event.user_id === deps.botUserId) return;
    const eventId = (body as { event_id?: string }).event_id;
    await deps.work.run(`hash shared file ${event.file_id}`, () => recordSharedFile(deps, { channelId: event.channel_id, fileId: event.file_id, userId: event.user_id, teamId: (body as { team_id?: string }).team_id, eventId }));
  });
}

async function recordSharedFile(deps: SlackDeps, shared: { channelId: string; fileId: string; userId: string; teamId?: string; eventId?: string }): Promise<void> {
  const incident = await incidentInSpace(deps.rt, { id: shared.channelId, platform: "slack" });
  if (!incident) return;
  const person = await deps.port.resolvePerson({ id: shared.userId }).catch(() => undefined);
  const actor = slackActor(shared.teamId, shared.userId, person?.name);
  const text = `[file] ${shared.fileId}`;
  let file: SlackFileInfo;
  try {
    file = ((await deps.port.client.files.info({ file: shared.fileId })).file ?? {}) as SlackFileInfo;
  } catch (error) {
    const failure = describeSlackFailure("files.info", error);
    await logInteraction(deps.rt, actor, { text, kind: "evidence", outcome: "failed", reason: failure.message, incidentId: incident.id, payload: { fileId: shared.fileId } });
    return;
  }
  const name = file.name || file.title || shared.fileId;
  const cap = deps.rt.config.reports.evidenceMaxBytes;
  let input: CommandInput;
  try {
    if (file.is_external) throw new NotHashed(`${name} is stored outside Slack, so Firebreak cannot read its bytes`);
    const url = file.url_private_download ?? file.url_private;
    if (!url) throw new NotHashed(`Slack gave no download address for ${name}`);
    if (file.size !== undefined && file.size > cap) throw new NotHashed(`${name} is ${megabytes(file.size)}, more than the ${megabytes(cap)} Firebreak downloads (FIREBREAK_EVIDENCE_MAX_MB)`);
    const { sha256, bytes } = await hashDownload(url, deps.port.client.token ?? "", cap, file);
    input = { kind: "evidence", description: `File shared in the channel: ${name}`, url: file.permalink, file: { name, sizeBytes: bytes, sha256, platformId: shared.fileId } };
  } catch (error) {
    if (!(error instanceof NotHashed)) throw error;
    await logInteraction(deps.rt, actor, { text, kind: "evidence", outcome: "rejected", reason: error.message, incidentId: incident.id, payload: { fileId: shared.fileId, name } });
    await deps.port.replyPrivately(
      { space: slackSpace(shared.channelId), person: actorPerson(actor) },
      textMessage(`⚠ ${error.message}; it is not recorded as evidence. Record it with its own hash: \`/incident evidence <where it is> --sha256 <hash>\`.`),
    );
    return;
  }
  const outcome = await executeCommand(deps.rt, { actor, port: deps.port, space: slackSpace(shared.channelId), delivery: shared.eventId ? `slack:event:${shared.eventId}` : undefined }, input, { incidentId: incident.id, logText: `[file] ${name}` });
  if (!outcome.ok && outcome.reply) await deps.port.replyPrivately({ space: slackSpace(shared.channelId), person: actorPerson(actor) }, outcome.reply);
}

/**
 * Streams a private file through SHA-256 without keeping it: stops past `cap` bytes, and refuses
 * a sign-in page (what Slack serves when the token may not read files) in place of the file.
 */
async function hashDownload(url: string, token: string, cap: number, file: SlackFileInfo): Promise<{ sha256: string; bytes: number }> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  } catch (error) {
    throw new NotHashed(`the download of ${file.name} failed (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!res.ok || !res.body) throw new NotHashed(`Slack answered the download of ${file.name} with HTTP ${res.status}`);
  if (/text\/html/i.test(res.headers.get("content-type") ?? "") && !/html/i.test(file.mimetype ?? "")) {
    await res.body.cancel();
    throw new NotHashed(`Slack sent a web page instead of ${file.name}: the app needs the files:read scope (reinstall it from manifest.yml)`);
  }
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength;
    if (bytes > cap) {
      await res.body.cancel().catch(() => {});
      throw new NotHashed(`${file.name} is larger than the ${megabytes(cap)} Firebreak downloads (FIREBREAK_EVIDENCE_MAX_MB)`);
    }
    hash.update(chunk);
  }
  if (file.size !== undefined && bytes !== file.size) throw new NotHashed(`the download of ${file.name} was cut short (${bytes} of ${file.size} bytes)`);
  return { sha256: hash.digest("hex"), bytes };
}

const megabytes = (n: number) => `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;
