import type { AdaptiveCard, CardElement } from "./adaptive.js";

/**
 * What one card may weigh: Teams refuses a message over about 28 KB (HTTP 413), and the activity
 * around the card (summary, addresses) takes a little of that.
 */
export const CARD_BUDGET_BYTES = 26 * 1024;

export const bytesOf = (value: unknown) => Buffer.byteLength(JSON.stringify(value), "utf8");

/**
 * Makes a card fit one Teams message, saying what it left out: first the oldest lines of its
 * longest multi-line texts go (a timeline keeps its newest events), then, if that is not enough,
 * its last elements. Mentions of people no longer shown are dropped with them.
 */
export function fitCard(card: AdaptiveCard, budget = CARD_BUDGET_BYTES): AdaptiveCard {
  if (bytesOf(card) <= budget) return card;
  const fitted: AdaptiveCard = structuredClone(card);
  for (const block of multiLineTexts(fitted.body).sort((a, b) => b.text.length - a.text.length)) {
    const excess = bytesOf(fitted) - budget;
    if (excess <= 0) break;
    const lines = block.text.split("\n");
    let dropped = 0;
    let freed = 0;
    // Leave at least the newest line; free a little more than needed for the note itself.
    while (dropped < lines.length - 1 && freed < excess + 120) freed += Buffer.byteLength(lines[dropped++]!, "utf8") + 1;
    if (dropped) block.text = [`… ${dropped} earlier line${dropped === 1 ? "" : "s"} not shown here; the newest follow.`, ...lines.slice(dropped)].join("\n");
  }
  let removed = 0;
  while (bytesOf(fitted) > budget - 200 && fitted.body.length > 1) {
    fitted.body.pop();
    removed++;
  }
  if (removed) fitted.body.push({ type: "TextBlock", text: `… ${removed} more part${removed === 1 ? "" : "s"} not shown: Teams takes about 28 KB in one message. Ask for less at once, e.g. one checklist section.`, wrap: true, isSubtle: true, size: "Small" });
  const shown = JSON.stringify(fitted.body);
  const entities = fitted.msteams?.entities?.filter((e) => shown.includes(e.text));
  if (fitted.msteams) fitted.msteams = { ...fitted.msteams, entities: entities?.length ? entities : undefined };
  return fitted;
}

function multiLineTexts(elements: CardElement[]): (CardElement & { text: string })[] {
  const out: (CardElement & { text: string })[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== "object") return;
    const element = node as CardElement;
    if (element.type === "TextBlock" && typeof element.text === "string" && element.text.includes("\n")) out.push(element as CardElement & { text: string });
    for (const value of Object.values(element)) if (typeof value === "object") visit(value);
  };
  visit(elements);
  return out;
}
