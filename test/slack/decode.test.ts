import { describe, expect, it } from "vitest";
import { decodeEntities, decodeSlackText, unnamedMentions } from "../../adapters/slack/decode.js";

/** The `text` field of a slash command as Slack escapes it (`should_escape: true`). */
const decode = (text: string, names?: Map<string, string>) => decodeSlackText(text, names);

describe("decodeSlackText: slash-command text as Slack sends it", () => {
  it("turns entities back into the characters people typed, once", () => {
    expect(decode("declare P1 R&amp;D model leaks &lt;secrets&gt;").text).toBe("declare P1 R&D model leaks <secrets>");
    // Someone who typed the entity itself gets the entity back, not a character.
    expect(decode("note &amp;lt;b&amp;gt; is not bold").text).toBe("note &lt;b&gt; is not bold");
    expect(decodeEntities("a &quot;b&quot; &#39;c&#39;")).toBe("a &quot;b&quot; &#39;c&#39;");
  });

  it("turns mentions into @handles and remembers who each one is", () => {
    const decoded = decode("assign commander <@U0BOB|bob>");
    expect(decoded.text).toBe("assign commander @bob");
    expect([...decoded.mentioned]).toEqual([["bob", { id: "U0BOB", name: "bob" }]]);

    const grid = decode("assign scribe <@W0123ABC|carol.c>");
    expect(grid.text).toBe("assign scribe @carol.c");
    expect(grid.mentioned.get("carol.c")).toEqual({ id: "W0123ABC", name: "carol.c" });
  });

  it("uses a looked-up name for a mention sent as a bare id, or the id itself", () => {
    expect(decode("assign commander <@U0BOB>").text).toBe("assign commander @U0BOB");
    expect(decode("assign commander <@U0BOB>").mentioned.get("u0bob")).toEqual({ id: "U0BOB", name: "U0BOB" });
    const named = decode("assign commander <@U0BOB>", new Map([["U0BOB", "Bob Brown"]]));
    expect(named.text).toBe("assign commander @Bob.Brown");
    expect(named.mentioned.get("bob.brown")).toEqual({ id: "U0BOB", name: "Bob Brown" });
    expect(unnamedMentions("hi <@U1> <@U2|two> <@U1> <#C1>")).toEqual(["U1"]);
  });

  it("keeps two people who share a name apart", () => {
    const decoded = decode("<@U1|sam> and <@U2|sam> and <@U1|sam> again");
    expect(decoded.text).toBe("@sam and @U2 and @sam again");
    expect(decoded.mentioned.get("sam")!.id).toBe("U1");
    expect(decoded.mentioned.get("u2")!.id).toBe("U2");
  });

  it("names channels and user groups, and turns broadcast mentions into plain words", () => {
    expect(decode("see <#C012AB3CD|sec-ops> and <#C0PRIVATE|> and <#C0NONAME>").text).toBe("see #sec-ops and #C0PRIVATE and #C0NONAME");
    expect(decode("<!here> <!channel> <!everyone> <!here|here> <!channel|@channel>").text).toBe("@here @channel @everyone @here @channel");
    expect(decode("ping <!subteam^SAZ94GDB8|@oncall> and <!subteam^SAZ94GDB8>").text).toBe("ping @oncall and @SAZ94GDB8");
    expect(decode("since <!date^1392734382^{date_num} {time_secs}|Posted 2014-02-18 6:39:42 AM PST>").text).toBe("since Posted 2014-02-18 6:39:42 AM PST");
  });

  it("keeps both the words and the URL of a link, and decodes the URL's entities", () => {
    expect(decode("note see <https://x.example/a?b=1&amp;c=2|the dashboard>").text).toBe("note see the dashboard (https://x.example/a?b=1&c=2)");
    expect(decode("evidence logs <https://x.example/logs?from=1&amp;to=2>").text).toBe("evidence logs https://x.example/logs?from=1&to=2");
    // Slack links a typed address on its own; that stays what was typed (with its scheme).
    expect(decode("<http://example.com|example.com> <https://example.com/a|https://example.com/a>").text).toBe("http://example.com https://example.com/a");
    expect(decode("mail <mailto:soc@example.com|soc@example.com> or <mailto:soc@example.com|the SOC>").text).toBe("mail soc@example.com or the SOC (mailto:soc@example.com)");
    expect(decode("<https://e.example/?q=a&amp;b|R&amp;D &lt;board&gt;>").text).toBe("R&D <board> (https://e.example/?q=a&b)");
  });

  it("leaves text without markup alone", () => {
    expect(decode("declare P2 prompt-injection Support bot leaks its prompt").text).toBe("declare P2 prompt-injection Support bot leaks its prompt");
    expect(decode("").mentioned.size).toBe(0);
  });
});
