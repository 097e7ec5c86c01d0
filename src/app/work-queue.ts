import type { Logger } from "pino";
import { type Message, textMessage } from "../chat/message.js";

/** How much acknowledged work a process takes on (FIREBREAK_WORK_CONCURRENCY, FIREBREAK_WORK_BACKLOG). */
export interface WorkLimits {
  /** Jobs run at once. */
  concurrency: number;
  /** Jobs that may wait for a free slot; past that, new work is turned away as busy. */
  backlog: number;
}

/** What someone hears when their command was turned away because the backlog is full. */
export function busyMessage(): Message {
  return textMessage("⏳ Firebreak is busy right now and did not run that; nothing was changed. Try again in a moment.");
}

interface Waiting {
  what: string;
  job: () => Promise<unknown>;
  done: () => void;
}

/**
 * Work a platform has acknowledged and does afterwards (a command, a click, an event). Platforms
 * give seconds to acknowledge, so the slow part runs after the ack; this bounds it, so the acks
 * stay fast and memory stays flat under a burst: at most `concurrency` jobs run, at most
 * `backlog` wait, in order. Past that a job is not run at all: its `busy` answer (one short
 * message) is sent instead, and the process log says so with reason `busy`. A failure is logged
 * with what the job was, never thrown into the platform's SDK. `idle()` lets shutdown and tests
 * wait for everything accepted.
 */
export class WorkQueue {
  private readonly waiting: Waiting[] = [];
  private running = 0;
  /** Busy answers under way: bounded too, so a flood turned away cannot pile them up either. */
  private answering = 0;
  private readonly tasks = new Set<Promise<void>>();
  /** Jobs offered so far, run or turned away (tests wait for a request's job to begin, then for idle). */
  started = 0;
  /** Jobs turned away because the backlog was full. */
  turnedAway = 0;

  constructor(
    private readonly logger: Logger,
    private readonly limits: WorkLimits,
  ) {}

  /** Whether work offered now would be turned away (a form can stay open and say so instead). */
  get full(): boolean {
    return this.running >= this.limits.concurrency && this.waiting.length >= this.limits.backlog;
  }

  /** Jobs running or waiting. */
  get size(): number {
    return this.running + this.waiting.length;
  }

  /**
   * Runs `job` now, or when a slot frees; when the backlog is full, runs `busy` instead (if given
   * and not too many are under way). Resolves when whichever ran has finished.
   */
  run(what: string, job: () => Promise<unknown>, busy?: () => Promise<unknown>): Promise<void> {
    this.started++;
    if (this.running < this.limits.concurrency) return this.track(this.execute(what, job));
    if (this.waiting.length < this.limits.backlog) {
      return this.track(new Promise<void>((done) => this.waiting.push({ what, job, done })));
    }
    this.turnAway(what);
    if (!busy || this.answering >= Math.max(this.limits.backlog, this.limits.concurrency)) return Promise.resolve();
    this.answering++;
    return this.track(
      busy()
        .catch((error: unknown) => this.logger.warn({ err: error, what }, "could not say Firebreak is busy"))
        .then(() => {
          this.answering--;
        }),
    );
  }

  /**
   * Counts and logs work turned away as busy (reason `busy`). `run` does it itself; a caller that
   * answers busy on its own (a form kept open) after seeing `full` calls this.
   */
  turnAway(what: string): void {
    this.turnedAway++;
    this.logger.warn({ what, reason: "busy", running: this.running, waiting: this.waiting.length }, "turned away: Firebreak is busy");
  }

  /** Resolves once nothing runs or waits, including work accepted meanwhile. */
  async idle(): Promise<void> {
    while (this.tasks.size) await Promise.all([...this.tasks]);
  }

  private async execute(what: string, job: () => Promise<unknown>): Promise<void> {
    this.running++;
    try {
      await job();
    } catch (error) {
      this.logger.error({ err: error, what }, "work after the acknowledgement failed");
    } finally {
      this.running--;
      this.next();
    }
  }

  private next(): void {
    const head = this.waiting.shift();
    if (head) void this.execute(head.what, head.job).then(head.done);
  }

  private track(task: Promise<void>): Promise<void> {
    this.tasks.add(task);
    void task.finally(() => this.tasks.delete(task));
    return task;
  }
}
