import { describe, expect, it } from "vitest";
import { buildReport } from "../../src/report/build.js";
import { reportMarkdown } from "../../src/report/markdown.js";
import { scriptedBundle } from "./scripted-bundle.js";

describe("post-incident report", () => {
  it("renders the scripted incident as the reviewed golden Markdown", async () => {
    await expect(reportMarkdown(buildReport(scriptedBundle()))).toMatchFileSnapshot("./golden/INC-2026-0042.md");
  });
});
