import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { startFakeSlack } from "../../slack/fake-slack.js";

/**
 * The fake Slack Web API (test/slack/fake-slack.ts) answering every call after a delay, in a
 * process of its own so that its work competes neither with the load generator nor with the app
 * under test. The parent asks it over IPC how many calls it has answered (to tell when the app's
 * after-ack work has drained) and tells it to forget what it recorded (the bench makes thousands
 * of calls).
 */
export interface SlowSlackStats {
  /** Web API calls answered so far. */
  calls: number;
  /** Bodies posted to response URLs (each slash command's answer). */
  responses: number;
  /** Answers that told the person Firebreak was busy. */
  busy: number;
  /** Incident channels created (conversations.create). */
  channels: number;
}

export interface SlowSlack {
  url: string;
  apiUrl: string;
  /** The channel the slash commands are typed in. */
  general: { id: string; name: string };
  stats(): Promise<SlowSlackStats>;
  /** Drops recorded calls, messages and responses (counts are kept). */
  forget(): Promise<void>;
  stop(): Promise<void>;
}

type Request = { id: number; type: "stats" | "forget" };
type Reply = { id: number; stats?: SlowSlackStats };

/** Forks this file as a child process; resolves once the fake listens. */
export function startSlowSlack(delayMs: number): Promise<SlowSlack> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ["--serve", String(delayMs)], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  let next = 1;
  const waiting = new Map<number, (reply: Reply) => void>();
  const ask = (type: Request["type"]) =>
    new Promise<Reply>((resolve) => {
      const id = next++;
      waiting.set(id, resolve);
      child.send({ id, type } satisfies Request);
    });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the fake Slack exited with ${code}`)));
    child.on("message", (message: Reply | { ready: Omit<SlowSlack, "stats" | "forget" | "stop"> }) => {
      if ("ready" in message) {
        resolve({
          ...message.ready,
          stats: async () => (await ask("stats")).stats!,
          forget: async () => void (await ask("forget")),
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.once("exit", () => done());
              child.kill("SIGTERM");
            }),
        });
        return;
      }
      waiting.get(message.id)?.(message);
      waiting.delete(message.id);
    });
  });
}

async function serve(delayMs: number): Promise<void> {
  const fake = await startFakeSlack({ delayMs });
  const general = fake.addChannel("general");
  // Counts survive `forget`; busy answers are counted once, as they arrive.
  const counted = { calls: 0, responses: 0, busy: 0 };
  let scanned = 0;
  const stats = (): SlowSlackStats => {
    for (; scanned < fake.responses.length; scanned++) if (/busy/i.test(JSON.stringify(fake.responses[scanned]!.body ?? ""))) counted.busy++;
    return {
      calls: counted.calls + fake.calls.length,
      responses: counted.responses + fake.responses.length,
      busy: counted.busy,
      channels: [...fake.channels.values()].filter((c) => c.creator !== "UADMIN").length,
    };
  };
  process.on("message", (request: Request) => {
    if (request.type === "forget") {
      const now = stats();
      counted.calls = now.calls;
      counted.responses = now.responses;
      fake.calls.length = 0;
      fake.responses.length = 0;
      scanned = 0;
      fake.messages.clear();
    }
    process.send!({ id: request.id, stats: stats() } satisfies Reply);
  });
  process.once("SIGTERM", () => void fake.close().then(() => process.exit(0)));
  process.send!({ ready: { url: fake.url, apiUrl: fake.apiUrl, general: { id: general.id, name: general.name } } });
}

if (process.argv[2] === "--serve") await serve(Number(process.argv[3]));
