import { describe, expect, it } from "vitest";
import { checklistBlocks } from "../../adapters/slack/render/checklist.js";
import { escapeMrkdwn, inlineToMrkdwn } from "../../adapters/slack/render/text.js";
import type { ChecklistItem, Message } from "../../src/chat/message.js";
import { checklistMessage } from "../../src/chat/views/checklist.js";
import { readinessMessage } from "../../src/chat/views/replies.js";
import type { IncidentView } from "../../src/incidents/queries.js";
import { allSections, READINESS_SECTIONS, type Section, type Step } from "../../src/playbooks/index.js";
import { REFERENCE, referenceBullets } from "../support/reference.js";

/**
 * Our step wording is our own, but its facts and modality must be the reference's. Each step
 * quotes the bullet it implements (`source`); this test checks the quote against the reference and
 * the rendered label and hint against the quote.
 *
 * Teams and the terminal show only a step's label; Slack adds the hint under it. So whatever
 * changes what a responder must do (if, consider, unless, immediately …) has to be in the label.
 */

/** Words that change what the step asks for: if one is in the bullet, the label must carry it. */
const MODAL_WORDS = ["if", "unless", "consider", "immediately", "typically", "default"];

/** `[shown, quoted]`: we show `shown` where the bullet says `quoted`; a bare string is both. */
type Meaning = string | [shown: string, quoted: string];

/**
 * Per step, the qualifiers and facts that reworded text most easily loses. `label` entries must be
 * in the label; `hint` entries in the label or the hint (Slack shows the hint).
 */
const MEANING: Record<string, { label?: Meaning[]; hint?: Meaning[] }> = {
  "triage.severity": { label: [["P1–P4", "P1 to P4"]], hint: ["most severe"] },
  "triage.notify": { label: ["severity"], hint: ["management chain", "legal"] },
  "triage.log": { hint: [["timestamped", "timestamps"]] },
  "evidence.model-state": { label: ["weights", ["before any change", "before any changes"]] },
  "evidence.logs": { label: ["immutable storage"], hint: ["secure forensic environment"] },
  "evidence.inputs": { label: ["identified", "full context"], hint: ["headers", "session data", "preceding conversation"] },
  "evidence.timeline": { label: ["preliminary timeline"] },
  "contain.offline": { label: ["whether", "P1"], hint: ["downtime", "continued exploitation"] },
  "contain.input-filter": { label: [["if the vector is known", "If the attack vector is known"], "similar payloads"], hint: ["temporary", "not a fix"] },
  "contain.restrict-access": { label: ["reduce", "tool access", "API permissions", "data"], hint: ["minimi"] },
  "contain.isolate": { label: ["tool", "agent"], hint: ["investigation"] },
  "contain.revoke-credentials": { label: ["immediately", "credentials"] },
  "contain.enhanced-logging": { hint: ["evidence"] },
  "contain.clean-model": { label: ["known-good"], hint: ["integrity", "before"] },
  "contain.monitoring": { label: ["targeted", "variations"] },
  "contain.integrations": { label: ["all", "non-essential"] },
  "contain.tell-users": { label: ["harmful output", "compromised"], hint: ["communication plan"] },
  "contain.vendors": { label: ["third-party model API"], hint: ["security team"] },
  "impact.data": { label: ["exactly", "may have disclosed"], hint: ["PII", "credentials", "proprietary", "training data"] },
  "impact.downstream": { label: ["tool", "agent"], hint: ["consequences"] },
  "impact.model-integrity": { label: ["poisoning", "RLHF"] },
  "impact.lateral": { label: ["whether", "pivot"] },
  "rca.vulnerability": { hint: ["access control", "vulnerable dependency", "architectur"] },
  "rca.factors": { hint: ["monitoring", "access control", "input validation", "security alignment"] },
  "rca.detection-gap": { label: ["sooner"], hint: ["monitoring or alerting"] },
  "fix.root-cause": { label: ["permanent", "not just a workaround"], hint: ["may", "retraining", "architecture", "infrastructure hardening"] },
  "fix.validate": { label: ["original attack", "known variations"], hint: [["red-team", "red team"]] },
  "fix.change-management": { label: ["normal change management", "unless urgency"], hint: ["new issues"] },
  "fix.detection-rules": { label: ["monitoring and alerting", "variations"] },
  "fix.retrain": { label: ["training data was poisoned", "clean data"], hint: ["provenance"] },
  "fix.alignment": { label: ["security bypass", "security alignment"], hint: ["alignment team"] },
  "fix.dependencies": { label: ["dependency", "patched versions"], hint: ["serving framework", "vector database"] },
  "process.monitoring": { label: ["detection gaps"] },
  "process.access": { label: ["access patterns"] },
  "recovery.restore": { label: ["temporary containment"] },
  "recovery.monitor": { label: ["typically", ["30–90 days", "30 to 90 days"]] },
  "review.schedule": { label: ["blameless", "two weeks", "closure"], hint: [["everyone", "all team members"], "response"] },
  "review.timeline": { label: ["detection to resolution"], hint: ["went well", "could improve"] },
  "review.systemic": { label: ["beyond", "future"] },
  "report.risk-register": { label: ["vulnerability", "new risk factors"] },
  "report.regulatory": { label: ["if required by regulation", "GDPR", "HIPAA"], hint: ["mandated"] },
  "report.share": { label: ["consider", "anonymi", "AI security community"], hint: [["optional", "consider"], "similar attacks"] },
  "report.track-actions": { label: ["owner", "deadline"], hint: ["regular security meetings"] },
  "pi.rate-limit": { label: ["immediately"] },
  "pi.review-outputs": { label: [["every output", "all outputs"], "attack window"] },
  "pi.payload-analysis": { label: ["data exfiltration"] },
  "pi.tool-abuse": { label: ["whether", "exploited"] },
  "poison.retrain": { label: ["verified clean data"] },
  "supply.checksums": { label: ["known-good checksums"] },
  "supply.alternatives": { label: ["verified"] },
  "supply.audit-actions": { label: ["actions", "compromised component"] },
  "supply.report": { label: ["vendor", "ISACs"] },
  "first-hour.confirm": { label: ["false positive"] },
  "first-hour.contain": { label: ["restrict", "filter"] },
  "ready.roles": { label: ["backup"] },
  "ready.channels": { label: ["dedicated", "secure", "may be compromised"] },
  "ready.exercises": { label: ["quarterly"] },
  "ready.logging": { label: [["apart from", "separately from"]] },
  "ready.rollback": { label: ["quickly", ["without disruption", "without service disruption"]] },
  "ready.vendors": { label: ["reporting procedures"] },
  "ready.forensics": { label: ["isolated"] },
};

/** A phrase as a whole word or word start, any case: "reduce" is not found in "introduced". */
function contains(text: string, phrase: string): boolean {
  return new RegExp(`(?<![\\p{L}\\p{N}])${phrase.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`, "iu").test(text);
}
const word = (text: string, w: string) => new RegExp(`(?<![\\p{L}])${w}(?![\\p{L}])`, "iu").test(text);

/** An incident carrying every playbook, so every step renders as a channel shows it. */
const everything = {
  incident: { id: "00000000-0000-4000-8000-000000000000", humanId: "INC-2026-0001", playbooks: allSections().map((s) => s.key) },
  roles: [],
  steps: new Map(),
  evidenceCount: 0,
} as unknown as IncidentView;

const itemsOf = (message: Message): ChecklistItem[] => message.blocks.flatMap((b) => (b.type === "checklist" ? b.items : []));

interface Shown {
  step: Step;
  section: Section;
  item: ChecklistItem;
}

/** Every step with the checklist item users see for it: incident checklists and the readiness list. */
function rendered(): Shown[] {
  const out: Shown[] = [];
  for (const section of allSections()) {
    const items = itemsOf(checklistMessage(everything, section.key));
    section.steps.forEach((step) => out.push({ step, section, item: items.find((i) => i.key === step.key)! }));
  }
  const readiness = itemsOf(readinessMessage());
  for (const section of READINESS_SECTIONS) {
    section.steps.forEach((step) => out.push({ step, section, item: readiness.find((i) => i.key === step.key)! }));
  }
  return out;
}

const shown = rendered();
const bullets = referenceBullets();

describe("the reference, exact", () => {
  it("renders every step of every playbook", () => {
    // 89 phase/scenario/readiness bullets plus the six first-hour windows.
    expect(shown).toHaveLength(95);
    for (const s of shown) expect(s.item, s.step.key).toBeDefined();
  });

  it("quotes, for every step, a bullet of its own reference section verbatim", () => {
    for (const { step, section } of shown) {
      expect(REFERENCE).toContain(step.source);
      expect(bullets.get(section.ref), `${section.key} names no reference section`).toContain(step.source);
    }
  });

  it("claims every bullet of the reference with exactly one step", () => {
    for (const [heading, list] of bullets) {
      const steps = shown.filter((s) => s.section.ref === heading);
      for (const bullet of list) expect(steps.filter((s) => s.step.source === bullet), `${heading}: ${bullet}`).toHaveLength(1);
    }
  });

  it("keeps the bullet's modal words (if, unless, consider, immediately …) in the label", () => {
    const lost: string[] = [];
    for (const { step, item } of shown) {
      for (const w of MODAL_WORDS) {
        if (word(step.source, w) && !word(item.label, w)) lost.push(`${step.key}: "${w}" from "${step.source}" is missing from "${item.label}"`);
      }
    }
    expect(lost).toEqual([]);
  });

  it("keeps each step's qualifiers and facts in the text users see", () => {
    const lost: string[] = [];
    const byKey = new Map(shown.map((s) => [s.step.key, s]));
    for (const [key, { label = [], hint = [] }] of Object.entries(MEANING)) {
      const s = byKey.get(key);
      if (!s) {
        lost.push(`${key}: no such step`);
        continue;
      }
      const check = (m: Meaning, where: string, text: string) => {
        const [show, quote] = typeof m === "string" ? [m, m] : m;
        if (!contains(s.step.source, quote)) lost.push(`${key}: "${quote}" is not in the reference bullet "${s.step.source}"`);
        if (!contains(text, show)) lost.push(`${key}: "${show}" is missing from the ${where} "${text}"`);
      };
      for (const m of label) check(m, "label", s.item.label);
      for (const m of hint) check(m, "label or hint", `${s.item.label} ${s.item.hint ?? ""}`);
    }
    expect(lost).toEqual([]);
  });

  it("fits every label and hint in Slack's checkbox option, so nothing is clipped away", () => {
    const clipped: string[] = [];
    for (const section of allSections()) {
      const items = itemsOf(checklistMessage(everything, section.key)).map((i) => ({ ...i, number: 99 }));
      const blocks = checklistBlocks({ section: section.key, title: section.title, items, incidentId: everything.incident.id }, { next: 0 });
      const options = blocks.flatMap((b) => (b.type === "actions" ? b.elements.flatMap((e) => (e.type === "checkboxes" ? e.options : [])) : []));
      expect(options).toHaveLength(items.length);
      options.forEach((option, i) => {
        const item = items[i]!;
        if (option.text.text !== `99. ${escapeMrkdwn(item.label)}`) clipped.push(`${item.key} label: ${option.text.text}`);
        if (item.hint && option.description?.text !== inlineToMrkdwn(item.hint)) clipped.push(`${item.key} hint: ${option.description?.text}`);
      });
    }
    expect(clipped).toEqual([]);
  });
});
