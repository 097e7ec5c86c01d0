import { z } from "zod";
import type { Message } from "../chat/message.js";
import type { TargetKind } from "../domain/severity.js";
import { formatDuration } from "../domain/time.js";
import { DRILL_SCENARIOS, findScenario } from "../drills/scenarios.js";
import { createIncident } from "../incidents/create-incident.js";
import { announce } from "./chat-effects.js";
import { declaredReply, openingEffects } from "./declare-effects.js";
import { type CommandSpec, defineCommand } from "./define.js";
import { usage } from "./grammar.js";
import { quoted } from "../chat/rich-text.js";

const spec: CommandSpec = {
  name: "drill",
  aliases: ["tabletop", "exercise"],
  usage: [`drill <${DRILL_SCENARIOS.map((d) => d.name).join("|")}> [--speed N]`],
  summary: "Start a tabletop exercise: a marked drill incident on a compressed clock with scripted injects",
  examples: ["drill prompt-injection", "drill supply-chain --speed 60"],
  scope: "none",
};

/** "Targets run on the drill clock too (P2): notify 4h → 12m, …": what the team is held to in real time. */
function compressedTargets(targets: Record<TargetKind, number>, severity: string, speed: number): string {
  const kinds = ["notify", "contain", "remediate"] as const;
  return `Targets run on the drill clock too (${severity}): ${kinds.map((k) => `${k} ${formatDuration(targets[k])} → ${formatDuration(targets[k] / speed)}`).join(", ")}.`;
}

/** A drill is a real incident marked as a drill, on a clock `speed` times faster, with injects. */
export const drill = defineCommand({
  spec,
  access: "drill",
  changes: true,
  parse(args) {
    let speed: number | undefined;
    const words: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const m = /^--speed(?:=(.*))?$/i.exec(args[i]!);
      if (!m) {
        words.push(args[i]!);
        continue;
      }
      const v = m[1] ?? args[++i];
      speed = Number(v);
      if (!v || !Number.isInteger(speed) || speed < 1 || speed > 3600) throw usage(spec, `\`--speed\` takes a whole number from 1 to 3600 (got ${quoted(v ?? "")}).`);
    }
    const scenario = findScenario(words.join("-"));
    if (!scenario) throw usage(spec, `${quoted(words.join(" ") || "(nothing)")} is not a drill scenario; use one of ${DRILL_SCENARIOS.map((d) => d.name).join(", ")}.`);
    return { scenario: scenario.name, speed };
  },
  schema: z.object({
    scenario: z.string().refine((name) => !!findScenario(name), "Unknown drill scenario"),
    speed: z.number().int().min(1).max(3600).optional(),
  }),
  async run({ tx, ctx, inv, effects }, input) {
    const scenario = findScenario(input.scenario)!;
    const speed = input.speed ?? ctx.config.timers.drillSpeed;
    const created = await createIncident(tx, ctx, {
      title: `Drill: ${scenario.title}`,
      severity: scenario.severity,
      vector: scenario.vector,
      description: scenario.brief,
      private: false,
      origin: inv.space,
      platform: inv.platform,
      drill: { speed, scenario: scenario.name },
    });
    const firstHour = speed >= 60 ? `${Math.round(3600 / speed)}s` : formatDuration(60 / speed);
    const brief: Message = {
      text: `DRILL ${created.incident.humanId}: ${scenario.brief}`,
      blocks: [
        { type: "header", text: `🎭 DRILL — ${scenario.title}` },
        { type: "text", text: [scenario.brief] },
        { type: "context", text: [`This is a tabletop exercise. The clock runs ×${speed}: the first hour plays in ${firstHour}. Injects will arrive on that clock. Drills never count in metrics.`] },
        { type: "context", text: [compressedTargets(ctx.config.targets[scenario.severity], scenario.severity, speed)] },
      ],
    };
    effects.push(...openingEffects(created.incident, ctx.actor, created.commander), announce(created.incident.id, brief));
    return {
      incident: created.incident,
      waitForSpace: true,
      reply: declaredReply(created.incident),
      log: { kind: "declare", payload: { humanId: created.incident.humanId, title: created.incident.title, severity: scenario.severity, vector: scenario.vector, drill: true, clockSpeed: speed, drillScenario: scenario.name, commander: created.commander } },
    };
  },
});
