/**
 * What the flat-cost benchmark times, on a database that already holds the history: typical
 * commands through the real runner with the shell's chat port, the App Home query, and a timer's
 * claim and firing. Each probe runs a few warm-up rounds, then `runs` timed rounds.
 */
import pino from "pino";
import { ShellChat } from "../../adapters/shell/shell-chat.js";
import { createRuntime } from "../../src/app/create-runtime.js";
import { actionsOwnedBy, statsView } from "../../src/app/home-data.js";
import { openIncidentViews } from "../../src/app/lookups.js";
import { runCommand } from "../../src/app/run-command.js";
import type { SpaceRef } from "../../src/chat/port.js";
import { systemClock } from "../../src/clock.js";
import { loadConfig } from "../../src/config.js";
import type { Scheduler } from "../../src/scheduler/scheduler.js";
import type { Database } from "../../src/store/db.js";
import { scheduleReminders } from "../../src/timers/reconcile.js";

export const actor = { kind: "shell" as const, userId: "bench", name: "bench" };

export type Bench = Awaited<ReturnType<typeof benchRuntime>>;

/** A runtime on the database with the shell's port (output discarded) and the job queue. */
export function benchRuntime(database: Database, scheduler: Scheduler) {
  const chat = new ShellChat(() => {});
  const rt = createRuntime({ db: database.db, clock: systemClock, config: loadConfig({}, "/tmp"), logger: pino({ level: "silent" }), reminders: scheduler.queue });
  rt.ports.shell = chat;
  return { rt, chat, scheduler, general: chat.ensureChannel("general"), targets: [] as { id: string; space: SpaceRef; checked?: boolean }[] };
}

/** The open incidents the probes work in, declared through the runner (channel and all). */
export async function declareTargets(b: Bench, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const out = await runCommand(b.rt, { actor, text: `declare P${(i % 4) + 1} prompt-injection Flat cost target ${i}`, port: b.chat, space: b.general });
    await b.rt.deliverer.drain();
    if (!out.ok || !out.space || !out.incident) throw new Error(`declare failed: ${out.reply?.text}`);
    b.targets.push({ id: out.incident.id, space: out.space });
  }
}

export interface Probe {
  name: string;
  /** One round; `i` picks the target incident and varies the input. Returns nothing; throws on a refusal. */
  run(b: Bench, i: number): Promise<void>;
}

async function command(b: Bench, text: string, space: SpaceRef): Promise<void> {
  const out = await runCommand(b.rt, { actor, text, port: b.chat, space });
  if (!out.ok) throw new Error(`\`${text}\` was refused: ${out.reply?.text}`);
}

const target = (b: Bench, i: number) => b.targets[i % b.targets.length]!;
let timerRound = 0;
/** The timer probe's own timing (claim + fire + deliver), without scheduling the reminder. */
let timerOnly: number[] = [];

export const PROBES: Probe[] = [
  { name: "note in an incident's channel", run: (b, i) => command(b, `note flat cost round ${i}`, target(b, i).space) },
  {
    name: "check / uncheck a step",
    // Each target's step 5 is checked, then unchecked, then checked… as the rounds come round.
    async run(b, i) {
      const t = target(b, i);
      await command(b, `${t.checked ? "uncheck" : "check"} 5`, t.space);
      t.checked = !t.checked;
    },
  },
  { name: "timeline", run: (b, i) => command(b, "timeline", target(b, i).space) },
  { name: "reminders", run: (b, i) => command(b, "reminders", target(b, i).space) },
  { name: "list (from #general)", run: (b) => command(b, "list", b.general) },
  {
    name: "App Home (open incidents, own actions, 30-day stats)",
    async run(b) {
      await openIncidentViews(b.rt, { actor, port: b.chat });
      await actionsOwnedBy(b.rt, { platform: "shell", id: actor.userId });
      await statsView(b.rt, "30d");
    },
  },
  {
    name: "timer: claim and fire one due reminder",
    async run(b, i) {
      const now = b.rt.clock.now();
      const round = timerRound++;
      await b.rt.db.transaction((tx) =>
        scheduleReminders(tx, b.scheduler.queue, target(b, i).id, [{ key: `bench:due:${round}`, kind: "inject", fireAt: new Date(now.getTime() - 1000), payload: { index: round, text: "flat cost" } }], now),
      );
      const t = performance.now();
      const fired = await b.scheduler.runDue(b.rt, new Date());
      timerOnly.push(performance.now() - t);
      if (!fired.length) throw new Error("the due reminder was not claimed");
    },
  },
];

export interface ProbeResult {
  name: string;
  runs: number;
  p50: number;
  p95: number;
  max: number;
}

export function summarise(name: string, times: number[]): ProbeResult {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  return { name, runs: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted.at(-1)! };
}

/**
 * Times every probe: `warmup` rounds untimed, then `runs` rounds. After each round the outbox is
 * drained (untimed), as the deliverer would between commands.
 */
export async function measure(b: Bench, runs: number, warmup = 5): Promise<ProbeResult[]> {
  const results: ProbeResult[] = [];
  for (const probe of PROBES) {
    const times: number[] = [];
    timerOnly = [];
    for (let i = 0; i < warmup + runs; i++) {
      const t = performance.now();
      await probe.run(b, i);
      if (i >= warmup) times.push(performance.now() - t);
      await b.rt.deliverer.drain();
    }
    results.push(summarise(probe.name, probe.name.startsWith("timer") ? timerOnly.slice(warmup) : times));
  }
  return results;
}

/** One round of every probe (the statements they send are what the plans are checked on). */
export async function oneRoundEach(b: Bench): Promise<void> {
  for (const probe of PROBES) {
    await probe.run(b, 1);
    await b.rt.deliverer.drain();
  }
}
