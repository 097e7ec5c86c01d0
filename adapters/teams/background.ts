import type { Logger } from "pino";

/**
 * Work that outlives the request that asked for it. Teams wants an answer within seconds, so a
 * command is acknowledged at once and run here; its result is posted proactively. `idle()` lets
 * shutdown (and tests) wait for what is in flight.
 */
export class Background {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly logger: Logger) {}

  run(what: string, work: () => Promise<void>): void {
    const task = work()
      .catch((error: unknown) => this.logger.error({ err: error, what }, "Teams background work failed"))
      .finally(() => this.running.delete(task));
    this.running.add(task);
  }

  async idle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running]);
  }
}
