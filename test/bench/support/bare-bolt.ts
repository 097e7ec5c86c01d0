import { App, ExpressReceiver, LogLevel } from "@slack/bolt";

/**
 * The baseline of the ack comparison: a Bolt app (the @slack/bolt in node_modules, the version
 * Firebreak runs) that registers `/incident` and only acknowledges. Run as a child process:
 *   node --import tsx test/bench/support/bare-bolt.ts <port> <signing secret> <Web API URL> [express|http]
 * With `express` (the default) it uses the receiver Firebreak uses, configured the same way
 * (ExpressReceiver, processBeforeResponse false), so the comparison isolates Firebreak's own
 * work; with `http` it is Bolt's default HTTPReceiver. Prints "ready" once listening.
 */
const [portText, signingSecret, apiUrl, receiverKind = "express"] = process.argv.slice(2);
const port = Number(portText);
const common = { token: "xoxb-test-token", botId: "BBOT", botUserId: "UBOT", tokenVerificationEnabled: false, clientOptions: { slackApiUrl: apiUrl }, logLevel: LogLevel.ERROR };

let app: App;
if (receiverKind === "http") {
  app = new App({ ...common, signingSecret: signingSecret!, port });
} else {
  const receiver = new ExpressReceiver({ signingSecret: signingSecret!, processBeforeResponse: false, logLevel: LogLevel.ERROR });
  app = new App({ ...common, receiver });
}
app.command("/incident", async ({ ack }) => {
  await ack();
});
await app.start(port);
process.stdout.write("ready\n");
process.once("SIGTERM", () => void app.stop().then(() => process.exit(0)));
