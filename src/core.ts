/**
 * The core as adapters see it: the one door from adapters/ into src/. Adapters translate platform
 * requests into these calls and render what comes back; they never reach the store or a verb.
 * test/architecture.test.ts keeps it so.
 */
export { runCommand, executeCommand, type Outcome, type Request } from "./app/run-command.js";
export { pressCheckbox, type CheckboxPress } from "./app/press-checkbox.js";
export { NUDGE_ACTIONS, pressNudgeButton, type NudgeButtonPress } from "./app/press-nudge-button.js";
export { checkInput, type DeclareDraft, declareFormRequest, type InputCheck, isBareCommand } from "./app/check-input.js";
export { currentMessage, incidentById, incidentInSpace, incidentView, isFirstDelivery, logInteraction, openIncidentViews, postedMessage, type Viewer, visibleIncident } from "./app/lookups.js";
export { createRuntime } from "./app/create-runtime.js";
export { busyMessage, type WorkLimits, WorkQueue } from "./app/work-queue.js";
export { actionsOwnedBy, sharedDocument, statsView, writeupFields } from "./app/home-data.js";
export { WRITEUP_FORM_ACTION } from "./commands/writeup.js";
export { WRITEUP_LABELS } from "./report/labels.js";
export { WRITEUP_FIELDS, type WriteupField } from "./store/schema.js";
export type { Runtime } from "./app/runtime.js";
export type { Deliverer } from "./effects/deliverer.js";
export type { CommandInput } from "./commands/registry.js";
export type { PersonRef } from "./commands/command.js";
export { TITLE_MAX } from "./commands/command.js";

export { type Block, type Button, type ChecklistItem, type Field, type Inline, type Message, plain, textMessage } from "./chat/message.js";
export type { ChatFile, ChatPort, DeliveryFailure, MessageRef, PostedFile, ResolvedPerson, SpaceRef } from "./chat/port.js";
export { errorMessage } from "./chat/views/replies.js";
export { holder, progress } from "./chat/views/summary.js";
export type { IncidentView } from "./incidents/queries.js";
export type { IncidentRow } from "./store/schema.js";

export { ATTACK_VECTOR_INFO, ATTACK_VECTORS } from "./domain/attack-vector.js";
export { MAX_CHANNEL_NAME } from "./domain/channel-name.js";
export { DETECTION_SOURCE_INFO, DETECTION_SOURCES } from "./domain/detection-source.js";
export { type Phase, PHASE_LABELS, TRANSITIONS } from "./domain/lifecycle.js";
export type { Actor, Person, Platform } from "./domain/people.js";
export { ROLE_INFO, ROLES, type Role, SLOTS, type Slot } from "./domain/roles.js";
export { SEVERITIES, SEVERITY_LEVELS, type Severity } from "./domain/severity.js";
export { formatClock, formatDuration, formatUtc } from "./domain/time.js";
export { DEFAULT_TIME_ZONE, formatInZone, type TimeShow } from "./domain/time-zone.js";
export { numberedSteps } from "./playbooks/index.js";
export { CoreError, SpaceNameTakenError } from "./errors.js";

export { systemClock, type Clock } from "./clock.js";
export { redactingLogOptions } from "./security/log-redaction.js";
export { redactSecrets } from "./security/redact.js";
export { type Config, ConfigError, demoEnvironment, loadConfig } from "./config.js";
export type { SlackConfig } from "./config/slack.js";
export type { TeamsConfig } from "./config/teams.js";
export { type Database, openDatabase } from "./store/db.js";
export { DataDirLockedError } from "./store/data-dir-lock.js";
export { type DatabaseSettings, describeDatabaseError, errorCode as databaseErrorCode, plainMessage } from "./store/database-errors.js";
export { type Scheduler, startScheduler, tuningFrom } from "./scheduler/scheduler.js";
