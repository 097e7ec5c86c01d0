/**
 * Block Kit's documented limits. Anything longer is refused by Slack with `invalid_blocks`, so
 * every renderer clips or splits against these numbers.
 */
export const LIMITS = {
  messageBlocks: 50,
  /**
   * All text in one message's blocks. Undocumented: chat.postMessage answers msg_blocks_too_long
   * past roughly 12,000-13,000 characters (slackapi/bolt-js#2509, #2867); we keep under 12,000.
   */
  messageText: 12_000,
  /** The top-level `text` Slack keeps whole (it truncates past 40,000). */
  messageTopLevelText: 40_000,
  modalBlocks: 100,
  homeBlocks: 100,
  /** The top-level `text` of a message (Slack truncates past 40,000; 3,000 keeps notifications sane). */
  fallbackText: 3000,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  contextText: 2000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  checkboxOptions: 10,
  optionText: 75,
  optionDescription: 75,
  optionValue: 150,
  selectOptions: 100,
  blockId: 255,
  actionId: 255,
  modalTitle: 24,
  modalButton: 24,
  inputLabel: 2000,
  inputHint: 2000,
  privateMetadata: 3000,
  topic: 250,
} as const;
