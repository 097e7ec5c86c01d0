/**
 * Slack sends a slash command's text escaped (the manifest's `should_escape`): people as
 * `<@U123|bob>` (or `<@U123>`), channels as `<#C123|general>`, links as `<https://…|label>`,
 * `<!here>`-style specials, and `&`, `<`, `>` as `&amp;`, `&lt;`, `&gt;`. The core works on
 * neutral text, so this is undone once, here at the edge, and never again: the renderers escape
 * once on the way out.
 */

/** A Slack user named in the text, known by id: `assign commander @bob` resolves to exactly them. */
export interface SlackMention {
  id: string;
  name: string;
}

export interface DecodedSlackText {
  /** Neutral text: `@bob`, `#general`, URLs, `@here` as a plain word, `&<>` as characters. */
  text: string;
  /** Each `@handle` in `text` that came from a mention (lower-cased handle → the user). */
  mentioned: Map<string, SlackMention>;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">" };

/** `&amp;` `&lt;` `&gt;` → characters, in one pass (so a typed `&amp;lt;` stays `&lt;`). */
export function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (_, name: string) => ENTITIES[name]!);
}

/** The ids of people mentioned without a name (`<@U123>`), whose names the caller may look up. */
export function unnamedMentions(text: string): string[] {
  return [...new Set([...text.matchAll(/<@([A-Z0-9]+)>/gi)].map((m) => m[1]!))];
}

/**
 * Decodes Slack's markup into neutral text. `names` gives names for mentions that arrive as a
 * bare id (newer clients send `<@U123>`); without one the id itself is the handle (`@U123`),
 * which still resolves exactly through `mentioned`.
 *
 * A link whose label differs from its URL becomes `label (url)`: the words are what the person
 * wrote and the URL is what must survive (notes and evidence are kept for the record), so
 * neither is dropped. A link Slack made from a typed address (`example.com`) is just the URL.
 */
export function decodeSlackText(text: string, names: ReadonlyMap<string, string> = new Map()): DecodedSlackText {
  const mentioned = new Map<string, SlackMention>();
  const out: string[] = [];
  let last = 0;
  for (const m of text.matchAll(/<([^<>]*)>/g)) {
    out.push(decodeEntities(text.slice(last, m.index)));
    out.push(decodeToken(m[1]!, names, mentioned));
    last = m.index + m[0].length;
  }
  out.push(decodeEntities(text.slice(last)));
  return { text: out.join(""), mentioned };
}

function decodeToken(inner: string, names: ReadonlyMap<string, string>, mentioned: Map<string, SlackMention>): string {
  const bar = inner.indexOf("|");
  const target = bar < 0 ? inner : inner.slice(0, bar);
  const label = bar < 0 ? undefined : decodeEntities(inner.slice(bar + 1));
  if (target.startsWith("@")) return `@${remember(target.slice(1), label || names.get(target.slice(1)), mentioned)}`;
  if (target.startsWith("#")) return `#${label || target.slice(1)}`;
  if (target.startsWith("!")) return special(target.slice(1), label);
  return link(decodeEntities(target), label);
}

/** Records a mention and returns the handle it has in the text (unique per person). */
function remember(id: string, name: string | undefined, mentioned: Map<string, SlackMention>): string {
  for (const [handle, person] of mentioned) if (person.id === id) return handle;
  let handle = handleOf(name ?? "") || id;
  const taken = mentioned.get(handle.toLowerCase());
  if (taken && taken.id !== id) handle = id;
  mentioned.set(handle.toLowerCase(), { id, name: name || id });
  return handle;
}

/** A name as a handle the command parser reads as one `@word`: letters, digits, `.`, `_`, `-`. */
function handleOf(name: string): string {
  return name
    .trim()
    .replace(/^@/, "")
    .replace(/[^\p{L}\p{N}._-]+/gu, ".")
    .replace(/^\.+|\.+$/g, "");
}

/** `<!here>`, `<!channel>`, `<!everyone>`, `<!subteam^S1|@oncall>`, `<!date^…|fallback>`. */
function special(body: string, label: string | undefined): string {
  const [kind] = body.split("^");
  if (kind === "here" || kind === "channel" || kind === "everyone") return `@${kind}`;
  if (kind === "subteam") return `@${(label ?? body.split("^")[1] ?? "group").replace(/^@/, "")}`;
  if (kind === "date") return label ?? "";
  return label ?? `@${kind}`;
}

function link(url: string, label: string | undefined): string {
  if (!label || label === url) return url;
  const [, scheme, rest] = /^([a-z][a-z0-9+.-]*:(?:\/\/)?)(.*)$/i.exec(url) ?? [];
  // Slack turned a typed address into a link: keep what was typed where the scheme adds nothing.
  if (scheme && label === rest) return /^mailto:|^tel:/i.test(scheme) ? label : url;
  return `${label} (${url})`;
}
