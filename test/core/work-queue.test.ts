import pino from "pino";
import { describe, expect, it } from "vitest";
import { WorkQueue } from "../../src/app/work-queue.js";
import { ConfigError, loadConfig } from "../../src/config.js";

function recordingLogger() {
  const lines: Record<string, unknown>[] = [];
  return { lines, logger: pino({ level: "info" }, { write: (s: string) => void lines.push(JSON.parse(s)) }) };
}

/** A promise the test opens when it chooses. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe("WorkQueue", () => {
  it("holds a burst of 10,000 to its limits: 2 running, 3 waiting, a few busy answers; the rest is turned away, not kept", async () => {
    const { lines, logger } = recordingLogger();
    const queue = new WorkQueue(logger, { concurrency: 2, backlog: 3 });
    const jobs = gate();
    const answers = gate();
    let running = 0;
    let most = 0;
    const ran: number[] = [];
    let busy = 0;
    for (let i = 0; i < 10_000; i++) {
      void queue.run(
        `job ${i}`,
        async () => {
          most = Math.max(most, ++running);
          await jobs.opened;
          ran.push(i);
          running--;
        },
        async () => {
          busy++;
          await answers.opened;
        },
      );
    }
    // Only what the limits allow is held: the jobs running and waiting, and the busy answers under way.
    expect(queue.size).toBe(5);
    expect(queue.full).toBe(true);
    expect(queue.turnedAway).toBe(9_995);
    expect(busy).toBe(3);
    expect(lines.filter((l) => l.reason === "busy")).toHaveLength(9_995);
    jobs.open();
    answers.open();
    await queue.idle();
    // The accepted ones ran, in the order they came, never more than two at once.
    expect(ran).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
    expect(queue.size).toBe(0);
    expect(queue.full).toBe(false);
  });

  it("logs a job that fails with what it was, and carries on with the next", async () => {
    const { lines, logger } = recordingLogger();
    const queue = new WorkQueue(logger, { concurrency: 1, backlog: 1 });
    const done: string[] = [];
    const first = queue.run("the failing one", async () => {
      throw new Error("boom");
    });
    const second = queue.run("the next one", async () => void done.push("next"));
    await Promise.all([first, second]);
    expect(done).toEqual(["next"]);
    expect(lines.find((l) => l.what === "the failing one")).toMatchObject({ level: 50, msg: "work after the acknowledgement failed" });
  });

  it("with no backlog, turns away whatever cannot start at once, and takes work again once a slot is free", async () => {
    const { logger } = recordingLogger();
    const queue = new WorkQueue(logger, { concurrency: 1, backlog: 0 });
    const hold = gate();
    const first = queue.run("first", () => hold.opened);
    let answered = false;
    await queue.run("second", async () => {}, async () => void (answered = true));
    expect(answered).toBe(true);
    hold.open();
    await first;
    let ran = false;
    await queue.run("third", async () => void (ran = true));
    expect(ran).toBe(true);
    expect(queue.turnedAway).toBe(1);
  });
});

describe("FIREBREAK_WORK_CONCURRENCY and FIREBREAK_WORK_BACKLOG", () => {
  it("default to 16 running and 200 waiting, and take whole numbers", () => {
    expect(loadConfig({}, "/tmp").work).toEqual({ concurrency: 16, backlog: 1000 });
    expect(loadConfig({ FIREBREAK_WORK_CONCURRENCY: "4", FIREBREAK_WORK_BACKLOG: "0" }, "/tmp").work).toEqual({ concurrency: 4, backlog: 0 });
  });

  it("refuse what is not a count, saying what the setting does and how to fix it", () => {
    let problems: string[] = [];
    try {
      loadConfig({ FIREBREAK_WORK_CONCURRENCY: "0", FIREBREAK_WORK_BACKLOG: "lots" }, "/tmp");
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      problems = (error as ConfigError).problems;
    }
    expect(problems).toEqual([
      'FIREBREAK_WORK_CONCURRENCY must be a whole number from 1 to 1000 (got "0"): how many acknowledged commands one process runs at once. Unset it for 16; keep it near your database\'s connection pool (10 by default).',
      'FIREBREAK_WORK_BACKLOG must be a whole number from 0 to 100000 (got "lots"): how many acknowledged commands may wait for a free slot before new ones are answered "busy, try again". Unset it for 1000; 0 turns away whatever cannot start at once.',
    ]);
  });
});
