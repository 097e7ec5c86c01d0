import { LogLevel, type Logger as BoltLogger } from "@slack/bolt";
import type { Logger } from "pino";

/** Bolt's logger interface on top of ours, so Bolt's warnings land in the same log stream. */
export function boltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: "bolt" });
  let level = LogLevel.INFO;
  const write = (method: "debug" | "info" | "warn" | "error") => (...messages: unknown[]) => child[method](messages.map((m) => (typeof m === "string" ? m : JSON.stringify(m))).join(" "));
  return {
    debug: write("debug"),
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
