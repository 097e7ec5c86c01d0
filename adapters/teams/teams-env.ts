import type { Runtime, TeamsConfig } from "../../src/core.js";
import type { Background } from "./background.js";
import type { TeamsChat } from "./teams-chat.js";

/** What the Teams handlers share: the core, the port, and the queue for slow work. */
export interface TeamsEnv {
  rt: Runtime;
  port: TeamsChat;
  config: TeamsConfig;
  background: Background;
}
