import type { AttackVector } from "../domain/attack-vector.js";
import type { Severity } from "../domain/severity.js";

export interface DrillInject {
  /** Minutes after declaration on the drill's own clock (divided by its speed in real time). */
  minute: number;
  text: string;
}

export interface DrillScenario {
  name: "prompt-injection" | "data-poisoning" | "supply-chain";
  title: string;
  vector: AttackVector;
  severity: Severity;
  brief: string;
  injects: DrillInject[];
}

/**
 * Tabletop scripts for the reference's three scenarios. Injects are new facts arriving on the
 * drill clock (new reports, scope changes) so the team has to re-plan, as in a real incident.
 */
export const DRILL_SCENARIOS: DrillScenario[] = [
  {
    name: "prompt-injection",
    title: "Prompt injection at scale against the support assistant",
    vector: "prompt-injection",
    severity: "P2",
    brief: "Customer support reports the assistant answering with other customers' order details after odd-looking messages.",
    injects: [
      { minute: 3, text: "Support forwards 40 more tickets in the last 10 minutes, all with the same pasted block of text." },
      { minute: 12, text: "Logs show the assistant called the `lookup_order` tool with order ids the user never mentioned." },
      { minute: 25, text: "Scope change: a security researcher posts the injection payload publicly. Traffic with it triples." },
      { minute: 40, text: "Legal asks whether personal data left the system — you have 72 hours if it did (`flag personal-data`)." },
      { minute: 55, text: "The input filter deployed at minute 20 blocks 92% of attempts; the rest use a Unicode variant." },
    ],
  },
  {
    name: "data-poisoning",
    title: "Poisoned samples found in the fraud model's training set",
    vector: "data-poisoning",
    severity: "P2",
    brief: "An analyst notices the fraud model waving through a pattern of transactions it used to flag.",
    injects: [
      { minute: 4, text: "The data team finds 3,000 relabelled rows in last month's training export, all from one vendor feed." },
      { minute: 15, text: "Scope change: two other models were fine-tuned on the same export." },
      { minute: 30, text: "The vendor says their feed was not changed on their side. The relabelling happened in our pipeline." },
      { minute: 50, text: "Finance estimates the exposure window at 19 days. Stakeholders want an update." },
    ],
  },
  {
    name: "supply-chain",
    title: "Compromised model dependency pulled from a public hub",
    vector: "supply-chain",
    severity: "P1",
    brief: "A public advisory says a popular tokenizer package version contains code that exfiltrates environment variables.",
    injects: [
      { minute: 3, text: "Inventory: the package is in 4 services; 2 of them run with cloud credentials in their environment." },
      { minute: 14, text: "Egress logs show one service talking to the advisory's listed domain 6 days ago." },
      { minute: 28, text: "Scope change: the compromised version was also baked into the model-serving base image." },
      { minute: 45, text: "The vendor publishes a clean release and checksums; ISAC asks for indicators." },
    ],
  },
];

export function findScenario(name: string): DrillScenario | undefined {
  const n = name.trim().toLowerCase();
  return DRILL_SCENARIOS.find((s) => s.name === n || s.name.replace("-", "") === n.replace(/[-_\s]/g, ""));
}
