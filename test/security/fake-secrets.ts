import { createHmac, generateKeyPairSync } from "node:crypto";

/**
 * Real-shaped fake credentials, generated at run time from a seeded generator: right prefix,
 * length and alphabet, but never a working key (and no key-shaped literal sits in the repository
 * for a scanner to flag).
 */
let state = 0x2f6b_1d3a;
function next(): number {
  // xorshift32: deterministic, so a failure names the same key every run.
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 0x1_0000_0000;
}
const pick = (alphabet: string, n: number) => Array.from({ length: n }, () => alphabet[Math.floor(next() * alphabet.length)]).join("");

const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LOWER = "abcdefghijklmnopqrstuvwxyz";
const DIGITS = "0123456789";
const ALNUM = UPPER + LOWER + DIGITS;
const URLSAFE = ALNUM + "-_";
const LETTERS = UPPER + LOWER;

/** A random string from `alphabet` that has an upper-case letter, a lower-case letter and a digit where the alphabet allows. */
function random(alphabet: string, n: number): string {
  for (;;) {
    const s = pick(alphabet, n);
    const ok = (!/[A-Z]/.test(alphabet) || /[A-Z]/.test(s)) && (!/[a-z]/.test(alphabet) || /[a-z]/.test(s)) && (!/[0-9]/.test(alphabet) || /[0-9]/.test(s));
    if (ok) return s;
  }
}

const b64url = (s: string) => Buffer.from(s).toString("base64url");

function jwt(): string {
  const header = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = b64url(JSON.stringify({ sub: "svc-support-bot", scope: "orders:read", iat: 1_795_000_000 }));
  const signature = createHmac("sha256", random(ALNUM, 32)).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}

const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });

export interface FakeSecret {
  /** What the test calls it. */
  label: string;
  /** The text as pasted (sometimes with its label, e.g. `aws_secret_access_key = …`). */
  pasted: string;
  /** The secret itself: none of it may survive. */
  secret: string;
  kind: string;
}

const secret = (label: string, kind: string, value: string, pasted = value): FakeSecret => ({ label, kind, secret: value, pasted });

const awsSecret = random(ALNUM + "/+", 40);
const awsSecretQuoted = random(ALNUM + "/+", 40);
const dbPassword = random(ALNUM, 18);
const basicPassword = random(ALNUM, 14);

export const FAKE_SECRETS: FakeSecret[] = [
  secret("Slack bot token", "slack-token", `xoxb-${random(DIGITS, 12)}-${random(DIGITS, 13)}-${random(ALNUM, 24)}`),
  secret("Slack user token", "slack-token", `xoxp-${random(DIGITS, 12)}-${random(DIGITS, 12)}-${random(DIGITS, 13)}-${random("0123456789abcdef", 32)}`),
  secret("Slack app token", "slack-token", `xapp-1-A${random(UPPER + DIGITS, 10)}-${random(DIGITS, 13)}-${random("0123456789abcdef", 64)}`),
  secret("Slack incoming webhook", "slack-webhook", `https://hooks.slack.com/services/T${random(UPPER + DIGITS, 8)}/B${random(UPPER + DIGITS, 10)}/${random(ALNUM, 24)}`),
  secret("GitHub classic token", "github-token", `ghp_${random(ALNUM, 36)}`),
  secret("GitHub fine-grained token", "github-token", `github_pat_11${random(UPPER + DIGITS, 20)}_${random(ALNUM, 59)}`),
  secret("GitHub app installation token", "github-token", `ghs_${random(ALNUM, 36)}`),
  secret("AWS access key id, bare", "aws-access-key-id", `AKIA${random(UPPER + DIGITS, 16)}`),
  secret("AWS temporary access key id", "aws-access-key-id", `ASIA${random(UPPER + DIGITS, 16)}`),
  secret("AWS secret key in an env line", "aws-secret-access-key", awsSecret, `aws_secret_access_key = ${awsSecret}`),
  secret("AWS secret key, quoted JSON", "aws-secret-access-key", awsSecretQuoted, `{"AWS_SECRET_ACCESS_KEY": "${awsSecretQuoted}"}`),
  secret("OpenAI legacy key", "openai-key", `sk-${random(ALNUM, 20)}T3BlbkFJ${random(ALNUM, 20)}`),
  secret("OpenAI project key", "openai-key", `sk-proj-${random(URLSAFE, 74)}T3BlbkFJ${random(URLSAFE, 74)}`),
  secret("OpenAI project key, newer shape", "openai-key", `sk-proj-${random(URLSAFE, 156)}`),
  secret("OpenAI service account key", "openai-key", `sk-svcacct-${random(URLSAFE, 120)}`),
  secret("Anthropic API key", "anthropic-key", `sk-ant-api03-${random(URLSAFE, 93)}AA`),
  secret("Anthropic admin key", "anthropic-key", `sk-ant-admin01-${random(URLSAFE, 93)}AA`),
  secret("Hugging Face token", "huggingface-token", `hf_${random(LETTERS, 34)}`),
  secret("Google API key", "google-api-key", `AIza${random(URLSAFE, 35)}`),
  secret("npm token", "npm-token", `npm_${random(ALNUM, 36)}`),
  secret("JWT", "jwt", jwt()),
  secret("RSA private key (PKCS#1)", "private-key", rsa.privateKey.export({ type: "pkcs1", format: "pem" }).toString().trim()),
  secret("private key (PKCS#8)", "private-key", rsa.privateKey.export({ type: "pkcs8", format: "pem" }).toString().trim()),
  secret("EC private key", "private-key", ec.privateKey.export({ type: "sec1", format: "pem" }).toString().trim()),
  secret("Postgres URL password", "password", dbPassword, `postgres://support_bot:${dbPassword}@orders-db.internal:5432/orders`),
  secret("password in an https URL", "password", basicPassword, `https://deploy:${basicPassword}@artifacts.example.com/models/`),
];

/** The pieces of `secret` worth checking for: any 12-character run of it (the key body, not just its prefix). */
export function fragmentsOf(value: string): string[] {
  const body = value.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, "");
  const out: string[] = [];
  for (let i = 0; i + 12 <= body.length; i += 6) out.push(body.slice(i, i + 12));
  return out;
}
