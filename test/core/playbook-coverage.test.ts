import { describe, expect, it } from "vitest";
import { ATTACK_VECTOR_INFO } from "../../src/domain/attack-vector.js";
import { DETECTION_SOURCE_INFO } from "../../src/domain/detection-source.js";
import { DEFAULT_TARGETS } from "../../src/domain/severity.js";
import { FIRST_HOUR, METRICS, PHASE_SECTIONS, READINESS_SECTIONS, SCENARIO_PLAYBOOKS, type Section } from "../../src/playbooks/index.js";
import { FIRST_HOUR_HEADING, REFERENCE, referenceBullets } from "../support/reference.js";

/**
 * The reference is the spec: this test reads it (a verbatim copy kept as a fixture) and proves
 * every checklist step, scenario step, first-hour window and metric target is in the playbooks.
 * test/core/reference-exact.test.ts checks that each step's wording keeps the bullet's meaning.
 */
const sections = referenceBullets();
const ours: Section[] = [...PHASE_SECTIONS, ...SCENARIO_PLAYBOOKS, ...READINESS_SECTIONS];

describe("playbook coverage of the reference", () => {
  it("finds the reference's checklist sections", () => {
    // Guards the parser itself: if the fixture changed shape, the other tests would pass vacuously.
    const checklistSections = [...sections.entries()].filter(([name]) => name !== FIRST_HOUR_HEADING);
    expect(checklistSections.length).toBe(18);
    expect(checklistSections.reduce((n, [, b]) => n + b.length, 0)).toBe(57 + 18 + 14);
  });

  for (const [name, bullets] of sections) {
    if (name === FIRST_HOUR_HEADING) continue;
    it(`covers every step of "${name}"`, () => {
      const section = ours.find((s) => s.ref === name);
      expect(section, `no playbook section refers to "${name}"`).toBeDefined();
      expect(section!.steps.map((s) => s.source)).toEqual(bullets);
    });
  }

  it("gives every step a unique, stable key and a checkbox-sized label", () => {
    const all = [...ours.flatMap((s) => s.steps), ...FIRST_HOUR.map((w) => w.step)];
    const keys = all.map((s) => s.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const step of all) {
      expect(step.key).toMatch(/^[a-z-]+\.[a-z-]+$/);
      expect(step.text.length).toBeLessThanOrEqual(100);
    }
  });

  it("has the six first-hour windows with their minute offsets", () => {
    const windows = [...REFERENCE.matchAll(/^- Minute (\d+)-(\d+): (.+)$/gm)].map((m) => ({ from: Number(m[1]), to: Number(m[2]), ref: m[3]!.trim() }));
    expect(windows).toHaveLength(6);
    expect(FIRST_HOUR.map((w) => ({ from: w.from, to: w.to, ref: w.step.source }))).toEqual(windows);
    const related = FIRST_HOUR.flatMap((w) => w.related);
    const known = new Set(PHASE_SECTIONS.flatMap((s) => s.steps.map((st) => st.key)));
    for (const key of related) expect(known.has(key), key).toBe(true);
  });

  it("has every metric and the P1 targets", () => {
    const rows = [...REFERENCE.matchAll(/^\| ([^|]+) \| ([^|]+) \| ([^|]+) \|$/gm)].map((m) => m.slice(1).map((c) => c.trim()));
    const metricRows = rows.filter((r) => METRICS.some((m) => m.name === r[0]) || /Mean Time|Detection method|Evidence quality|Stakeholder/.test(r[0]!));
    expect(metricRows).toHaveLength(6);
    for (const [name, , target] of metricRows) {
      const metric = METRICS.find((m) => m.name === name);
      expect(metric, name).toBeDefined();
      const hours = /Less than (\d+) hours? for P1/.exec(target!);
      if (hours) expect(DEFAULT_TARGETS.P1[metric!.target!]).toBe(Number(hours[1]) * 60);
      else expect(metric!.goal).toBe(target);
    }
  });

  it("has every attack category with its investigation focus, and every detection source", () => {
    const focus = [...REFERENCE.matchAll(/^\| (Prompt injection|Data poisoning|Model theft\/extraction|Adversarial inputs|Supply chain|Infrastructure) \| ([^|]+) \|$/gm)];
    expect(focus).toHaveLength(6);
    for (const [, category, text] of focus) {
      const info = Object.values(ATTACK_VECTOR_INFO).find((v) => v.label.replace(" / ", "/").toLowerCase() === category!.toLowerCase());
      expect(info, category).toBeDefined();
      expect(info!.focus).toHaveLength(text!.split(",").length);
    }
    const sources = [...REFERENCE.matchAll(/^\| (Automated monitoring|User reports|Security team detection|External notification|Audit findings) \|/gm)];
    expect(sources).toHaveLength(5);
    expect(Object.keys(DETECTION_SOURCE_INFO)).toHaveLength(5);
  });
});
