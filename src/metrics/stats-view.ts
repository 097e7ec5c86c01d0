import type { Field, Message } from "../chat/message.js";
import { ATTACK_VECTOR_INFO, ATTACK_VECTORS } from "../domain/attack-vector.js";
import { DETECTION_SOURCE_INFO, DETECTION_SOURCES } from "../domain/detection-source.js";
import { SEVERITIES } from "../domain/severity.js";
import { formatDuration } from "../domain/time.js";
import type { DurationFigures, StatsFigures } from "./aggregate.js";
import type { StatsPeriod } from "./period.js";
import { METRIC_KEYS } from "./types.js";

export const percent = (share: number) => `${Math.round(share * 100)}%`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "Prompt injection 4 · Data poisoning 1", zero counts left out; "none" when all are zero. */
function counts<K extends string>(keys: readonly K[], values: Record<K, number>, label: (k: K) => string): string {
  const parts = keys.filter((k) => values[k] > 0).map((k) => `${label(k)} ${values[k]}`);
  return parts.join(" · ") || "none";
}

/** One line per metric: the durations, then how many met the target. */
export function durationLine(f: DurationFigures): string {
  const figures = f.measured
    ? `median ${formatDuration(f.median!)} · mean ${formatDuration(f.mean!)} · p90 ${formatDuration(f.p90!)} (${f.measured} measured)`
    : "nothing measured yet";
  const target = f.shareMet === null ? "no target settled yet" : `${f.met} of ${f.decided} within target (${percent(f.shareMet)})`;
  const rest = [f.running ? `${f.running} still running` : "", f.unknown ? `${f.unknown} unknown` : "", f.inconsistent ? `${f.inconsistent} with contradictory times` : ""].filter(Boolean);
  return `${f.label}: ${figures}; ${target}${rest.length ? `; ${rest.join(", ")}` : ""}.`;
}

/** The `stats` reply: counts, automatic detection and the four durations, platform-neutral. */
export function statsMessage(figures: StatsFigures, period: StatsPeriod): Message {
  const heading = `Incident metrics · ${period.label}`;
  const drills = figures.drillsLeftOut ? ` (${plural(figures.drillsLeftOut, "drill")} left out)` : "";
  if (figures.incidents === 0) {
    const text = `No incidents were declared in ${period.label}${drills}.`;
    return { text, blocks: [{ type: "header", text: heading }, { type: "text", text: [text] }] };
  }
  const auto = figures.automatic;
  const fields: Field[] = [
    { label: "Severity", value: [counts(SEVERITIES, figures.bySeverity, (s) => s)] },
    { label: "Attack vector", value: [counts(ATTACK_VECTORS, figures.byVector, (v) => ATTACK_VECTOR_INFO[v].label)] },
    {
      label: "Detected by",
      value: [counts([...DETECTION_SOURCES, "unrecorded" as const], figures.bySource, (s) => (s === "unrecorded" ? "Not recorded" : DETECTION_SOURCE_INFO[s].label))],
    },
    {
      label: "Detected automatically",
      value: [auto.share === null ? "no detection source recorded" : `${auto.count} of ${auto.recorded} with a recorded source (${percent(auto.share)})`],
    },
  ];
  const summary = `${plural(figures.incidents, "incident")} declared in ${period.label}${drills}.`;
  return {
    text: `${heading}: ${summary}`,
    blocks: [
      { type: "header", text: heading },
      { type: "text", text: [summary] },
      { type: "fields", fields },
      { type: "text", text: [METRIC_KEYS.map((k) => durationLine(figures.metrics[k])).join("\n")] },
      {
        type: "context",
        text: ["p90: 90% of the measured incidents took this long or less (nearest rank). A clock still running past its target counts as missed. Targets follow the most severe severity held. Drills never count."],
      },
    ],
  };
}
