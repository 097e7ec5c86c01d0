import type { Activity, ChannelAccount, Mention } from "botbuilder";
import type { Actor, Person, PersonRef } from "../../src/core.js";

/** Teams people are known by their Entra (AAD) object id when Teams sends it, else the 29:… id. */
export function personOf(account: ChannelAccount): Person {
  return { platform: "teams", id: account.aadObjectId ?? account.id, name: account.name?.trim() || "someone" };
}

export function actorOf(activity: Activity): Actor {
  const tenantId = activity.conversation?.tenantId ?? (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? "";
  const person = personOf(activity.from);
  return { kind: "teams", tenantId, userId: person.id, name: person.name };
}

/** `Alice Smith` → `Alice_Smith`: a handle the command grammar reads as one `@name` token. */
export function handleFor(name: string): string {
  return name.trim().replace(/[^\p{L}\p{N}._-]+/gu, "_").replace(/^_+|_+$/g, "") || "someone";
}

/**
 * Teams sends `<at>Alice Smith</at>` in the text plus a mention entity with her id. Each mention
 * of someone other than the bot is rewritten to `@Alice_Smith`, and the returned map resolves
 * that handle to her, so `assign commander @Alice Smith` reaches the core as one person.
 */
export function rewriteMentions(text: string, activity: Activity): { text: string; mentioned: Map<string, Person> } {
  const mentioned = new Map<string, Person>();
  const botId = activity.recipient?.id;
  const mentions = (activity.entities ?? []).filter((e): e is Mention & { text: string } => e.type === "mention" && typeof (e as Mention).text === "string");
  let out = text;
  for (const m of mentions) {
    if (!m.mentioned || m.mentioned.id === botId) continue;
    const person = personOf(m.mentioned);
    const handle = handleFor(person.name);
    mentioned.set(handle.toLowerCase(), person);
    out = out.split(m.text).join(`@${handle}`);
  }
  return { text: out.replace(/<\/?at>/g, "").replace(/&nbsp;/g, " ").trim(), mentioned };
}

/**
 * Everyone the bot has seen (senders and mentions), so `@Alice_Smith` or an id typed later can
 * be resolved without a Graph roster call.
 */
export class Directory {
  private readonly byHandle = new Map<string, Person>();
  private readonly byId = new Map<string, Person>();

  remember(person: Person): void {
    this.byHandle.set(handleFor(person.name).toLowerCase(), person);
    this.byId.set(person.id, person);
  }

  find(ref: Exclude<PersonRef, { me: true }>, extra?: Map<string, Person>): Person | undefined {
    if (ref.id) {
      const byId = this.byId.get(ref.id) ?? [...(extra?.values() ?? [])].find((p) => p.id === ref.id);
      if (byId) return byId;
    }
    if (!ref.handle) return undefined;
    const handle = ref.handle.replace(/^@/, "").toLowerCase();
    return extra?.get(handle) ?? this.byHandle.get(handle);
  }
}
