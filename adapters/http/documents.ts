import type { Express } from "express";
import { type Runtime, sharedDocument } from "../../src/core.js";

/** Browsers show these inline as text; anything else is offered as a download. */
const SHOWN_AS_TEXT = new Set(["text/markdown", "text/plain"]);

/**
 * `GET /documents/<token>/<name>`: documents linked from chat (Teams cannot take a bot's file in a
 * channel). The token is 192 random bits and is the only key; an unknown or expired one is a plain
 * 404 that says nothing about which. Never cached, never sniffed, never scripted.
 */
export function mountDocuments(app: Express, rt: Runtime): void {
  app.get(["/documents/:token", "/documents/:token/:name"], async (req, res) => {
    res.set({ "cache-control": "private, no-store", "x-content-type-options": "nosniff", "referrer-policy": "no-referrer", "content-security-policy": "default-src 'none'; sandbox" });
    let doc;
    try {
      doc = await sharedDocument(rt, String(req.params.token));
    } catch (error) {
      rt.logger.warn({ err: error }, "could not read a shared document");
      res.status(503).type("text/plain").send("Firebreak cannot read documents right now; try again in a minute.\n");
      return;
    }
    if (!doc) {
      res.status(404).type("text/plain").send("No such document, or its link has expired. Ask Firebreak for it again (e.g. `report`).\n");
      return;
    }
    const filename = doc.name.replace(/[^\w.-]/g, "_");
    res.set("content-disposition", `${SHOWN_AS_TEXT.has(doc.mime) ? "inline" : "attachment"}; filename="${filename}"`);
    res.status(200).type(SHOWN_AS_TEXT.has(doc.mime) ? "text/plain; charset=utf-8" : `${doc.mime}; charset=utf-8`).send(doc.content);
  });
}
