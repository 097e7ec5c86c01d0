import { z } from "zod";

export const PLATFORMS = ["slack", "teams", "shell"] as const;
export const Platform = z.enum(PLATFORMS);
export type Platform = z.infer<typeof Platform>;

/**
 * Someone who can hold a role or be invited: an opaque platform id plus a display name. `id` is
 * the one identity (what samePerson compares); `extra` keeps other ids an adapter needs to reach
 * the person (on Teams the `29:` chat id, while `id` is the Entra object id).
 */
export const Person = z.object({
  platform: Platform,
  id: z.string().min(1).max(200),
  name: z.string().min(1).max(200),
  extra: z.record(z.string(), z.string()).optional(),
});
export type Person = z.infer<typeof Person>;

/**
 * Who did something. Stored on every log row. `system` is the bot itself (timers, follow-ups).
 */
export const Actor = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("slack"), teamId: z.string(), userId: z.string(), name: z.string() }),
  z.object({ kind: z.literal("teams"), tenantId: z.string(), userId: z.string(), name: z.string() }),
  z.object({ kind: z.literal("shell"), userId: z.string(), name: z.string() }),
  z.object({ kind: z.literal("system"), name: z.string() }),
]);
export type Actor = z.infer<typeof Actor>;

export function actorId(actor: Actor): string {
  return actor.kind === "system" ? "system" : actor.userId;
}

/** The actor as a person (for "assign to me" and "invite the declarer"); the bot is no person. */
export function actorAsPerson(actor: Actor): Person | undefined {
  if (actor.kind === "system") return undefined;
  return { platform: actor.kind, id: actor.userId, name: actor.name };
}

export function samePerson(a: Person, b: Person): boolean {
  return a.platform === b.platform && a.id === b.id;
}
