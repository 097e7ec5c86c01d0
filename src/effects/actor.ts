import type { Actor } from "../domain/people.js";

/** The bot itself, on log rows it writes while delivering effects. */
export const SYSTEM_ACTOR: Actor = { kind: "system", name: "Firebreak" };
