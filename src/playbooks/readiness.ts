import type { Section } from "./types.js";

/**
 * Phase 1 of the reference happens before any incident, so it is never attached to one: `readiness`
 * shows it as a standing checklist for the team.
 */
export const READINESS_SECTIONS: Section[] = [
  {
    key: "readiness-team",
    title: "Team readiness",
    phase: "triage",
    ref: "Team Readiness",
    steps: [
      { key: "ready.team", owner: "commander", ref: "Identify AI incident response team members", text: "Name the response team: ML, security, data science, legal, comms" },
      { key: "ready.roles", owner: "commander", ref: "Define roles and responsibilities", text: "Define commander, tech lead, comms lead, legal advisor — each with a backup" },
      { key: "ready.channels", owner: "comms-lead", ref: "Establish communication channels", text: "Set up dedicated, secure channels — not on the AI systems that may be compromised" },
      { key: "ready.exercises", owner: "commander", ref: "Conduct tabletop exercises", text: "Run quarterly tabletop exercises (`drill <scenario>`)" },
      { key: "ready.decision-trees", owner: "legal", ref: "Create decision trees", text: "Pre-agree escalation: when to involve legal, tell customers, take models offline" },
    ],
  },
  {
    key: "readiness-technical",
    title: "Technical preparation",
    phase: "triage",
    ref: "Technical Preparation",
    steps: [
      { key: "ready.logging", owner: "tech-lead", ref: "Implement comprehensive logging", text: "Log every model input and output with time, session and user, stored apart from the system" },
      { key: "ready.baselines", owner: "tech-lead", ref: "Establish model behavior baselines", text: "Baseline outputs, latency, token usage and refusal rates" },
      { key: "ready.alerting", owner: "tech-lead", ref: "Deploy monitoring and alerting", text: "Alert on drift, token anomalies, refusal spikes, latency and API usage" },
      { key: "ready.inventory", owner: "tech-lead", ref: "Maintain model inventory", text: "Keep a model inventory: versions, data sources, fine-tuning, dependencies" },
      { key: "ready.rollback", owner: "tech-lead", ref: "Implement rollback capability", text: "Be able to roll back a model or config without downtime" },
      { key: "ready.forensics", owner: "tech-lead", ref: "Secure forensic infrastructure", text: "Prepare isolated forensic environments" },
    ],
  },
  {
    key: "readiness-docs",
    title: "Documentation",
    phase: "triage",
    ref: "Documentation",
    steps: [
      { key: "ready.architecture", owner: "tech-lead", ref: "Document model architectures", text: "Document data flows, endpoints, auth and integrations per model" },
      { key: "ready.vendors", owner: "comms-lead", ref: "Maintain vendor contact lists", text: "Keep vendor security contacts and their reporting procedures current" },
      { key: "ready.playbooks", owner: "commander", ref: "Create playbooks for common scenarios", text: "Keep playbooks for injection, poisoning, theft, adversarial and supply chain" },
    ],
  },
];
