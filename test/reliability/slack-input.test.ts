import { beforeEach, describe, expect, it } from "vitest";
import { incidentLog, incidents } from "../../src/store/schema.js";
import { type SlackHarness, useSlackHarness, viewSubmission } from "../slack/harness.js";

/** Text from a form is cleaned at the core's edge like typed text: a NUL no longer breaks the insert. */
const suite = useSlackHarness();
let h: SlackHarness;
beforeEach(() => {
  h = suite.h;
});

describe("form input cleaned at the edge", () => {
  it("a declare modal whose fields carry NUL, control and bidi characters declares, cleaned, and is logged", async () => {
    await h.slash("declare");
    const view = h.fake.callsTo("views.open")[0]!.args.view;
    await h.interact(
      viewSubmission({
        view,
        values: {
          title: { value: { type: "plain_text_input", value: "Bot\u0000 leaks\u0007 invoice\u202Etxt.exe" } },
          description: { value: { type: "plain_text_input", value: "found\u0000 in logs" } },
          commander: { value: { type: "users_select", selected_user: "UALICE" } },
        },
      }),
    );
    const [incident] = await h.db.db.select().from(incidents);
    expect(incident).toMatchObject({ title: "Bot leaks invoicetxt.exe", description: "found in logs" });
    const [row] = (await h.db.db.select().from(incidentLog).orderBy(incidentLog.seq)).filter((r) => r.kind === "declare");
    expect(row).toMatchObject({ outcome: "ok", text: "[modal] declare" });
    expect(JSON.stringify(row!.payload)).not.toMatch(/\\u0000|\\u202e/i);
  });
});
