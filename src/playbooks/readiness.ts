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
      { key: "ready.team", owner: "commander", text: "Name the response team: ML, security, data science, legal, comms",
        source: "Identify AI incident response team members — Include ML engineers, security analysts, data scientists, legal counsel, and communications personnel. AI incidents require cross-functional expertise that traditional security teams may lack." },
      { key: "ready.roles", owner: "commander", text: "Define commander, tech lead, comms lead, legal advisor — each with a backup",
        source: "Define roles and responsibilities — Assign an incident commander, technical lead, communications lead, and legal advisor. Ensure each role has a backup." },
      { key: "ready.channels", owner: "comms-lead", text: "Set up dedicated, secure channels — not on the AI systems that may be compromised",
        source: "Establish communication channels — Set up dedicated, secure channels for incident coordination. Avoid using the same AI systems that may be compromised." },
      { key: "ready.exercises", owner: "commander", text: "Run quarterly tabletop exercises (`drill <scenario>`)",
        source: "Conduct tabletop exercises — Run quarterly exercises covering scenarios like prompt injection at scale, model poisoning discovery, training data breach, and adversarial manipulation of production models." },
      { key: "ready.decision-trees", owner: "legal", text: "Pre-agree escalation: when to involve legal, tell customers, take models offline",
        source: "Create decision trees — Pre-define escalation criteria: when to involve legal, when to notify customers, when to take models offline." },
    ],
  },
  {
    key: "readiness-technical",
    title: "Technical preparation",
    phase: "triage",
    ref: "Technical Preparation",
    steps: [
      { key: "ready.logging", owner: "tech-lead", text: "Log every model input and output with time, session and user, stored apart from the system",
        source: "Implement comprehensive logging — Log all model inputs and outputs with timestamps, session identifiers, and user attribution. Ensure logs are stored separately from the systems they monitor." },
      { key: "ready.baselines", owner: "tech-lead", text: "Baseline outputs, latency, token usage and refusal rates",
        source: "Establish model behavior baselines — Document expected output distributions, latency patterns, token usage, and refusal rates. Anomaly detection requires knowing what normal looks like." },
      { key: "ready.alerting", owner: "tech-lead", text: "Alert on drift, token anomalies, refusal spikes, latency and API usage",
        source: "Deploy monitoring and alerting — Set up automated alerts for output distribution drift, unusual token patterns, spike in refusal rates, latency anomalies, and unusual API usage patterns." },
      { key: "ready.inventory", owner: "tech-lead", text: "Keep a model inventory: versions, data sources, fine-tuning, dependencies",
        source: "Maintain model inventory — Keep an up-to-date catalog of all deployed models, their versions, training data sources, fine-tuning history, and dependencies." },
      { key: "ready.rollback", owner: "tech-lead", text: "Be able to roll back quickly to a previous model or config without disruption",
        source: "Implement rollback capability — Ensure you can quickly revert to a previous model version or configuration without service disruption." },
      { key: "ready.forensics", owner: "tech-lead", text: "Prepare isolated forensic environments, safe from contamination",
        source: "Secure forensic infrastructure — Prepare isolated environments for analyzing compromised models, poisoned training data, or adversarial inputs without risk of contamination." },
    ],
  },
  {
    key: "readiness-docs",
    title: "Documentation",
    phase: "triage",
    ref: "Documentation",
    steps: [
      { key: "ready.architecture", owner: "tech-lead", text: "Document data flows, endpoints, auth and integrations per model",
        source: "Document model architectures — Include data flows, API endpoints, authentication mechanisms, and integration points for every deployed model." },
      { key: "ready.vendors", owner: "comms-lead", text: "Keep vendor security contacts and their reporting procedures current",
        source: "Maintain vendor contact lists — For models using third-party APIs (OpenAI, Anthropic, etc.), keep current contact information for their security teams and know their incident reporting procedures." },
      { key: "ready.playbooks", owner: "commander", text: "Keep playbooks for injection, poisoning, theft, adversarial and supply chain",
        source: "Create playbooks for common scenarios — Develop specific response procedures for prompt injection, Data poisoning, model theft, adversarial attacks, and supply chain compromise." },
    ],
  },
];
