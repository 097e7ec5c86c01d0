import { createHmac } from "node:crypto";
import autocannon from "autocannon";
import { percentile } from "./report.js";

/** Slack shows the person an error when the ack takes longer than this. */
export const SLACK_ACK_LIMIT_MS = 3000;

/**
 * Slash commands as Slack sends them, fired with autocannon: each request a fresh
 * form-encoded body with its own trigger id, signed with the signing secret (v0 HMAC over
 * timestamp and body), as Bolt's receiver verifies it.
 */
export interface SlashLoad {
  url: string;
  signingSecret: string;
  /** The command's text for the n-th request of this process (n counts up across runs). */
  text(n: number): string;
  channel: { id: string; name: string };
  /** Where the app answers each command (the fake's response URL base, `…/respond/`). */
  responseBase: string;
  amount: number;
  connections: number;
}

export interface LoadFigures {
  p50: number;
  p99: number;
  max: number;
  /** Acks that came after Slack's 3 s (Slack would have shown the person an error). */
  late: number;
  /** Completed requests per second over the run. */
  rps: number;
  requests: number;
  /** Connection errors, timeouts and non-2xx answers. */
  failures: number;
  /** Acks whose body told the person Firebreak was busy (the command was not run). */
  busy: number;
}

let sequence = 0;

function sign(secret: string, timestamp: string, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

/** The signed request of one slash command (a fresh trigger id and response URL each time). */
export function slashRequest(load: Pick<SlashLoad, "signingSecret" | "text" | "channel" | "responseBase">) {
  const n = ++sequence;
  const body = new URLSearchParams({
    token: "legacy-verification-token",
    team_id: "T0TEAM",
    team_domain: "acme",
    channel_id: load.channel.id,
    channel_name: load.channel.name,
    user_id: "UALICE",
    user_name: "alice",
    command: "/incident",
    text: load.text(n),
    api_app_id: "A0FIREBREAK",
    is_enterprise_install: "false",
    response_url: `${load.responseBase}bench-${n}`,
    trigger_id: `${n}.${process.pid}.bench${Date.now()}`,
  }).toString();
  const timestamp = String(Math.floor(Date.now() / 1000));
  return {
    body,
    headers: { "content-type": "application/x-www-form-urlencoded", "x-slack-request-timestamp": timestamp, "x-slack-signature": sign(load.signingSecret, timestamp, body) },
  };
}

export async function fireSlashCommands(load: SlashLoad): Promise<LoadFigures> {
  let busy = 0;
  const latencies: number[] = [];
  const options: autocannon.Options = {
    url: `${load.url}/slack/events`,
    connections: Math.min(load.connections, load.amount),
    amount: load.amount,
    // Long enough that a slow ack is measured rather than dropped (Slack itself gives up at 3 s).
    timeout: 30,
    requests: [
      {
        method: "POST",
        setupRequest: (request) => {
          const built = slashRequest(load);
          return { ...request, method: "POST", path: "/slack/events", body: built.body, headers: { ...request.headers, ...built.headers } };
        },
        onResponse: (status, body) => {
          if (status === 200 && /busy/i.test(body)) busy++;
        },
      },
    ],
  };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (error, done) => (error ? reject(error) : resolve(done)));
    // Every response's own time (autocannon's histogram keeps whole milliseconds).
    instance.on("response", (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  latencies.sort((a, b) => a - b);
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? Number.NaN,
    late: latencies.filter((l) => l > SLACK_ACK_LIMIT_MS).length + result.timeouts,
    rps: result.requests.total / result.duration,
    requests: result.requests.total,
    failures: result.errors + result.non2xx,
    busy,
  };
}
