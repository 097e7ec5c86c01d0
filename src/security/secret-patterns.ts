/**
 * What each secretlint report is called in `[REDACTED:<kind>]`, and Firebreak's own patterns for
 * the keys an AI team pastes most and secretlint v11 misses or matches only in one format.
 */

/** By `ruleId/messageId`, else by rule id. Anything unlisted is simply a "secret". */
const SECRETLINT_KINDS: Record<string, string> = {
  "@secretlint/secretlint-rule-aws/AWSAccessKeyID": "aws-access-key-id",
  "@secretlint/secretlint-rule-aws/AWSSecretAccessKey": "aws-secret-access-key",
  "@secretlint/secretlint-rule-gcp": "gcp-service-account-key",
  "@secretlint/secretlint-rule-privatekey": "private-key",
  "@secretlint/secretlint-rule-npm": "npm-token",
  "@secretlint/secretlint-rule-basicauth": "password",
  "@secretlint/secretlint-rule-slack/SLACK_TOKEN": "slack-token",
  "@secretlint/secretlint-rule-slack/IncomingWebhook": "slack-webhook",
  "@secretlint/secretlint-rule-sendgrid": "sendgrid-key",
  "@secretlint/secretlint-rule-shopify": "shopify-token",
  "@secretlint/secretlint-rule-github": "github-token",
  "@secretlint/secretlint-rule-openai": "openai-key",
  "@secretlint/secretlint-rule-anthropic": "anthropic-key",
  "@secretlint/secretlint-rule-linear": "linear-key",
  "@secretlint/secretlint-rule-1password": "1password-token",
  "@secretlint/secretlint-rule-database-connection-string": "password",
};

export function kindOf(ruleId: string, messageId: string): string {
  return SECRETLINT_KINDS[`${ruleId}/${messageId}`] ?? SECRETLINT_KINDS[ruleId] ?? "secret";
}

/** Reports whose range covers a whole `scheme://user:password@host` URL: only the password goes. */
export const PASSWORD_IN_URL_RULES = new Set(["@secretlint/secretlint-rule-basicauth", "@secretlint/secretlint-rule-database-connection-string"]);
const USERINFO = /^[a-z][a-z0-9+.-]*:\/\/[^:/\s@]+:([^@/\s]+)@/i;

/** Narrows a URL report to its password; undefined when the URL has none where expected. */
export function passwordRange(text: string, start: number, end: number): [number, number] | undefined {
  const m = USERINFO.exec(text.slice(start, end));
  if (!m) return undefined;
  const at = start + m[0].length - 1 - m[1]!.length;
  return [at, at + m[1]!.length];
}

/**
 * secretlint v11 reports an AWS secret access key from the start of its label
 * (`aws_secret_access_key=`) but with the key's length, so the key's tail would survive.
 * This finds the key itself after the label.
 */
const AWS_SECRET_LABEL = /^["']?(?:AWS|aws|Aws)?_?(?:SECRET|secret|Secret)_?(?:ACCESS|access|Access)_?(?:KEY|key|Key)["']?\s*(?::|=>|=)\s*["']?/;
export function awsSecretRange(text: string, start: number): [number, number] | undefined {
  const label = AWS_SECRET_LABEL.exec(text.slice(start, start + 200));
  if (!label) return undefined;
  const keyStart = start + label[0].length;
  return /^[A-Za-z0-9/+=]{40}/.test(text.slice(keyStart, keyStart + 40)) ? [keyStart, keyStart + 40] : undefined;
}

export interface OwnPattern {
  kind: string;
  pattern: RegExp;
  /** Extra check on the match, so words that merely share a prefix do not count. */
  looksReal?: (match: string) => boolean;
}

const mixedCase = (s: string) => /[a-z]/.test(s) && /[A-Z]/.test(s);
const mixedCaseWithDigits = (s: string) => mixedCase(s) && /[0-9]/.test(s);

/**
 * Boundaries are explicit (not `\b`) because `-` and `_` are part of these keys. Lengths and
 * the mixed-case/digit checks keep prose like "sk-learn", "risk-based", "hf_ratio" or "AIzawa"
 * out: real keys are long random strings.
 */
export const OWN_PATTERNS: OwnPattern[] = [
  // Slack tokens to their end: secretlint stops at 40 characters per segment, which leaves the
  // 64-character tail of an app-level token (xapp-1-A…-…-<64 hex>) behind.
  { kind: "slack-token", pattern: /(?<![A-Za-z0-9_-])(?:xox[abeoprs]|xapp)-[A-Za-z0-9-]{10,}(?![A-Za-z0-9_-])/g, looksReal: (s) => /[0-9]/.test(s.slice(5)) },
  // Anthropic: sk-ant-api03-…, sk-ant-admin01-… (secretlint wants the exact length and `AA` tail).
  { kind: "anthropic-key", pattern: /(?<![A-Za-z0-9_-])sk-ant-(?:api|admin|oat|ort)\d{2}-[A-Za-z0-9_-]{32,}(?![A-Za-z0-9_-])/g, looksReal: mixedCaseWithDigits },
  // OpenAI project, service-account and admin keys: sk-proj-…, sk-svcacct-…, sk-admin-…, sk-None-….
  { kind: "openai-key", pattern: /(?<![A-Za-z0-9_-])sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{40,}(?![A-Za-z0-9_-])/g, looksReal: mixedCaseWithDigits },
  // OpenAI legacy user keys: sk- and 48 letters and digits.
  { kind: "openai-key", pattern: /(?<![A-Za-z0-9_-])sk-[A-Za-z0-9]{32,}(?![A-Za-z0-9_-])/g, looksReal: mixedCaseWithDigits },
  // Hugging Face user access tokens: hf_ and 34 letters (digits are rare).
  { kind: "huggingface-token", pattern: /(?<![A-Za-z0-9_])hf_[A-Za-z0-9]{30,}(?![A-Za-z0-9_])/g, looksReal: mixedCase },
  // Google API keys (Gemini, Maps, Firebase…): AIza and 35 characters.
  { kind: "google-api-key", pattern: /(?<![A-Za-z0-9_-])AIza[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])/g },
  // A signed JWT (bearer tokens: session, OAuth, service-to-service): header.payload.signature,
  // both JSON parts starting `{"` (eyJ).
  { kind: "jwt", pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{16,}(?![A-Za-z0-9_-])/g },
  // A private key block, also cut short or with a placeholder-looking body: secretlint needs
  // the END line and a valid body, but half a key is still not for the log.
  {
    kind: "private-key",
    pattern: /-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----[A-Za-z0-9+/=\s\\]*(?:-----END[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----)?/g,
  },
];
