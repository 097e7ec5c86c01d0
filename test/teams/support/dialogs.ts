import { dialogForm, taskFetch, taskSubmit } from "./activities.js";
import { ALICE, type TeamsHarness } from "./harness.js";

type Account = { id: string; aadObjectId?: string; name: string };

/**
 * Presses a form button (`task/fetch`), fills the dialog Teams shows and sends it (`task/submit`),
 * as one person would. Returns both answers: the dialog, and what the submission said.
 */
export async function fillDialog(h: TeamsHarness, conversationId: string, open: Record<string, unknown>, inputs: Record<string, unknown>, from: Account = ALICE): Promise<{ opened: any; submitted: any; data: Record<string, unknown> }> {
  const opened = await h.send(taskFetch(h.fake.url, conversationId, open, from));
  const { data } = dialogForm(opened.body);
  const submitted = await h.send(taskSubmit(h.fake.url, conversationId, { ...data, ...inputs }, from));
  await h.mounted.idle();
  return { opened: opened.body, submitted: submitted.body, data };
}
