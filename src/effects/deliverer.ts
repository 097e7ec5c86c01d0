import { EventEmitter } from "node:events";
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { ChatPort, DeliveryFailure } from "../chat/port.js";
import type { Clock } from "../clock.js";
import type { Config } from "../config.js";
import type { Platform } from "../domain/people.js";
import type { Db } from "../store/db.js";
import { type EffectRow, effects } from "../store/schema.js";
import { claimEffects, heldBy, pruneSettled } from "./claim.js";
import { type Delivered, deliverEffect } from "./deliver.js";
import { recordFailedDelivery } from "./failed.js";

export interface DeliveryRuntime {
  db: Db;
  clock: Clock;
  logger: Logger;
  config: Pick<Config, "delivery" | "targets" | "timers" | "reports">;
  /** The platforms this process serves: it only claims effects for these. */
  ports: Partial<Record<Platform, ChatPort>>;
}

export type Settled = "done" | "failed" | "superseded" | "pending";

const PRUNE_EVERY_MS = 60 * 60_000;
const RETAIN_MS = 7 * 24 * 60 * 60_000;

/**
 * Delivers the outbox: claims the oldest open effect of each lane (on the platforms this process
 * serves), delivers them concurrently across lanes (at most `delivery.concurrency` at once),
 * settles each in a transaction with what it produced (a message id, a space), and retries
 * failures with backoff that honours Retry-After. A settled effect claims again at once, so its
 * lane's next effect follows it without waiting for slower lanes. `poke()` after a commit delivers
 * at once; a poll picks up what other processes left (a crash, a retry coming due). Every process
 * that serves a platform runs one.
 */
export class Deliverer {
  readonly worker = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  private readonly events = new EventEmitter();
  /** Deliveries under way (each settles its own effect). */
  private readonly delivering = new Set<Promise<void>>();
  private claiming?: Promise<void>;
  private again = false;
  private timer?: NodeJS.Timeout;
  private pruner?: NodeJS.Timeout;
  private stopped = false;

  constructor(private readonly rt: DeliveryRuntime) {
    this.events.setMaxListeners(0);
  }

  /** Deliver what is due, now, in the background (after a commit). */
  poke(): void {
    if (this.stopped) return;
    void this.claim();
  }

  /** Delivers until nothing deliverable is left at this moment (tests, the shell, shutdown). */
  async drain(): Promise<void> {
    for (;;) {
      await this.claim();
      // A delivery that settled meanwhile may have started another claim: wait for that too.
      if (this.claiming) continue;
      if (!this.delivering.size) return;
      await Promise.all([...this.delivering]);
    }
  }

  /** Polls for effects committed by other processes or due for a retry, until `stop()`. */
  start(): void {
    this.stopped = false;
    const every = this.rt.config.delivery.pollSeconds * 1000;
    this.timer = setInterval(() => this.poke(), every);
    this.timer.unref();
    // Delivered effects and delivery keys are kept a week (replays come within minutes), then go.
    this.pruner = setInterval(() => void this.prune(), PRUNE_EVERY_MS);
    this.pruner.unref();
    this.poke();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearInterval(this.pruner);
    await this.claiming;
    await Promise.all([...this.delivering]);
  }

  /** Removes settled effects and delivery keys older than the retention period. */
  async prune(): Promise<void> {
    const before = new Date(this.rt.clock.now().getTime() - RETAIN_MS);
    try {
      await pruneSettled(this.rt.db, before);
    } catch (error) {
      this.rt.logger.warn({ err: error }, "could not prune the outbox");
    }
  }

  /** Resolves when every id is settled, or after `timeoutMs`, with each one's status then. */
  async waitFor(ids: number[], timeoutMs: number): Promise<Map<number, Settled>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const statuses = await this.statuses(ids);
      if ([...statuses.values()].every((s) => s !== "pending") || Date.now() >= deadline) return statuses;
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.events.off("settled", done);
          resolve();
        };
        const timer = setTimeout(done, Math.min(200, Math.max(0, deadline - Date.now())));
        this.events.on("settled", done);
      });
    }
  }

  private async statuses(ids: number[]): Promise<Map<number, Settled>> {
    if (!ids.length) return new Map();
    const rows = await this.rt.db.select({ id: effects.id, status: effects.status }).from(effects).where(inArray(effects.id, ids));
    return new Map(rows.map((r) => [r.id, r.status as Settled]));
  }

  /**
   * Claims what is due, as far as there is room, and starts delivering it. One claim at a time;
   * a poke during one makes it look again. `claiming` is cleared after the claim has settled and
   * been stored: a claim that finds no room ends without awaiting anything, and clearing it from
   * inside would run before it was stored and leave a settled claim in place for ever (every
   * later poke would wait on it, and nothing would be delivered again).
   */
  private claim(): Promise<void> {
    if (this.claiming) {
      this.again = true;
      return this.claiming;
    }
    const claiming: Promise<void> = this.claimDue().finally(() => {
      if (this.claiming === claiming) this.claiming = undefined;
    });
    this.claiming = claiming;
    return claiming;
  }

  private async claimDue(): Promise<void> {
    const { db, clock, config } = this.rt;
    const platforms = Object.keys(this.rt.ports);
    try {
      do {
        this.again = false;
        const room = config.delivery.concurrency - this.delivering.size;
        // Full: each delivery that settles claims again.
        if (room <= 0) break;
        const rows = await claimEffects(db, { worker: this.worker, platforms, now: clock.now(), leaseSeconds: config.delivery.leaseSeconds, limit: room });
        for (const row of rows) this.launch(row);
      } while (this.again && !this.stopped);
    } catch (error) {
      // The database is away: the next poll tries again. Nothing was lost (the outbox holds it).
      this.rt.logger.warn({ err: error }, "could not deliver chat effects; will retry");
    }
  }

  private launch(row: EffectRow): void {
    const task: Promise<void> = this.deliverOne(row)
      // Not settled (the database went away): the lease runs out and the effect is tried again.
      .catch((error: unknown) => this.rt.logger.warn({ err: error, effect: row.id }, "could not settle a chat effect; will retry"))
      .finally(() => {
        this.delivering.delete(task);
        // Its lane's next effect (or one that was waiting for room) can go now.
        if (!this.stopped) this.poke();
      });
    this.delivering.add(task);
  }

  private async deliverOne(row: EffectRow): Promise<void> {
    const { db, clock } = this.rt;
    const port = this.rt.ports[row.platform as Platform]!;
    const note = async (result: Record<string, unknown>) => {
      await db.update(effects).set({ result }).where(heldBy(row.id, this.worker));
    };
    let delivered: Delivered;
    try {
      delivered = await deliverEffect({ db, port, config: this.rt.config, now: () => clock.now(), note }, row);
    } catch (error) {
      await this.failed(row, error);
      return;
    }
    const settled = await db.transaction(async (tx) => {
      const [mine] = await tx
        .update(effects)
        .set({ status: "done", settledAt: clock.now(), result: delivered.result ?? row.result, claimedBy: null, claimedUntil: null, lastError: null })
        .where(heldBy(row.id, this.worker))
        .returning({ id: effects.id });
      // The lease ran out and another worker took it: it settles (and writes) instead.
      if (!mine) return false;
      if (delivered.supersedes?.length) {
        await tx
          .update(effects)
          .set({ status: "superseded", settledAt: clock.now() })
          .where(and(inArray(effects.id, delivered.supersedes), eq(effects.status, "pending"), sql`(${effects.claimedUntil} is null or ${effects.claimedUntil} < ${clock.now()})`));
      }
      await delivered.write?.(tx);
      return true;
    });
    if (settled) this.events.emit("settled", row.id);
  }

  private async failed(row: EffectRow, error: unknown): Promise<void> {
    const { db, clock, config, logger } = this.rt;
    const failure = classify(error);
    const reason = error instanceof Error ? error.message : String(error);
    const retryable = failure.retryable !== false && row.attempts < config.delivery.attempts;
    logger.warn({ err: error, effect: row.id, kind: row.kind, attempts: row.attempts, retryable }, "chat effect not delivered");
    if (retryable) {
      const backoff = Math.min(config.delivery.maxBackoffSeconds, config.delivery.backoffSeconds * 2 ** (row.attempts - 1)) * 1000;
      const wait = Math.max(backoff, failure.retryAfterMs ?? 0);
      await db
        .update(effects)
        .set({ nextAttemptAt: new Date(clock.now().getTime() + wait), lastError: reason, claimedBy: null, claimedUntil: null })
        .where(heldBy(row.id, this.worker));
      return;
    }
    const marked = await db.transaction(async (tx) => {
      const [mine] = await tx
        .update(effects)
        .set({ status: "failed", settledAt: clock.now(), lastError: reason, claimedBy: null, claimedUntil: null })
        .where(heldBy(row.id, this.worker))
        .returning({ id: effects.id });
      if (!mine) return false;
      await recordFailedDelivery(tx, clock, row, reason);
      return true;
    });
    if (marked) {
      this.events.emit("settled", row.id);
      this.poke();
    }
  }
}

/**
 * Whether trying again could help. Adapters say so on their errors; an HTTP status says it too
 * (a refusal — 4xx other than 408/409/412/425/429 — will be refused again); anything else (the
 * network, a timeout) is worth another try.
 */
function classify(error: unknown): DeliveryFailure {
  const e = (error ?? {}) as DeliveryFailure & { status?: unknown; statusCode?: unknown };
  if (typeof e.retryable === "boolean") return e;
  const status = typeof e.status === "number" ? e.status : typeof e.statusCode === "number" ? e.statusCode : undefined;
  if (status !== undefined && status >= 400 && status < 500 && ![408, 409, 412, 425, 429].includes(status)) return { retryable: false };
  return { retryable: true, retryAfterMs: e.retryAfterMs };
}
