import type { ScenarioPlaybook } from "./types.js";

/** Attached automatically when the incident's attack vector matches. */
export const SCENARIO_PLAYBOOKS: ScenarioPlaybook[] = [
  {
    key: "scenario-prompt-injection",
    title: "Scenario: prompt injection at scale",
    scenario: "prompt-injection",
    vector: "prompt-injection",
    phase: "containment",
    ref: "Scenario: Prompt Injection at Scale",
    when: "Automated prompt injection hitting many users at once",
    steps: [
      { key: "pi.rate-limit", owner: "tech-lead", ref: "Immediately enable input rate limiting", text: "Turn on input rate limiting now" },
      { key: "pi.detection-filters", owner: "tech-lead", ref: "Deploy prompt injection detection filters", text: "Deploy prompt-injection detection filters" },
      { key: "pi.review-outputs", owner: "tech-lead", ref: "Review all outputs generated during the attack window", text: "Review every output from the attack window" },
      { key: "pi.notify-users", owner: "comms-lead", ref: "Identify and notify affected users", text: "Identify and notify affected users" },
      { key: "pi.payload-analysis", owner: "tech-lead", ref: "Analyze attack payloads for data exfiltration attempts", text: "Analyse payloads for exfiltration attempts" },
      { key: "pi.tool-abuse", owner: "tech-lead", ref: "Check whether the model's tool access was exploited", text: "Check whether tool access was abused" },
    ],
  },
  {
    key: "scenario-data-poisoning",
    title: "Scenario: training data poisoning",
    scenario: "data-poisoning",
    vector: "data-poisoning",
    phase: "investigation",
    ref: "Scenario: Training Data Poisoning Discovery",
    when: "Poisoned data found in a production model's training set",
    steps: [
      { key: "poison.entry-time", owner: "tech-lead", ref: "Determine when the poisoned data entered the pipeline", text: "Find when the poisoned data entered the pipeline" },
      { key: "poison.affected-models", owner: "tech-lead", ref: "Identify all models trained on the affected dataset", text: "List every model trained on that dataset" },
      { key: "poison.compare", owner: "tech-lead", ref: "Compare model behavior before and after the poisoning", text: "Compare behaviour before and after the poisoning" },
      { key: "poison.retrain", owner: "tech-lead", ref: "Retrain affected models from verified clean data", text: "Retrain affected models from verified clean data" },
      { key: "poison.audit-pipeline", owner: "tech-lead", ref: "Audit the data pipeline for the injection vector", text: "Audit the data pipeline for how it got in" },
      { key: "poison.provenance", owner: "tech-lead", ref: "Implement data provenance controls", text: "Put data provenance controls in place" },
    ],
  },
  {
    key: "scenario-supply-chain",
    title: "Scenario: model supply chain compromise",
    scenario: "supply-chain",
    vector: "supply-chain",
    phase: "containment",
    ref: "Scenario: Model Supply Chain Compromise",
    when: "A third-party model or dependency is found compromised",
    steps: [
      { key: "supply.inventory", owner: "tech-lead", ref: "Identify all systems using the compromised component", text: "Find every system using the compromised component" },
      { key: "supply.checksums", owner: "tech-lead", ref: "Verify integrity of local copies against known-good checksums", text: "Verify local copies against known-good checksums" },
      { key: "supply.isolate", owner: "tech-lead", ref: "Isolate affected systems", text: "Isolate the affected systems" },
      { key: "supply.alternatives", owner: "tech-lead", ref: "Deploy verified alternatives", text: "Deploy verified alternatives" },
      { key: "supply.audit-actions", owner: "tech-lead", ref: "Audit actions taken by systems using the compromised component", text: "Audit what those systems did while compromised" },
      { key: "supply.report", owner: "comms-lead", ref: "Report to the affected vendor and relevant ISACs", text: "Report to the vendor and relevant ISACs" },
    ],
  },
];
