import { z } from "zod";
import { lookupByAlias } from "./lookup.js";

export const ATTACK_VECTORS = [
  "prompt-injection",
  "data-poisoning",
  "model-theft",
  "adversarial-inputs",
  "supply-chain",
  "infrastructure",
  "unknown",
] as const;
export const AttackVector = z.enum(ATTACK_VECTORS);
export type AttackVector = z.infer<typeof AttackVector>;

export interface AttackVectorInfo {
  key: AttackVector;
  label: string;
  /** Where the investigation should look first (the reference's "investigation focus"). */
  focus: string[];
  aliases: string[];
}

export const ATTACK_VECTOR_INFO: Record<AttackVector, AttackVectorInfo> = {
  "prompt-injection": {
    key: "prompt-injection",
    label: "Prompt injection",
    focus: ["Input logs", "System prompt integrity", "Output analysis"],
    aliases: ["injection", "pi", "jailbreak"],
  },
  "data-poisoning": {
    key: "data-poisoning",
    label: "Data poisoning",
    focus: ["Training data provenance", "Data pipeline integrity", "Model behaviour before vs after"],
    aliases: ["poisoning", "poison", "training-data-poisoning"],
  },
  "model-theft": {
    key: "model-theft",
    label: "Model theft / extraction",
    focus: ["API access logs", "Unusual query patterns", "Membership inference evidence"],
    aliases: ["theft", "extraction", "model-extraction", "model-theft-extraction"],
  },
  "adversarial-inputs": {
    key: "adversarial-inputs",
    label: "Adversarial inputs",
    focus: ["Input characteristics", "Model decision boundaries", "Transferability testing"],
    aliases: ["adversarial", "adversarial-input", "evasion"],
  },
  "supply-chain": {
    key: "supply-chain",
    label: "Supply chain",
    focus: ["Dependency integrity", "Model weight verification", "Configuration audit"],
    aliases: ["supplychain", "dependency", "model-supply-chain"],
  },
  infrastructure: {
    key: "infrastructure",
    label: "Infrastructure",
    focus: ["Access logs", "Network traffic", "Container / VM integrity"],
    aliases: ["infra"],
  },
  unknown: {
    key: "unknown",
    label: "Unknown (not yet classified)",
    focus: ["Reconstruct the timeline first; classify as soon as evidence allows"],
    aliases: ["tbd", "unclassified"],
  },
};

export function parseAttackVector(token: string): AttackVector | undefined {
  return lookupByAlias(ATTACK_VECTOR_INFO, token);
}
