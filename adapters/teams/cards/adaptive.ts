/**
 * The small slice of the Adaptive Card schema Firebreak uses. Version 1.4 is the first with
 * `Action.Execute` (universal actions), which Teams supports on desktop, web and mobile.
 */
export const CARD_VERSION = "1.4";
export const CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json";
export const CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";

export type CardElement = Record<string, unknown> & { type: string };

export interface MentionEntity {
  type: "mention";
  text: string;
  mentioned: { id: string; name: string };
}

export interface AdaptiveCard {
  type: "AdaptiveCard";
  $schema: string;
  version: string;
  body: CardElement[];
  actions?: CardElement[];
  msteams?: { width?: "Full"; entities?: MentionEntity[] };
}

/** What every Firebreak `Action.Execute` carries; `verb` says which handler runs. */
export interface ActionData {
  verb: string;
  incidentId?: string;
  stepKey?: string;
  checked?: boolean;
  [input: string]: unknown;
}

export function card(body: CardElement[], actions: CardElement[] = [], entities: MentionEntity[] = []): AdaptiveCard {
  return {
    type: "AdaptiveCard",
    $schema: CARD_SCHEMA,
    version: CARD_VERSION,
    body,
    ...(actions.length ? { actions } : {}),
    msteams: { width: "Full", ...(entities.length ? { entities } : {}) },
  };
}

export function execute(title: string, data: ActionData, options: { style?: "positive" | "destructive"; inputs?: "auto" | "none" } = {}): CardElement {
  return {
    type: "Action.Execute",
    title,
    verb: data.verb,
    data,
    associatedInputs: options.inputs ?? "auto",
    ...(options.style ? { style: options.style } : {}),
  };
}

/** A button that submits the card it is on: inside a dialog, that sends `task/submit` to the bot. */
export function submit(title: string, data: ActionData, options: { style?: "positive" | "destructive" } = {}): CardElement {
  return { type: "Action.Submit", title, data, ...(options.style ? { style: options.style } : {}) };
}

/**
 * A button that opens a dialog (`task/fetch`): Teams asks the bot for the form and shows it to the
 * person who pressed, alone. `msteams.type` is how an Adaptive Card's Action.Submit asks for it.
 */
export function openDialog(title: string, data: ActionData, options: { style?: "positive" | "destructive" } = {}): CardElement {
  return { type: "Action.Submit", title, data: { ...data, msteams: { type: "task/fetch" } }, ...(options.style ? { style: options.style } : {}) };
}

export const textBlock = (text: string, extra: Record<string, unknown> = {}): CardElement => ({ type: "TextBlock", text, wrap: true, ...extra });

/** An attachment for an activity, the form botbuilder's `CardFactory.adaptiveCard` builds. */
export function cardAttachment(content: AdaptiveCard) {
  return { contentType: CARD_CONTENT_TYPE, content };
}
