import { describe, expect, it } from "vitest";
import { redactFields, redactSecrets } from "../../src/security/redact.js";
import { FAKE_SECRETS, fragmentsOf } from "./fake-secrets.js";
import { INCIDENT_PROSE } from "./incident-prose.js";

function expectGone(text: string, secret: string) {
  expect(text).not.toContain(secret);
  for (const fragment of fragmentsOf(secret)) expect(text, `a piece of the secret survived: ${fragment}`).not.toContain(fragment);
}

describe("redactSecrets", () => {
  it.each(FAKE_SECRETS)("replaces a pasted $label with [REDACTED:$kind]", ({ pasted, secret, kind }) => {
    const note = `Found this in the bot's env while triaging: ${pasted} — rotating now.`;
    const { text, found } = redactSecrets(note);
    expectGone(text, secret);
    expect(found).toEqual([{ kind }]);
    expect(text).toContain(`[REDACTED:${kind}]`);
    expect(text.startsWith("Found this in the bot's env while triaging: ")).toBe(true);
    expect(text.endsWith(" — rotating now.")).toBe(true);
  });

  it("redacts every secret in a text that holds all of them, and keeps the words between", () => {
    const text = FAKE_SECRETS.map((s, i) => `(${i}) ${s.pasted}`).join("\n");
    const result = redactSecrets(text);
    for (const s of FAKE_SECRETS) expectGone(result.text, s.secret);
    expect(result.found.map((f) => f.kind)).toEqual(FAKE_SECRETS.map((s) => s.kind));
    for (let i = 0; i < FAKE_SECRETS.length; i++) expect(result.text).toContain(`(${i}) `);
  });

  it("keeps the parts of a URL around its password", () => {
    const pg = FAKE_SECRETS.find((s) => s.label === "Postgres URL password")!;
    expect(redactSecrets(pg.pasted).text).toBe("postgres://support_bot:[REDACTED:password]@orders-db.internal:5432/orders");
  });

  it("keeps the label of an AWS secret key and removes all 40 characters of the key", () => {
    const aws = FAKE_SECRETS.find((s) => s.label === "AWS secret key in an env line")!;
    expect(redactSecrets(`export ${aws.pasted}\n`).text).toBe("export aws_secret_access_key = [REDACTED:aws-secret-access-key]\n");
  });

  it("redacts half a private key too (a paste cut short)", () => {
    const key = FAKE_SECRETS.find((s) => s.label === "RSA private key (PKCS#1)")!.secret;
    const half = key.slice(0, Math.floor(key.length / 2));
    const { text, found } = redactSecrets(`got this far: ${half}`);
    expect(found).toEqual([{ kind: "private-key" }]);
    expectGone(text, half);
  });

  it("leaves ordinary incident notes exactly as written", () => {
    expect(redactSecrets(INCIDENT_PROSE)).toEqual({ text: INCIDENT_PROSE, found: [] });
  });

  it.each([
    "we use sk-learn for this",
    "a risk-based approach",
    "hf_ratio went up",
    "ask Aizawa: AIzawa-san owns it",
    "task-management-system-for-incident-response-teams", // a long hyphenated word after "sk-"
    "sk-abcdefghijklmnopqrstuvwxyzabcdefghijkl", // long, but lower-case only: not random enough for a key
    "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",
    "AKIA is the prefix of long-term AWS key ids",
    "the sk-proj- prefix marks project keys",
    "eyJhbGciOi is how a JWT header starts",
    "-----BEGIN PUBLIC KEY----- blocks are fine to share",
    "aws account id: 123456789012",
  ])("does not flag %j", (text) => {
    expect(redactSecrets(text)).toEqual({ text, found: [] });
  });

  it("redacts a key that sits right against punctuation and markup", () => {
    const gh = FAKE_SECRETS.find((s) => s.label === "GitHub classic token")!.secret;
    const hf = FAKE_SECRETS.find((s) => s.label === "Hugging Face token")!.secret;
    const { text } = redactSecrets(`token=\`${gh}\`, (${hf}). <${gh}>`);
    expect(text).toBe("token=`[REDACTED:github-token]`, ([REDACTED:huggingface-token]). <[REDACTED:github-token]>");
  });
});

describe("redactFields", () => {
  it("redacts strings at any depth and says where each secret was", () => {
    const slack = FAKE_SECRETS[0]!.secret;
    const openai = FAKE_SECRETS.find((s) => s.label === "OpenAI project key")!.secret;
    const input = { kind: "declare", title: `Leaked ${slack}`, severity: "P1", count: 3, started: new Date(0), fields: { description: `key ${openai}`, tags: ["ok", `again ${slack}`] } };
    const { value, found } = redactFields(input);
    expect(value).toEqual({
      kind: "declare",
      title: "Leaked [REDACTED:slack-token]",
      severity: "P1",
      count: 3,
      started: new Date(0),
      fields: { description: "key [REDACTED:openai-key]", tags: ["ok", "again [REDACTED:slack-token]"] },
    });
    expect(found).toEqual([
      { kind: "slack-token", path: "title" },
      { kind: "openai-key", path: "fields.description" },
      { kind: "slack-token", path: "fields.tags[1]" },
    ]);
    // The caller's object is left as it was.
    expect(input.title).toContain(slack);
  });

  it("returns clean values unchanged", () => {
    const input = { kind: "note", text: INCIDENT_PROSE, n: null };
    expect(redactFields(input)).toEqual({ value: input, found: [] });
  });
});
