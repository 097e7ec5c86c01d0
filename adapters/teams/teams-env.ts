import type { Runtime, TeamsConfig, WorkQueue } from "../../src/core.js";
import type { TeamsChat } from "./teams-chat.js";

/** What the Teams handlers share: the core, the port, and the bounded queue for slow work (busy past it). */
export interface TeamsEnv {
  rt: Runtime;
  port: TeamsChat;
  config: TeamsConfig;
  background: WorkQueue;
}
