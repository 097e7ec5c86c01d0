import { formatRegulatorDuration } from "../domain/regulatory.js";
import { formatDuration } from "../domain/time.js";
import { FIRST_HOUR } from "../playbooks/index.js";

/**
 * A reminder's key (`overdue:fh-45:escalate~snooze@2026-…`) as a person would name it ("minute
 * 45–60 escalation, snoozed"). Keys are internal; people only ever see these names.
 */
export function reminderName(key: string): string {
  const [base, snoozed] = key.split("~snooze@");
  const name = baseName(base!);
  return snoozed ? `${name} (snoozed)` : name;
}

function windowName(windowKey: string | undefined): string {
  const w = FIRST_HOUR.find((x) => x.key === windowKey);
  return w ? `minute ${w.from}–${w.to}` : "first-hour";
}

function baseName(key: string): string {
  const parts = key.split(":");
  switch (parts[0]) {
    case "prompt":
      return `first-hour prompt (${windowName(parts[1])})`;
    case "first-hour-summary":
      return "first-hour summary";
    case "roles":
      return parts[1] === "commander" ? "no-commander nudge" : "unfilled roles nudge";
    case "overdue":
      return `${windowName(parts[1])} ${parts[2] === "escalate" ? "escalation" : "overdue nudge"}`;
    case "cadence":
      return "stakeholder update reminder";
    case "target": {
      const target = parts[1] === "notify" ? "notification" : parts[1] === "contain" ? "containment" : "remediation";
      return parts[2] === "100" ? `${target} target breach` : `${target} target, ${parts[2]}% warning`;
    }
    case "regulatory": {
      // `regulatory:<flag time>:<deadline>m:<offset>m`; keys from before the deadline was a choice end in `24h`.
      const offset = /^(\d+)m$/.exec(parts.at(-1) ?? "");
      const deadline = /^(\d+)m$/.exec(parts.at(-2) ?? "");
      if (offset && deadline) return `regulator clock, ${formatRegulatorDuration(Number(offset[1]))} of ${formatRegulatorDuration(Number(deadline[1]))}`;
      return `regulator clock, ${parts.at(-1)?.replace("h", " h") ?? ""}`.trim();
    }
    case "review":
      return parts.at(-1) === "half" ? "review reminder (halfway)" : "review reminder (due)";
    case "recurrence": {
      const minutes = Number(parts[1]?.replace("m", ""));
      return Number.isFinite(minutes) ? `recurrence check after ${formatDuration(minutes)}` : "recurrence check";
    }
    case "inject":
      return `drill inject ${parts[1] ?? ""}`.trim();
    case "action":
      return `follow-up action ${parts[1] ?? ""} ${parts[2] === "overdue" ? "overdue nudge" : "due-day nudge"}`.replace(/\s+/g, " ");
    default:
      return "reminder";
  }
}
