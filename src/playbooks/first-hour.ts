import type { FirstHourWindow, Section } from "./types.js";

/** The reference's "first 60 minutes", as six windows; minutes are offsets from declaration. */
export const FIRST_HOUR: FirstHourWindow[] = [
  {
    key: "fh-0", from: 0, to: 5, owner: "commander", title: "Confirm it is real",
    step: { key: "first-hour.confirm", owner: "commander", text: "Confirm it is real, not a false positive", hint: "False positive? `resolve false positive` and say why.", source: "Confirm the incident is real and not a false positive" },
    related: [],
  },
  {
    key: "fh-5", from: 5, to: 10, owner: "commander", title: "Severity and commander",
    step: { key: "first-hour.severity-commander", owner: "commander", text: "Set severity and make sure the commander knows", hint: "`severity P1`, `assign commander @name`", source: "Assign severity, notify incident commander" },
    related: ["triage.severity"],
  },
  {
    key: "fh-10", from: 10, to: 15, owner: "tech-lead", title: "Preserve evidence",
    step: { key: "first-hour.evidence", owner: "tech-lead", text: "Start preserving evidence: logs and model state", hint: "`evidence <what/where>` records it with a SHA-256.", source: "Begin evidence preservation including logs and model state" },
    related: ["evidence.logs", "evidence.model-state"],
  },
  {
    key: "fh-15", from: 15, to: 30, owner: "tech-lead", title: "Immediate containment",
    step: { key: "first-hour.contain", owner: "tech-lead", text: "Contain: restrict access and filter inputs", source: "Implement immediate containment by restricting access and filtering inputs" },
    related: ["contain.restrict-access", "contain.input-filter"],
  },
  {
    key: "fh-30", from: 30, to: 45, owner: "tech-lead", title: "Scope and affected users",
    step: { key: "first-hour.scope", owner: "tech-lead", text: "Assess scope: affected users and systems", source: "Assess scope and identify affected users and systems" },
    related: ["triage.scope", "impact.users"],
  },
  {
    key: "fh-45", from: 45, to: 60, owner: "comms-lead", title: "Brief stakeholders, start investigating",
    step: { key: "first-hour.brief", owner: "comms-lead", text: "Brief stakeholders; start the investigation", hint: "Post it with `update <text>`, then `notify`.", source: "Brief stakeholders, begin investigation" },
    related: ["triage.notify", "investigate.timeline"],
  },
];

export const FIRST_HOUR_SECTION: Section = {
  key: "first-hour",
  title: "First 60 minutes",
  phase: "triage",
  ref: "Quick Reference: First 60 Minutes",
  steps: FIRST_HOUR.map((w) => w.step),
};
