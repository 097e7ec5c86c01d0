import fs from "node:fs";
import path from "node:path";

export const LOCK_FILE = "firebreak.lock";

/**
 * The embedded database's folder is in use. The message says who holds it and how to clear a
 * lock that a crash left behind whose pid now belongs to some other program.
 */
export class DataDirLockedError extends Error {
  readonly lockPath: string;
  constructor(
    readonly dir: string,
    readonly pid: number,
    holder: { sameProcess?: boolean; command?: string } = {},
  ) {
    const lockPath = path.join(dir, LOCK_FILE);
    super(
      holder.sameProcess
        ? `The embedded database in ${dir} is already open in this process; open it once and share it.`
        : `The embedded database in ${dir} is locked by process ${pid}${holder.command ? ` (${holder.command})` : ""}, according to ${lockPath}. ` +
            `If that is Firebreak still running, stop it first — or set FIREBREAK_DATA_DIR to another folder, or DATABASE_URL to use a Postgres server. ` +
            `If process ${pid} is not Firebreak (a crash left the lock behind and the number was reused), delete ${lockPath} and start again.`,
    );
    this.name = "DataDirLockedError";
    this.lockPath = lockPath;
  }
}

/** Lock files this process holds: a second open here would be a second writer all the same. */
const held = new Set<string>();

/**
 * Takes `dir`'s lock file for this process, or throws DataDirLockedError when a live process
 * holds it. A lock whose process is gone (crash, kill -9) is stale and is taken over. Returns
 * the release function (also run at exit).
 */
export function acquireDataDirLock(dir: string): () => void {
  const lockPath = path.join(dir, LOCK_FILE);
  if (held.has(lockPath)) throw new DataDirLockedError(dir, process.pid, { sameProcess: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockPath, "wx");
      fs.writeSync(fd, JSON.stringify({ pid: process.pid, at: new Date().toISOString() }));
      fs.closeSync(fd);
      held.add(lockPath);
      const release = () => {
        process.off("exit", release);
        held.delete(lockPath);
        try {
          if (readLockPid(lockPath) === process.pid) fs.unlinkSync(lockPath);
        } catch {
          // Already gone.
        }
      };
      process.on("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const pid = readLockPid(lockPath);
      // Our own pid in a lock we do not hold: a previous run with the same pid (pid 1 in a container).
      if (pid !== undefined && pid !== process.pid && isAlive(pid)) throw new DataDirLockedError(dir, pid, { command: commandOf(pid) });
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock ${lockPath}`);
}

function readLockPid(lockPath: string): number | undefined {
  try {
    const pid = (JSON.parse(fs.readFileSync(lockPath, "utf8")) as { pid?: unknown }).pid;
    return typeof pid === "number" ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The holder's command line where the system shows it (Linux), to help tell Firebreak from a stranger. */
function commandOf(pid: number): string | undefined {
  try {
    const words = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
    const command = words.join(" ");
    return command ? (command.length > 120 ? `${command.slice(0, 117)}…` : command) : undefined;
  } catch {
    return undefined;
  }
}
