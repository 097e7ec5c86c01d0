import { eq } from "drizzle-orm";
import { z } from "zod";
import { textMessage } from "../chat/message.js";
import { ATTACK_VECTOR_INFO, ATTACK_VECTORS, AttackVector, parseAttackVector } from "../domain/attack-vector.js";
import { autoCheck } from "../incidents/change.js";
import { withScenarioFor } from "../playbooks/index.js";
import { incidents } from "../store/schema.js";
import { announce, refresh } from "./chat-effects.js";
import { type CommandSpec, defineCommand } from "./define.js";
import { usage } from "./grammar.js";
import { quoted } from "../chat/rich-text.js";

const spec: CommandSpec = {
  name: "vector",
  aliases: ["attack", "type"],
  usage: ["vector <attack vector>"],
  summary: "Record the attack vector; a matching scenario playbook is attached",
  examples: ["vector data-poisoning", "vector prompt injection"],
  scope: "incident",
};

export const vector = defineCommand({
  spec,
  access: "vector",
  changes: true,
  parse(args) {
    const value = parseAttackVector(args.join("-"));
    if (!value) throw usage(spec, `${quoted(args.join(" ") || "(nothing)")} is not an attack vector; use one of ${ATTACK_VECTORS.join(", ")}.`);
    return { vector: value };
  },
  schema: z.object({ vector: AttackVector }),
  async run({ tx, ctx, incident, effects }, input) {
    const from = incident!.vector as AttackVector;
    const playbooks = withScenarioFor(incident!.playbooks, input.vector);
    // Appended, so step numbers people already use do not move.
    const attached = playbooks.filter((p) => !incident!.playbooks.includes(p));
    await tx.update(incidents).set({ vector: input.vector, playbooks }).where(eq(incidents.id, incident!.id));
    const autoChecked = input.vector === "unknown" ? [] : await autoCheck(tx, ctx, incident!.id, ["triage.vector"]);
    const info = ATTACK_VECTOR_INFO[input.vector];
    effects.push(
      ...refresh(incident!.id, { summary: true, sections: autoChecked.length ? ["triage"] : [], steps: autoChecked }),
      announce(incident!.id, textMessage(`🧭 Attack vector: ${info.label}. Investigate: ${info.focus.join(", ")}.`)),
      ...attached.map((key) => ({ kind: "post" as const, incidentId: incident!.id, view: { type: "checklist" as const, section: key }, purpose: `checklist:${key}` })),
    );
    const result = { from, to: input.vector, changed: from !== input.vector, attached, autoChecked };
    return { log: { payload: result } };
  },
});
