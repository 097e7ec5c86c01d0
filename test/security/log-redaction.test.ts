import { Writable } from "node:stream";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { redactingLogOptions, redactLogLine } from "../../src/security/log-redaction.js";
import { FAKE_SECRETS, fragmentsOf } from "./fake-secrets.js";
import { INCIDENT_PROSE } from "./incident-prose.js";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...chunk.toString().split("\n").filter(Boolean));
      done();
    },
  });
  const logger = pino({ ...redactingLogOptions, level: "debug" }, stream);
  return { logger, lines };
}

const get = (label: string) => FAKE_SECRETS.find((s) => s.label === label)!;

describe("the process log never carries a pasted secret", () => {
  it("redacts the message, fields, nested objects, child bindings and errors", () => {
    const { logger, lines } = capture();
    const slack = get("Slack bot token").secret;
    const openai = get("OpenAI project key").secret;
    const aws = get("AWS secret key, quoted JSON");
    const key = get("EC private key").secret;
    logger.child({ command: `note ${slack}` }).info({ form: { fields: [{ text: `key ${openai}` }] } }, `rejected: ${aws.pasted}`);
    logger.error({ err: new Error(`Slack refused ${get("Slack user token").secret}`) }, "Teams command failed");
    logger.warn(`evidence pasted:\n${key}`);

    expect(lines).toHaveLength(3);
    const all = lines.join("\n");
    for (const s of [get("Slack bot token"), get("OpenAI project key"), aws, get("EC private key"), get("Slack user token")]) {
      expect(all).not.toContain(s.secret);
      for (const fragment of fragmentsOf(s.secret)) expect(all).not.toContain(fragment);
    }
    const [first, second, third] = lines.map((l) => JSON.parse(l));
    expect(first).toMatchObject({ command: "note [REDACTED:slack-token]", form: { fields: [{ text: "key [REDACTED:openai-key]" }] }, msg: 'rejected: {"AWS_SECRET_ACCESS_KEY": "[REDACTED:aws-secret-access-key]"}' });
    expect(second.err.message).toBe("Slack refused [REDACTED:slack-token]");
    expect(second.err.stack).toContain("Slack refused [REDACTED:slack-token]");
    expect(third.msg).toBe("evidence pasted:\n[REDACTED:private-key]");
  });

  it("writes a line without secrets byte for byte as pino made it", () => {
    const line = `${JSON.stringify({ level: 30, time: 1, msg: INCIDENT_PROSE, err: { stack: "Error: x\n    at y (z.ts:1:2)" } })}\n`;
    expect(redactLogLine(line)).toBe(line);
  });

  it("still redacts a line that is not JSON", () => {
    const gh = get("GitHub classic token").secret;
    expect(redactLogLine(`plain text ${gh}\n`)).toBe("plain text [REDACTED:github-token]\n");
  });
});
