/**
 * Every Web API method Firebreak calls, with the bot scopes it needs. manifest.yml asks for
 * exactly the union of these (plus `commands`); a test keeps the three in step.
 */
export const METHOD_SCOPES: Record<string, readonly string[]> = {
  "auth.test": [],
  // Public incident channels need channels:manage; private ones (`--private`) groups:write.
  "conversations.create": ["channels:manage", "groups:write"],
  "conversations.setTopic": ["channels:manage", "groups:write"],
  "conversations.invite": ["channels:manage", "groups:write"],
  // Who is in an incident's channel decides who sees a private incident: channels:read for
  // public channels, groups:read for private ones.
  "conversations.members": ["channels:read", "groups:read"],
  "chat.postMessage": ["chat:write"],
  "chat.update": ["chat:write"],
  "chat.delete": ["chat:write"],
  "chat.postEphemeral": ["chat:write"],
  "pins.add": ["pins:write"],
  // After a crash: was this post already made (message metadata), was this channel already ours?
  "conversations.history": ["channels:history", "groups:history"],
  "conversations.list": ["channels:read", "groups:read"],
  "users.info": ["users:read"],
  "users.list": ["users:read"],
  // Reports and whole timelines go to the incident channel as files (files.uploadV2 calls
  // files.getUploadURLExternal, then files.completeUploadExternal).
  "files.uploadV2": ["files:write"],
  "files.getUploadURLExternal": ["files:write"],
  "files.completeUploadExternal": ["files:write"],
  // A file shared in an incident channel is looked up, downloaded and hashed as evidence.
  "files.info": ["files:read"],
  // Modals and the App Home tab need no scope.
  "views.open": [],
  "views.publish": [],
};

/** The slash command itself. */
export const COMMAND_SCOPE = "commands";

export function requiredBotScopes(): string[] {
  return [...new Set([COMMAND_SCOPE, ...Object.values(METHOD_SCOPES).flat()])].sort();
}

/** How a missing scope is named to a person: "channels:manage (groups:write for private channels)". */
export function scopeHint(method: string): string | undefined {
  const scopes = METHOD_SCOPES[method];
  if (!scopes?.length) return undefined;
  return scopes.length === 2 && scopes[1] === "groups:write" ? `${scopes[0]} (groups:write for private channels)` : scopes.join(", ");
}
