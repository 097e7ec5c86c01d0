import type { Activity, ChannelAccount, Mention } from "botbuilder";
import type { Actor, Person, PersonRef, ResolvedPerson } from "../../src/core.js";

/**
 * One Teams user is one Person. Teams names a user two ways: the Entra (AAD) object id, stable
 * across the tenant and what admins list in FIREBREAK_ADMINS, and the `29:…` id, which mention
 * entities carry and the connector wants to open a 1:1 chat. The object id is the identity
 * (`Person.id`, `Actor.userId`); the 29: id rides along in `Person.extra.teamsUserId`.
 */
export const TEAMS_USER_ID = "teamsUserId";

/** A Teams account as a Person: by its object id when the account carries one, else by its 29: id. */
export function personOf(account: ChannelAccount): Person {
  const name = account.name?.trim() || "someone";
  if (!account.aadObjectId) return { platform: "teams", id: account.id, name };
  return { platform: "teams", id: account.aadObjectId, name, ...(account.id && account.id !== account.aadObjectId ? { extra: { [TEAMS_USER_ID]: account.id } } : {}) };
}

/** The 29: id to open a chat with, when known. */
export function teamsUserIdOf(person: Person): string | undefined {
  return person.extra?.[TEAMS_USER_ID] ?? (person.id.startsWith("29:") ? person.id : undefined);
}

/** Teams marks bot accounts with `role: "bot"`, and their ids start with `28:` (people's with `29:`). */
export function isBotAccount(account: Pick<ChannelAccount, "id" | "role"> | undefined): boolean {
  return !!account && (account.role === "bot" || account.id?.startsWith("28:") === true);
}

export function actorOf(activity: Activity): Extract<Actor, { kind: "teams" }> {
  const tenantId = activity.conversation?.tenantId ?? (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? "";
  const person = personOf(activity.from);
  return { kind: "teams", tenantId, userId: person.id, name: person.name };
}

/** `Alice Smith` → `Alice_Smith`: a handle the command grammar reads as one `@name` token. */
export function handleFor(name: string): string {
  return name.trim().replace(/[^\p{L}\p{N}._-]+/gu, "_").replace(/^_+|_+$/g, "") || "someone";
}

/** Asks Teams who an id is (TeamsInfo.getMember): a 29: id, an object id or a UPN. */
export type MemberLookup = (id: string) => Promise<ChannelAccount | undefined>;

/**
 * Teams sends `<at>Alice Smith</at>` in the text plus a mention entity with her 29: id (and no
 * object id). Each mention of someone other than the bot is rewritten to `@Alice_Smith`, and the
 * returned map resolves that handle to her one identity: from the people already seen, else by
 * asking Teams. A mention Teams cannot resolve stays out of the map (the core then says it cannot
 * find the person) rather than creating a second identity under the 29: id.
 */
export async function rewriteMentions(
  text: string,
  activity: Activity,
  directory: Directory,
  lookup: MemberLookup,
): Promise<{ text: string; mentioned: Map<string, ResolvedPerson>; unresolved: string[] }> {
  const mentioned = new Map<string, ResolvedPerson>();
  const unresolved: string[] = [];
  const botId = activity.recipient?.id;
  const mentions = (activity.entities ?? []).filter((e): e is Mention & { text: string } => e.type === "mention" && typeof (e as Mention).text === "string");
  let out = text;
  for (const m of mentions) {
    if (!m.mentioned || m.mentioned.id === botId) continue;
    const handle = handleFor(m.mentioned.name ?? "someone");
    // Another bot is named as it is, marked a bot: the core refuses it a role in plain words.
    const person: ResolvedPerson | undefined = isBotAccount(m.mentioned) ? { platform: "teams", id: m.mentioned.id, name: m.mentioned.name || "bot", isBot: true } : await directory.resolve(m.mentioned, lookup);
    if (person) mentioned.set(handle.toLowerCase(), person);
    else unresolved.push(m.mentioned.id);
    out = out.split(m.text).join(`@${handle}`);
  }
  return { text: out.replace(/<\/?at>/g, "").replace(/&nbsp;/g, " ").trim(), mentioned, unresolved };
}

/**
 * Everyone the bot has seen (senders, mentions, picked people), by object id and by 29: id, so
 * `@Alice_Smith` or either id typed later resolves to the same Person without asking Teams again.
 */
export class Directory {
  private readonly byHandle = new Map<string, Person>();
  private readonly byId = new Map<string, Person>();

  remember(person: Person): void {
    // A person known by object id is never replaced by a 29:-only record of the same user.
    const known = this.byId.get(person.id);
    if (known && known.id !== person.id) return;
    this.byHandle.set(handleFor(person.name).toLowerCase(), person);
    this.byId.set(person.id, person);
    const teamsUserId = teamsUserIdOf(person);
    if (teamsUserId) this.byId.set(teamsUserId, person);
  }

  /** A person by either id. */
  byAnyId(id: string): Person | undefined {
    return this.byId.get(id);
  }

  /**
   * The one identity behind an account: its object id when the account has it; else a person
   * already seen under its 29: id; else whatever Teams says about it. Undefined when Teams cannot
   * tell (the connector refused or does not know the id).
   */
  async resolve(account: ChannelAccount, lookup: MemberLookup): Promise<Person | undefined> {
    if (account.aadObjectId) {
      const person = personOf(account);
      this.remember(person);
      return person;
    }
    const known = this.byId.get(account.id);
    if (known && known.id !== account.id) return known;
    const member = await lookup(account.id).catch(() => undefined);
    if (!member?.aadObjectId) return undefined;
    const person = personOf({ ...member, name: member.name ?? account.name, id: member.id || account.id });
    this.remember(person);
    return person;
  }

  find(ref: Exclude<PersonRef, { me: true }>, extra?: Map<string, ResolvedPerson>): ResolvedPerson | undefined {
    if (ref.id) {
      const byId = this.byId.get(ref.id) ?? [...(extra?.values() ?? [])].find((p) => p.id === ref.id || teamsUserIdOf(p) === ref.id);
      if (byId) return byId;
    }
    if (!ref.handle) return undefined;
    const handle = ref.handle.replace(/^@/, "").toLowerCase();
    return extra?.get(handle) ?? this.byHandle.get(handle);
  }
}
