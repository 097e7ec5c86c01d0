import path from "node:path";
import { z } from "zod";

/** Where documents Firebreak makes (post-incident reports, whole timelines) end up. */
export interface ReportsConfig {
  /** The shell writes documents here (FIREBREAK_REPORT_DIR, default `./reports`). */
  dir: string;
  /**
   * The address people reach this process at (FIREBREAK_PUBLIC_URL), without a trailing slash.
   * Teams cannot take a bot's file in a channel, so a document is linked from here instead.
   */
  publicUrl?: string;
  /** How long a document link works (FIREBREAK_DOCUMENT_LINK_DAYS, default 30). */
  linkDays: number;
  /** The largest file shared in an incident channel that is downloaded and hashed as evidence. */
  evidenceMaxBytes: number;
}

type Get = (name: string) => string | undefined;

const MB = 1024 * 1024;

export function parseReportsConfig(get: Get, problems: string[], cwd: string): ReportsConfig {
  const publicText = get("FIREBREAK_PUBLIC_URL");
  let publicUrl: string | undefined;
  if (publicText !== undefined) {
    if (!z.url({ protocol: /^https?$/ }).safeParse(publicText).success) {
      problems.push(`FIREBREAK_PUBLIC_URL must be the http(s) address people reach Firebreak at, e.g. https://firebreak.example.com (got "${publicText}").`);
    } else {
      publicUrl = publicText.replace(/\/+$/, "");
    }
  }
  const whole = (name: string, fallback: number, min: number, max: number): number => {
    const text = get(name);
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${text}").`);
      return fallback;
    }
    return value;
  };
  return {
    dir: path.resolve(cwd, get("FIREBREAK_REPORT_DIR") ?? "reports"),
    publicUrl,
    linkDays: whole("FIREBREAK_DOCUMENT_LINK_DAYS", 30, 1, 3650),
    evidenceMaxBytes: whole("FIREBREAK_EVIDENCE_MAX_MB", 100, 1, 1024) * MB,
  };
}
