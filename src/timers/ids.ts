import { createHash } from "node:crypto";

/** Namespace for reminder ids (a fixed random UUID, so ids are stable across releases). */
const NAMESPACE = "5b0f3c1e-8f3a-4a57-9d55-3e7c2f0b6a41";

/**
 * UUID v5 (RFC 9562) of incident id + reminder key: the same reminder always gets the same id, so
 * a re-send dedupes in the queue and cancellation can find the job without a lookup.
 */
export function reminderId(incidentId: string, key: string): string {
  const ns = Buffer.from(NAMESPACE.replaceAll("-", ""), "hex");
  const hash = createHash("sha1").update(ns).update(`${incidentId}/${key}`).digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** What people type to snooze or dismiss a nudge: the first 8 hex digits of its id. */
export function shortReminderRef(id: string): string {
  return id.slice(0, 8);
}
