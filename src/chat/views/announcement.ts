import { type Phase, PHASE_LABELS } from "../../domain/lifecycle.js";
import { type Severity, SEVERITY_LEVELS } from "../../domain/severity.js";
import type { IncidentView } from "../../incidents/queries.js";
import type { Inline, Message } from "../message.js";
import { holder } from "./summary.js";

const SETTLED: readonly Phase[] = ["resolved", "review", "closed"];

/**
 * The one announcement outside the incident's space: what it is, how bad, who leads, where to
 * join. Kept current in place (severity, phase, commander, closing), so it never needs a second.
 */
export function announcementMessage(view: IncidentView): Message {
  const { incident } = view;
  const phase = incident.phase as Phase;
  const severity = incident.severity as Severity;
  const settled = SETTLED.includes(phase);
  const icon = incident.isDrill ? "🎭" : phase === "closed" ? "✅" : settled ? "🟢" : "🚨";
  const drill = incident.isDrill ? "Drill " : "";
  const commander = holder(view.roles, "commander", "primary");
  const where: Inline[] = incident.space && phase !== "closed" ? [" · join ", { space: incident.space }] : incident.space ? [" · ", { space: incident.space }] : [];
  const lead: Inline[] = [phase === "closed" ? " · led by " : " · commander ", commander ? { person: commander } : "unfilled"];
  return {
    text: `${drill}${incident.humanId} · ${severity} · ${incident.title} — ${PHASE_LABELS[phase]}`,
    blocks: [
      { type: "text", text: [{ strong: `${icon} ${drill}${incident.humanId} · ${severity} — ${SEVERITY_LEVELS[severity].name}` }, "\n", incident.title] },
      { type: "context", text: [PHASE_LABELS[phase], ...lead, " · declared ", { time: incident.declaredAt }, ...where] },
    ],
  };
}
