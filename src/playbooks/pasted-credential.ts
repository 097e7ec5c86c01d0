import type { Section } from "./types.js";

/**
 * Added to an incident's playbooks when someone pastes a credential into a command or form:
 * Firebreak redacts it before storing anything, but it went through the chat platform, so it
 * must be revoked. A containment step like the reference's, for this incident only (it is not
 * one of the reference's bullets, so it stays out of the reference's coverage).
 */
export const PASTED_CREDENTIAL_SECTION: Section = {
  key: "pasted-credential",
  title: "Pasted credential",
  phase: "containment",
  ref: "Immediate Containment (First Hour)",
  steps: [
    {
      key: "contain.revoke-pasted",
      owner: "tech-lead",
      text: "Revoke the credential pasted into chat and issue a new one",
      hint: "Firebreak did not store it, but the chat platform saw it.",
      source: "Revoke compromised credentials — If the model has been used to exfiltrate API keys, tokens, or credentials, revoke them immediately.",
    },
  ],
};
