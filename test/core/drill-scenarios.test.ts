import { describe, expect, it } from "vitest";
import { ATTACK_VECTORS } from "../../src/domain/attack-vector.js";
import { SEVERITIES } from "../../src/domain/severity.js";
import { DRILL_SCENARIO_NAMES, DRILL_SCENARIOS, DrillScenarioName, findScenario } from "../../src/drills/scenarios.js";
import { REFERENCE } from "../support/reference.js";

/** The reference's tabletop list: "Run quarterly exercises covering scenarios like a, b, c, and d." */
function tabletopScenarios(): string[] {
  const m = /^- Conduct tabletop exercises — .*covering scenarios like (.+)\.$/m.exec(REFERENCE);
  if (!m) throw new Error("the reference no longer has its tabletop bullet");
  return m[1]!.split(/, (?:and )?/).map((s) => s.trim());
}

describe("drill scenarios", () => {
  it("reads the reference's four tabletop scenarios", () => {
    expect(tabletopScenarios()).toEqual(["prompt injection at scale", "model poisoning discovery", "training data breach", "adversarial manipulation of production models"]);
  });

  it("scripts every name in DRILL_SCENARIO_NAMES, in that order, and the zod enum accepts exactly those", () => {
    expect(DRILL_SCENARIOS.map((s) => s.name)).toEqual([...DRILL_SCENARIO_NAMES]);
    for (const name of DRILL_SCENARIO_NAMES) expect(DrillScenarioName.parse(name)).toBe(name);
    expect(DrillScenarioName.safeParse("phishing").success).toBe(false);
  });

  it("rehearses each exercise the reference names, quoting it", () => {
    for (const s of DRILL_SCENARIOS) expect(REFERENCE, s.name).toContain(s.source);
    const rehearsed = DRILL_SCENARIOS.map((s) => s.source);
    for (const exercise of tabletopScenarios()) expect(rehearsed, exercise).toContain(exercise);
  });

  for (const s of DRILL_SCENARIOS) {
    it(`gives "${s.name}" a severity, a classified vector, a brief and injects in clock order`, () => {
      expect(SEVERITIES).toContain(s.severity);
      expect(ATTACK_VECTORS).toContain(s.vector);
      expect(s.vector).not.toBe("unknown");
      expect(s.title.trim().length).toBeGreaterThan(10);
      expect(s.brief.trim().length).toBeGreaterThan(40);
      expect(s.injects.length).toBeGreaterThanOrEqual(4);
      const minutes = s.injects.map((i) => i.minute);
      for (const m of minutes) expect(Number.isInteger(m) && m > 0, `minute ${m}`).toBe(true);
      expect(minutes).toEqual([...minutes].sort((a, b) => a - b));
      expect(new Set(minutes).size).toBe(minutes.length);
      for (const inject of s.injects) expect(inject.text.trim().length).toBeGreaterThan(20);
    });
  }

  it("finds a scenario however it is typed", () => {
    for (const s of DRILL_SCENARIOS) {
      expect(findScenario(s.name)?.name).toBe(s.name);
      expect(findScenario(s.name.replaceAll("-", " ").toUpperCase())?.name).toBe(s.name);
      expect(findScenario(` ${s.name.replaceAll("-", "_")} `)?.name).toBe(s.name);
    }
    expect(findScenario("phishing")).toBeUndefined();
    expect(findScenario("")).toBeUndefined();
  });
});
