import { factsOf, incidentFacts } from "../access/facts.js";
import { type AccessRequest, canSee, decide, type IncidentFacts, needsSpaceMembership, RULES } from "../access/policy.js";
import type { AccessAsk, AnyCommand, Invocation } from "../commands/define.js";
import { actorAsPerson } from "../domain/people.js";
import { CoreError } from "../errors.js";
import type { Executor } from "../store/db.js";
import type { IncidentRow } from "../store/schema.js";
import type { Runtime } from "./runtime.js";

/**
 * A refusal by the access policy. `message` is what the person reads (who may do it, or — for a
 * private incident they may not see — exactly the answer for an unknown incident); `reason` is
 * what the log records, the real one.
 */
export class AccessRefusal extends CoreError {
  constructor(
    message: string,
    help: string | undefined,
    readonly reason: string,
    readonly hidden: boolean,
  ) {
    super(hidden ? "not_found" : "forbidden", message, help);
    this.name = "AccessRefusal";
  }
}

/**
 * The access policy for one request, on every path (typed commands, buttons, forms, `list`, App
 * Home, hints). It gathers the facts the policy needs from the database and asks the platform
 * whether the person is in an incident's space only when that changes the answer, once per
 * incident and request.
 */
export class AccessStep {
  private readonly inSpaceAnswers = new Map<string, Promise<boolean | undefined>>();

  constructor(
    private readonly rt: Runtime,
    private readonly inv: Pick<Invocation, "actor" | "port">,
    private readonly actorIsBot = false,
  ) {}

  /** The incidents among `rows` the person may see. */
  async visible(rows: IncidentRow[], db: Executor = this.rt.db): Promise<IncidentRow[]> {
    const secret = rows.filter((r) => r.isPrivate);
    if (!secret.length) return rows;
    const facts = await incidentFacts(db, secret);
    const hidden = new Set<string>();
    for (const row of secret) if (!(await this.sees(row, facts.get(row.id)!))) hidden.add(row.id);
    return rows.filter((r) => !hidden.has(r.id));
  }

  /**
   * The incident's facts, or an AccessRefusal worded as `unknown` when the person may not see it.
   * Runs before anything slow or revealing (looking people up, checking the input against it).
   */
  async mustSee(incident: IncidentRow, unknown: () => Promise<CoreError>): Promise<IncidentFacts> {
    const facts = await factsOf(this.rt.db, incident);
    if (await this.sees(incident, facts)) return facts;
    const answer = await unknown();
    throw new AccessRefusal(answer.message, answer.help, `${this.who()} may not see private ${incident.humanId} (not a member, not in its space, not an admin)`, true);
  }

  /**
   * Before the transaction: which action this is (the module's `access`, given the input and what
   * `prepare` found), and the platform's membership answer if the decision depends on it.
   * Undefined for actions outside any incident (declare, list, help …), which are open to anyone.
   */
  async action(module: AnyCommand, input: unknown, prepared: unknown, incident: IncidentRow, facts: IncidentFacts): Promise<AccessAsk | undefined> {
    const named = typeof module.access === "function" ? module.access(input, { actor: this.inv.actor, incident, facts, settings: this.rt.config.access, prepared }) : module.access;
    const ask: AccessAsk = typeof named === "string" ? { action: named } : named;
    if (RULES[ask.action].scope === "global") return undefined;
    if (needsSpaceMembership(this.request(ask, facts))) await this.inSpace(incident);
    return ask;
  }

  /**
   * Inside the transaction, on the locked incident's facts as they are now (so two people claiming
   * one empty role are settled by the lock: the second finds it held). Throws an AccessRefusal.
   */
  async judge(tx: Executor, ask: AccessAsk, incident: IncidentRow): Promise<void> {
    const facts = await factsOf(tx, incident);
    const decision = decide({ ...this.request(ask, facts), isMemberOfSpace: await this.inSpaceAnswers.get(incident.id) });
    if (!decision.allowed) throw new AccessRefusal(decision.message, undefined, decision.reason, decision.hide);
  }

  private request(ask: AccessAsk, facts: IncidentFacts): Omit<AccessRequest, "isMemberOfSpace"> {
    return { actor: this.inv.actor, actorIsBot: this.actorIsBot, action: ask.action, incident: facts, target: ask.target, settings: this.rt.config.access };
  }

  private async sees(incident: IncidentRow, facts: IncidentFacts): Promise<boolean> {
    const base = { actor: this.inv.actor, incident: facts, settings: this.rt.config.access };
    if (canSee({ ...base, isMemberOfSpace: false })) return true;
    return canSee({ ...base, isMemberOfSpace: (await this.inSpace(incident)) === true });
  }

  /** Whether the platform says the person is in the incident's space; undefined when it cannot say. */
  private inSpace(incident: IncidentRow): Promise<boolean | undefined> {
    let answer = this.inSpaceAnswers.get(incident.id);
    if (!answer) {
      answer = this.askPlatform(incident);
      this.inSpaceAnswers.set(incident.id, answer);
    }
    return answer;
  }

  private async askPlatform(incident: IncidentRow): Promise<boolean | undefined> {
    const { actor, port: requestPort } = this.inv;
    const space = incident.space;
    const person = actorAsPerson(actor);
    // Only the platform the space lives on can say, and only about its own users.
    if (!space || !person || space.platform !== person.platform) return undefined;
    const port = requestPort?.platform === space.platform ? requestPort : this.rt.ports[space.platform];
    if (!port?.isMember) return undefined;
    try {
      return await port.isMember(space, person);
    } catch (error) {
      // Deny by default: a platform that cannot answer does not make anyone a member.
      this.rt.logger.warn({ err: error, incident: incident.humanId, platform: space.platform }, "could not ask the platform who is in an incident's space");
      return false;
    }
  }

  private who(): string {
    const { actor } = this.inv;
    return actor.kind === "system" ? "system" : `${actor.kind}:${actor.userId}`;
  }
}
