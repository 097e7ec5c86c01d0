import { describe, expect, it } from "vitest";
import { buildReport } from "../../src/report/build.js";
import { reportFileName } from "../../src/report/index.js";
import { reportMarkdown } from "../../src/report/markdown.js";
import { scriptedBundle } from "./scripted-bundle.js";

describe("post-incident report", () => {
  it("renders the scripted incident as the reviewed golden Markdown", async () => {
    await expect(reportMarkdown(buildReport(scriptedBundle()))).toMatchFileSnapshot("./golden/INC-2026-0042.md");
  });
});

describe("reportFileName", () => {
  it("names the Markdown and JSON files after the incident", () => {
    expect(reportFileName("INC-2026-0042")).toBe("INC-2026-0042-post-incident-report.md");
    expect(reportFileName("DRILL-2026-0007", "json")).toBe("DRILL-2026-0007-post-incident-report.json");
  });
});
