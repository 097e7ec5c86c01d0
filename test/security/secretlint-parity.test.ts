import { lintSource } from "@secretlint/core";
import { creator as recommended } from "@secretlint/secretlint-rule-preset-recommend";
import type { SecretLintCoreConfig } from "@secretlint/types";
import { describe, expect, it } from "vitest";
import { RULE_SETTINGS, scanWithSecretlint } from "../../src/security/secretlint-rules.js";
import { FAKE_SECRETS } from "./fake-secrets.js";
import { INCIDENT_PROSE } from "./incident-prose.js";

/** The same settings as @secretlint/core expresses them (a .secretlintrc, as objects). */
const config: SecretLintCoreConfig = {
  rules: [
    {
      id: "@secretlint/secretlint-rule-preset-recommend",
      rule: recommended,
      rules: Object.entries(RULE_SETTINGS).map(([id, s]) => ({ id, options: s.options ?? {}, allowMessageIds: s.allowMessageIds, disabled: s.disabled })),
    },
  ],
};

async function viaCore(text: string) {
  const result = await lintSource({ source: { content: text, filePath: "pasted.txt", ext: ".txt", contentType: "text" }, options: { config, noPhysicFilePath: true } });
  return result.messages.map((m) => ({ ruleId: m.ruleId, messageId: m.messageId, start: m.range[0], end: m.range[1] }));
}

const byPosition = <T extends { start: number; ruleId: string }>(list: T[]) => [...list].sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));

/**
 * Firebreak runs secretlint's rules without @secretlint/core (see secretlint-rules.ts). This
 * proves the two runs report the same secrets at the same places, so an upgrade of the preset
 * that changes what a rule needs shows up here.
 */
describe("secretlint rules run directly = @secretlint/core's lintSource", () => {
  const texts = [...FAKE_SECRETS.map((s) => `pasted: ${s.pasted} (by mistake)`), INCIDENT_PROSE, FAKE_SECRETS.map((s) => s.pasted).join("\n")];

  it.each(texts.map((text, i) => [i, text]))("text %i", async (_i, text) => {
    expect(byPosition(scanWithSecretlint(text))).toEqual(byPosition(await viaCore(text)));
  });

  it("the comparison is not empty: core reports most of the fake keys", async () => {
    const all = await viaCore(FAKE_SECRETS.map((s) => s.pasted).join("\n"));
    expect(all.length).toBeGreaterThanOrEqual(18);
  });

  it("a secretlint-disable comment in pasted text does not switch detection off", () => {
    const gh = FAKE_SECRETS.find((s) => s.label === "GitHub classic token")!.pasted;
    expect(scanWithSecretlint(`// secretlint-disable\n${gh}`)).toHaveLength(1);
  });
});
