import { z } from "zod";
import type { AttackVector } from "../domain/attack-vector.js";
import type { Severity } from "../domain/severity.js";

/**
 * The drill scenarios, in the order help lists them. The single source of truth: the command's
 * and the declaration's zod enums are built from it, and DRILL_SCENARIOS must script every name.
 */
export const DRILL_SCENARIO_NAMES = ["prompt-injection", "data-poisoning", "supply-chain", "training-data-breach", "adversarial-manipulation"] as const;
export const DrillScenarioName = z.enum(DRILL_SCENARIO_NAMES);
export type DrillScenarioName = z.infer<typeof DrillScenarioName>;

export interface DrillInject {
  /** Minutes after declaration on the drill's own clock (divided by its speed in real time). */
  minute: number;
  text: string;
}

export interface DrillScenario {
  name: DrillScenarioName;
  title: string;
  /** The reference's words for the exercise this rehearses, quoted verbatim. */
  source: string;
  vector: AttackVector;
  severity: Severity;
  brief: string;
  injects: DrillInject[];
}

/**
 * Tabletop scripts for the reference's exercises and scenarios. Injects are new facts arriving on
 * the drill clock (new reports, scope changes) so the team has to re-plan, as in a real incident.
 */
const SCRIPTS: Record<DrillScenarioName, Omit<DrillScenario, "name">> = {
  "prompt-injection": {
    title: "Prompt injection at scale against the support assistant",
    source: "prompt injection at scale",
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
  "data-poisoning": {
    title: "Poisoned samples found in the fraud model's training set",
    source: "model poisoning discovery",
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
  "supply-chain": {
    title: "Compromised model dependency pulled from a public hub",
    source: "Model Supply Chain Compromise",
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
  "training-data-breach": {
    title: "Customer records extracted from the assistant's fine-tuning data",
    source: "training data breach",
    vector: "model-theft",
    severity: "P2",
    brief: "A researcher reports that the public assistant, given the start of a customer's name, completes it with a real street address and phone number.",
    injects: [
      { minute: 4, text: "Of the researcher's 12 example prompts, 2 completions match rows in last quarter's support-ticket export, the one used for fine-tuning." },
      { minute: 13, text: "API logs show one key sending 180,000 prefix-style prompts over 9 days from rotating IP addresses." },
      { minute: 26, text: "Scope change: the export included payment-dispute tickets with EU customers' addresses and the last 4 digits of their cards." },
      { minute: 39, text: "A forum post offers \"customer data scraped from your AI\" for sale. Communications asks what it may say." },
      { minute: 52, text: "Rolling back to the base model stops the leak in testing, but support says answers get noticeably worse. Product asks whether to do it now." },
    ],
  },
  "adversarial-manipulation": {
    title: "Adversarial images fool the ID-verification model in production",
    source: "adversarial manipulation of production models",
    vector: "adversarial-inputs",
    severity: "P2",
    brief: "The fraud team sees a jump in accounts approved by the ID-verification model whose passport photos share a faint, regular speckle pattern.",
    injects: [
      { minute: 5, text: "Of 1,400 approvals in the last 48 hours, 310 carry the pattern; the model scored every one of them 0.99 or higher." },
      { minute: 16, text: "The red team reproduces it: the pattern printed on a blank card is scored as a valid passport." },
      { minute: 29, text: "Scope change: the same pattern also fools the vendor's next model version, due to replace this one next week." },
      { minute: 41, text: "Twelve of the approved accounts have already moved money out. Finance asks whether to freeze all 310." },
      { minute: 54, text: "Re-compressing uploads cuts the attack's success from 96% to 4% in testing. Engineering wants to ship it tonight, outside change management." },
    ],
  },
};

export const DRILL_SCENARIOS: DrillScenario[] = DRILL_SCENARIO_NAMES.map((name) => ({ name, ...SCRIPTS[name] }));

/** `training data breach`, `TRAINING_DATA_BREACH` and `training-data-breach` all name one drill. */
export function findScenario(name: string): DrillScenario | undefined {
  const squash = (s: string) => s.trim().toLowerCase().replace(/[-_\s]+/g, "");
  return DRILL_SCENARIOS.find((s) => squash(s.name) === squash(name));
}
