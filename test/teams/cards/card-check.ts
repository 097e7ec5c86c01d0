import * as AC from "adaptivecards";

/** What Teams takes in one message: about 28 KB for the whole activity, card included. */
export const TEAMS_MESSAGE_BYTES = 28 * 1024;

/**
 * Teams' people picker (`choices.data` with Data.Query over graph.microsoft.com/users) is a Teams
 * extension the reference schema counts as 1.6 and wants static choices for: those two findings
 * are expected on that one element, and only there.
 */
const PEOPLE_PICKER_FINDINGS = [/^Property "choices\.data" is supported in version 1\.6/, /^An Input\.ChoiceSet must have at least one choice defined\.$/];

type Json = Record<string, unknown>;

/**
 * Everything wrong with a card for Teams, as sentences: what the Adaptive Cards parser (schema
 * 1.5) reports while parsing and validating; duplicate element ids; inputs without a label; text
 * Teams would show literally (backticks, backslash escapes) or Slack's syntax (`/incident`); a
 * mention without its entity; and the activity's size.
 */
export function checkTeamsCard(card: Json, activity?: Json): string[] {
  const problems: string[] = [];
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  parsed.parse(card as never, context);
  const hasPicker = JSON.stringify(card).includes("graph.microsoft.com/users");
  const expected = (message: string) => hasPicker && PEOPLE_PICKER_FINDINGS.some((p) => p.test(message));
  for (let i = 0; i < context.eventCount; i++) {
    const event = context.getEventAt(i);
    if (!expected(event.message)) problems.push(`schema: ${event.message}`);
  }
  for (const event of parsed.validateProperties().validationEvents) if (!expected(event.message)) problems.push(`validation: ${event.message}`);

  const ids = new Map<string, number>();
  walk(card, (node) => {
    if (typeof node.id === "string") ids.set(node.id, (ids.get(node.id) ?? 0) + 1);
    if (typeof node.type === "string" && node.type.startsWith("Input.") && !(typeof node.label === "string" && node.label.trim())) problems.push(`input ${String(node.id)} (${node.type}) has no label`);
  });
  for (const [id, n] of ids) if (n > 1) problems.push(`duplicate id ${id} (${n} times)`);

  for (const text of texts(card)) {
    if (text.includes("`")) problems.push(`a backtick Teams shows as it is: ${text.slice(0, 80)}`);
    if (/\\[*_[\]`\\]/.test(text)) problems.push(`a backslash escape Teams shows as it is: ${text.slice(0, 80)}`);
    if (/\/incident\b/.test(text)) problems.push(`Slack's /incident in Teams text: ${text.slice(0, 80)}`);
  }
  const entities = ((card.msteams as Json | undefined)?.entities as { text: string }[] | undefined) ?? [];
  const tagged = new Set(texts(card).flatMap((t) => t.match(/<at>[^<]*<\/at>/g) ?? []));
  for (const tag of tagged) if (!entities.some((e) => e.text === tag)) problems.push(`mention ${tag} has no entity`);

  const bytes = Buffer.byteLength(JSON.stringify(activity ?? card), "utf8");
  if (bytes > TEAMS_MESSAGE_BYTES) problems.push(`${bytes} bytes > ${TEAMS_MESSAGE_BYTES} (Teams answers 413)`);
  return problems;
}

/** Every string a person could see: text, titles, labels, values, placeholders, fact titles. */
function texts(card: Json): string[] {
  const out: string[] = [];
  walk(card, (node) => {
    for (const key of ["text", "title", "label", "placeholder", "errorMessage", "value", "fallbackText", "summary"]) {
      if (typeof node[key] === "string" && !(key === "value" && String(node.type ?? "").startsWith("Input."))) out.push(node[key] as string);
    }
  });
  return out;
}

function walk(node: unknown, visit: (node: Json) => void): void {
  if (Array.isArray(node)) return node.forEach((n) => walk(n, visit));
  if (!node || typeof node !== "object") return;
  visit(node as Json);
  for (const [key, value] of Object.entries(node)) if (key !== "data") walk(value, visit);
}
