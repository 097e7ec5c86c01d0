import type { Logger } from "pino";

/**
 * Work that runs after Slack has been acknowledged. Slack only waits 3 s for the ack, so the
 * slow part (database, Web API calls) happens after it; this keeps track of that work so a
 * shutdown can drain it and a test can wait for it instead of sleeping.
 */
export class InFlight {
  private readonly running = new Set<Promise<void>>();
  /** How many jobs were ever started (tests wait for a request's job to begin, then for idle). */
  started = 0;

  constructor(private readonly logger: Logger) {}

  /** Runs `job`; a failure is logged with `what`, never thrown back into Bolt after the ack. */
  run(what: string, job: () => Promise<unknown>): Promise<void> {
    const task = (async () => {
      try {
        await job();
      } catch (error) {
        this.logger.error({ err: error, what }, "Slack work failed after the ack");
      }
    })();
    this.started++;
    this.running.add(task);
    void task.finally(() => this.running.delete(task));
    return task;
  }

  /** Resolves once nothing is running, including work started while waiting. */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running]);
  }

  get size(): number {
    return this.running.size;
  }
}
