import { describe, expect, it } from "vitest";
import { homeView } from "../../adapters/slack/render/home.js";
import { renderMessage } from "../../adapters/slack/render/message.js";
import { emphasis, inlineToMrkdwn, slackDate } from "../../adapters/slack/render/text.js";
import type { Message } from "../../src/chat/message.js";
import { errorMessage } from "../../src/chat/views/replies.js";
import { CoreError } from "../../src/errors.js";
import { emphasisProblems } from "./block-kit-limits.js";

const at = new Date("2026-11-26T14:05:00Z");
const texts = (m: { blocks: unknown[] }) => JSON.stringify(m.blocks);

describe("emphasis that Slack renders", () => {
  it("keeps spaces outside the markers, so `*⚠ *` never reaches Slack", () => {
    expect(emphasis("⚠ ")).toBe("*⚠* ");
    expect(emphasis("  Resolution: ")).toBe("  *Resolution:* ");
    expect(emphasis("   ")).toBe("   ");
    expect(inlineToMrkdwn([{ strong: "⚠ " }, "Could not run"])).toBe("*⚠* Could not run");
    const error = renderMessage(errorMessage(new CoreError("validation", "The title is empty.")), { interactive: false });
    expect((error.blocks[0] as any).text.text).toBe("*⚠* The title is empty.");
  });

  it("bolds each line on its own and keeps a typed asterisk from ending the run", () => {
    expect(emphasis("two\nlines ")).toBe("*two*\n*lines* ");
    expect(emphasis("*critical* R&D")).toBe("*∗critical∗ R&amp;D*");
    expect(emphasis("snake_case _x_", "_")).toBe("_snake_case ＿x＿_");
    expect(emphasisProblems(["*⚠ * oops", "fine *bold* text", "* lead*", "*a*\n*b *"])).toEqual(["*⚠ * oops", "* lead*", "*a*\n*b *"]);
  });
});

describe("escaped exactly once, in every field Slack reads", () => {
  it("escapes the fallback text, so a typed <!channel> or <@U…> pings nobody", () => {
    const message: Message = { text: "INC-1 · <!channel> R&D <@UBOB> <#C1>", blocks: [{ type: "text", text: ["<!here> & <b>"] }, { type: "fields", fields: [{ label: "A&B", value: ["<!everyone>"] }] }] };
    const rendered = renderMessage(message, { interactive: true });
    expect(rendered.text).toBe("INC-1 · &lt;!channel&gt; R&amp;D &lt;@UBOB&gt; &lt;#C1&gt;");
    expect((rendered.blocks[0] as any).text.text).toBe("&lt;!here&gt; &amp; &lt;b&gt;");
    expect((rendered.blocks[1] as any).fields[0].text).toBe("*A&amp;B*\n&lt;!everyone&gt;");
  });

  it("escapes placeholders such as <number> in the App Home", () => {
    const home = JSON.stringify(homeView([], "UALICE", at));
    expect(home).toContain("`/incident check &lt;number&gt;`");
    expect(home).not.toContain("<number>");
  });
});

describe("times and spaces in Slack's own syntax", () => {
  it("writes a time as a date token each reader sees in their own zone, with a fallback naming ours", () => {
    expect(slackDate(at)).toBe("<!date^1795701900^{date_short_pretty} {time}|2026-11-26 14:05 UTC>");
    expect(inlineToMrkdwn(["Declared: ", { time: at }], "Europe/Berlin")).toBe("Declared: <!date^1795701900^{date_short_pretty} {time}|2026-11-26 15:05 CET>");
    expect(inlineToMrkdwn([{ time: at, show: "time" }], "America/New_York")).toBe("<!date^1795701900^{time}|09:05 EST>");
    expect(inlineToMrkdwn([{ time: at, show: "date" }])).toBe("<!date^1795701900^{date_short_pretty}|2026-11-26>");
    expect(renderMessage({ text: "t", blocks: [{ type: "context", text: [{ time: new Date("2026-11-26T14:05:59.999Z") }] }] }, { interactive: true, timeZone: "Asia/Kolkata" }).blocks[0]).toEqual({
      type: "context",
      elements: [{ type: "mrkdwn", text: "<!date^1795701959^{date_short_pretty} {time}|2026-11-26 19:35 UTC+5:30>" }],
    });
  });

  it("links a Slack channel natively, however the core named it", () => {
    const space = { platform: "slack" as const, id: "C0INC", name: "inc-20261126-x", url: "https://slack.com/app_redirect?channel=C0INC" };
    expect(inlineToMrkdwn(["Channel: ", { space }])).toBe("Channel: <#C0INC>");
    expect(inlineToMrkdwn([{ link: { url: space.url, text: `#${space.name}` } }])).toBe("<#C0INC>");
    expect(inlineToMrkdwn([{ space: { platform: "teams", id: "19:x", name: "inc-a&b", url: "https://teams.example/c?a=1&b=2" } }])).toBe("<https://teams.example/c?a=1&b=2|#inc-a&amp;b>");
    expect(inlineToMrkdwn([{ space: { platform: "shell", id: "C-inc", name: "inc-<x>" } }])).toBe("#inc-&lt;x&gt;");
  });

  it("shows a command as typed in Slack, and a quoted value as code, escaped once", async () => {
    const { richText } = await import("../../src/chat/rich-text.js");
    expect(inlineToMrkdwn(richText("Fill them with `assign <role> [backup] @name`; the flag is `personal-data`."))).toBe(
      "Fill them with `/incident assign &lt;role&gt; [backup] @name`; the flag is `personal-data`.",
    );
    expect(inlineToMrkdwn(richText("Run `INC-2026-0001 retry`, or `/incident help`."))).toBe("Run `/incident INC-2026-0001 retry`, or `/incident help`.");
    expect(inlineToMrkdwn([{ code: "a`b&c" }])).toBe("`aˋb&amp;c`");
  });

  it("keeps a checked step's name within the option limit and never cuts the time token", () => {
    const message: Message = {
      text: "c",
      blocks: [{ type: "checklist", section: "s", title: "S", incidentId: "0b6f6f2e-3d1c-4a53-9c4e-6a8f0e6b2d11", items: [{ key: "s.1", number: 1, label: "L", checked: true, by: "a&b".repeat(30), at }] }],
    };
    const description = (renderMessage(message, { interactive: true, timeZone: "Europe/Berlin" }).blocks[0] as any).elements[0].options[0].description.text as string;
    expect(description.length).toBeLessThanOrEqual(75);
    expect(description).toMatch(/^✓ @(a&amp;b)+a?…? <!date\^1795701900\^\{time\}\|15:05 CET>$/);
    expect(texts(renderMessage(message, { interactive: false }))).toContain("_✓ @a&amp;ba&amp;b");
  });
});
