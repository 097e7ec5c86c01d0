import type { AdaptiveCardInvokeResponse } from "botbuilder";
import type { Message } from "../../src/core.js";
import { type AdaptiveCard, CARD_CONTENT_TYPE } from "./cards/adaptive.js";
import { plainTeams } from "./cards/render-message.js";

/** Replaces the card the person clicked with `card` (everyone in the conversation sees it). */
export const cardResponse = (card: AdaptiveCard): AdaptiveCardInvokeResponse => ({ statusCode: 200, type: CARD_CONTENT_TYPE, value: card as never });

/** Shown as a short notice; the card the person clicked stays as it is. */
export const messageResponse = (text: string): AdaptiveCardInvokeResponse => ({ statusCode: 200, type: "application/vnd.microsoft.activity.message", value: text as never });

/** A core reply flattened to the plain text a notice can show. */
export function replyText(reply: Message | undefined, fallback: string): string {
  if (!reply) return fallback;
  return reply.blocks.map((b) => ("text" in b && Array.isArray(b.text) ? plainTeams(b.text) : "")).filter(Boolean).join("\n") || reply.text;
}
