import { randomBytes } from "node:crypto";
import { and, eq, gt } from "drizzle-orm";
import type { Message } from "../chat/message.js";
import type { ChatFile } from "../chat/port.js";
import type { Db } from "../store/db.js";
import { type EffectRow, type SharedDocumentRow, sharedDocuments } from "../store/schema.js";
import { CannotDeliver, type DeliverEnv, type Delivered, incidentSpace } from "./delivery.js";

export interface FilePayload {
  name: string;
  title: string;
  mime: string;
  content: string;
  summary?: Message;
}

/**
 * Delivers a `file` effect: an upload where the platform takes a bot's files, else a message that
 * links the document, which this process serves at an unguessable address. A platform with no
 * way to take a document gets its summary, so the people asking at least see that.
 */
export async function deliverFile(env: DeliverEnv, row: EffectRow, p: FilePayload): Promise<Delivered> {
  const { space } = await incidentSpace(env, row);
  const file: ChatFile = { name: p.name, title: p.title, mime: p.mime, content: p.content, summary: p.summary };
  if (!env.port.postFile) {
    if (!p.summary) throw new CannotDeliver(`${env.port.platform} cannot take documents`);
    const ref = await env.port.post(space, p.summary, { key: `fb-effect-${row.id}` });
    return { result: { messageId: ref.messageId, summaryOnly: true } };
  }
  if (env.port.filesAs === "link" && env.config.reports.publicUrl) {
    const shared = await shareDocument(env, row, file);
    file.link = { url: documentUrl(env.config.reports.publicUrl, shared), expiresAt: shared.expiresAt };
  }
  const posted = await env.port.postFile(space, file);
  return { result: { ...posted, linked: !!file.link } };
}

/** The address of a shared document; the name at the end is for the browser's "save as". */
export function documentUrl(publicUrl: string, doc: Pick<SharedDocumentRow, "token" | "name">): string {
  return `${publicUrl}/documents/${doc.token}/${encodeURIComponent(doc.name)}`;
}

/**
 * Stores the document under a fresh 192-bit token, once per effect: a retried delivery finds the
 * row the first attempt wrote and links the same address.
 */
async function shareDocument(env: DeliverEnv, row: EffectRow, file: ChatFile): Promise<SharedDocumentRow> {
  const now = env.now();
  const expiresAt = new Date(now.getTime() + env.config.reports.linkDays * 86_400_000);
  await env.db
    .insert(sharedDocuments)
    .values({ token: randomBytes(24).toString("base64url"), effectId: row.id, incidentId: row.incidentId!, name: file.name, mime: file.mime, content: file.content, createdAt: now, expiresAt })
    .onConflictDoNothing({ target: sharedDocuments.effectId });
  const [shared] = await env.db.select().from(sharedDocuments).where(eq(sharedDocuments.effectId, row.id));
  return shared!;
}

/** A shared document by its token, while its link is valid. */
export async function findSharedDocument(db: Db, token: string, now: Date): Promise<SharedDocumentRow | undefined> {
  if (!/^[A-Za-z0-9_-]{32}$/.test(token)) return undefined;
  const [row] = await db
    .select()
    .from(sharedDocuments)
    .where(and(eq(sharedDocuments.token, token), gt(sharedDocuments.expiresAt, now)));
  return row;
}
