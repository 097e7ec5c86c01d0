import { z } from "zod";
import type { WorkLimits } from "../app/work-queue.js";

export type WorkConfig = WorkLimits;

type Get = (name: string) => string | undefined;

const Concurrency = z.coerce.number().int().min(1).max(1000);
const Backlog = z.coerce.number().int().min(0).max(100_000);

/**
 * How much work after an acknowledgement (a command, a click, an event) one process takes on:
 * FIREBREAK_WORK_CONCURRENCY jobs at once (default 16), FIREBREAK_WORK_BACKLOG more waiting
 * (default 1,000: a few KB each while they wait). Past that, new commands are acknowledged and answered "busy, try again".
 */
export function parseWorkConfig(get: Get, problems: string[]): WorkConfig {
  const concurrencyText = get("FIREBREAK_WORK_CONCURRENCY");
  const backlogText = get("FIREBREAK_WORK_BACKLOG");
  const concurrency = Concurrency.safeParse(concurrencyText ?? 16);
  const backlog = Backlog.safeParse(backlogText ?? 1000);
  if (!concurrency.success) {
    problems.push(
      `FIREBREAK_WORK_CONCURRENCY must be a whole number from 1 to 1000 (got "${concurrencyText}"): how many acknowledged commands one process runs at once. Unset it for 16; keep it near your database's connection pool (10 by default).`,
    );
  }
  if (!backlog.success) {
    problems.push(
      `FIREBREAK_WORK_BACKLOG must be a whole number from 0 to 100000 (got "${backlogText}"): how many acknowledged commands may wait for a free slot before new ones are answered "busy, try again". Unset it for 1000; 0 turns away whatever cannot start at once.`,
    );
  }
  return { concurrency: concurrency.success ? concurrency.data : 16, backlog: backlog.success ? backlog.data : 1000 };
}
