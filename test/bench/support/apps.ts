import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SLACK_VARIABLES } from "../../../src/config/slack.js";
import { TEAMS_SWITCHES } from "../../../src/config/teams.js";

/**
 * The two apps of the ack comparison as child processes: Firebreak exactly as `npm start` runs
 * it (node adapters/start.mjs: the bundled adapters/main.ts, Slack in HTTP mode, its Web API
 * pointed at the fake) and the bare Bolt app (Node with tsx as a loader). Each is Node itself, so
 * the pid is the app's (for its RSS).
 */
const ROOT = fileURLToPath(new URL("../../..", import.meta.url));

export interface RunningApp {
  name: string;
  /** e.g. http://127.0.0.1:40123 */
  url: string;
  pid: number;
  /** The last 200 lines the app wrote (Firebreak logs warnings and errors only). */
  log: string[];
  /** How many of its log lines were warnings or worse (pino levels 40+). */
  warnings: number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function launch(name: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp, port: number, logFile?: string): Promise<RunningApp> {
  const child: ChildProcess = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  const log: string[] = [];
  const file = logFile ? fs.createWriteStream(logFile) : undefined;
  let partial = "";
  const keep = (chunk: Buffer) => {
    file?.write(chunk);
    const lines = (partial + String(chunk)).split("\n");
    partial = lines.pop()!;
    for (const line of lines.filter(Boolean)) {
      log.push(line);
      if (/"level":(40|50|60)\b/.test(line)) app.warnings++;
      if (log.length > 200) log.shift();
    }
  };
  const app: RunningApp = {
    name,
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    log,
    warnings: 0,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        const force = setTimeout(() => child.kill("SIGKILL"), 15_000);
        child.once("exit", () => {
          clearTimeout(force);
          file?.end();
          done();
        });
        child.kill("SIGTERM");
      }),
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 60 s:\n${log.join("\n")}`)), 60_000);
    const watch = (chunk: Buffer) => {
      keep(chunk);
      if (ready.test(String(chunk))) {
        clearTimeout(timer);
        resolve(app);
      }
    };
    child.stdout!.on("data", watch);
    child.stderr!.on("data", watch);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} before it was ready:\n${log.join("\n")}`));
    });
  });
}

export interface FirebreakOptions {
  apiUrl: string;
  signingSecret: string;
  /** A Postgres server database; the embedded database in a fresh temporary folder when unset. */
  databaseUrl?: string;
  /** Where everything Firebreak writes goes (its log: warnings and errors). */
  logFile?: string;
}

/** `npm start` with Slack in HTTP mode; resolves once it says where its health check is. */
export async function startFirebreak(options: FirebreakOptions): Promise<RunningApp & { dataDir?: string }> {
  const port = await freePort();
  const off = Object.fromEntries([...SLACK_VARIABLES, ...TEAMS_SWITCHES, "DATABASE_URL", "SLACK_API_URL", "FIREBREAK_ANNOUNCE_CHANNEL"].map((name) => [name, ""]));
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "firebreak-bench-"));
  const env = {
    ...process.env,
    ...off,
    SLACK_BOT_TOKEN: "xoxb-test-token",
    SLACK_SIGNING_SECRET: options.signingSecret,
    SLACK_API_URL: options.apiUrl,
    PORT: String(port),
    LOG_LEVEL: "warn",
    FIREBREAK_DATA_DIR: path.join(scratch, "data"),
    FIREBREAK_REPORT_DIR: path.join(scratch, "reports"),
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
  };
  // What `npm start` runs: the launcher builds (or reuses) the bundle and runs it in its own process.
  const app = await launch("Firebreak", ["adapters/start.mjs"], env, /Health at /, port, options.logFile);
  return {
    ...app,
    dataDir: options.databaseUrl ? undefined : env.FIREBREAK_DATA_DIR,
    stop: async () => {
      await app.stop();
      fs.rmSync(scratch, { recursive: true, force: true });
    },
  };
}

export async function startBareBolt(options: { apiUrl: string; signingSecret: string; receiver?: "express" | "http" }): Promise<RunningApp> {
  const port = await freePort();
  return launch("bare Bolt", ["--import", "tsx", "test/bench/support/bare-bolt.ts", String(port), options.signingSecret, options.apiUrl, options.receiver ?? "express"], { ...process.env }, /^ready/m, port);
}

/** Resident and peak resident memory of a process, in bytes (Linux /proc; unknown elsewhere). */
export function memoryOf(pid: number): { rss: number; peak?: number } {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN) * 1024;
    return { rss: kb("VmRSS"), peak: kb("VmHWM") };
  } catch {
    return { rss: Number.NaN };
  }
}

/** CPU time (user + system) a process has used, in seconds (Linux /proc; NaN elsewhere). */
export function cpuSeconds(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}
