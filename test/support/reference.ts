import fs from "node:fs";

/** The reference checklist (a verbatim copy of the shared one), read as the tests' spec. */
export const REFERENCE = fs.readFileSync(new URL("../fixtures/ai-incident-response-checklist.md", import.meta.url), "utf8");

export const FIRST_HOUR_HEADING = "Quick Reference: First 60 Minutes";

/**
 * `### Heading` → its bullets, whole and verbatim. Bullets under a `## ` heading with no `###`
 * (the first-hour list) are filed under that heading, without their "Minute a-b: " prefix.
 */
export function referenceBullets(markdown = REFERENCE): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current: string | undefined;
  for (const line of markdown.split("\n")) {
    const heading = /^#{2,3}\s+(.+)$/.exec(line);
    if (heading) {
      current = heading[1]!.trim();
      out.set(current, []);
      continue;
    }
    const bullet = /^- (?:Minute \d+-\d+: )?(.+)$/.exec(line);
    if (current && bullet) out.get(current)!.push(bullet[1]!.trim());
  }
  for (const [name, bullets] of out) if (bullets.length === 0) out.delete(name);
  return out;
}

/** The lead phrase of a bullet: the text before " — ", or the whole bullet. */
export function leadOf(bullet: string): string {
  return bullet.split(" — ")[0]!.trim();
}
