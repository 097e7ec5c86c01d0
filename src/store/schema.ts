import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { Actor, Person } from "../domain/people.js";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** Where a conversation lives on a platform: enough for an adapter to post there later. */
export interface SpaceRef {
  platform: "slack" | "teams" | "shell";
  id: string;
  name: string;
  url?: string;
  /** Adapter-owned data (e.g. a Teams conversation reference). */
  extra?: Record<string, unknown>;
}

export const incidents = pgTable(
  "incidents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    humanId: text("human_id").notNull(),
    title: text("title").notNull(),
    description: text("description"),
    severity: text("severity").notNull(),
    vector: text("vector").notNull(),
    detectionSource: text("detection_source"),
    phase: text("phase").notNull(),
    isPrivate: boolean("is_private").notNull().default(false),
    isDrill: boolean("is_drill").notNull().default(false),
    playbooks: text("playbooks").array().notNull(),
    declaredBy: jsonb("declared_by").$type<Actor>().notNull(),
    origin: jsonb("origin").$type<SpaceRef>(),
    space: jsonb("space").$type<SpaceRef>(),
    spaceName: text("space_name"),
    /** The platform the incident's space lives on (set at declare, before the space exists). */
    spacePlatform: text("space_platform"),
    /** `pending` until the space.open effect has created (or adopted) it, then `ready`. */
    spaceState: text("space_state").notNull().default("ready"),
    startedAt: ts("started_at"),
    detectedAt: ts("detected_at").notNull(),
    declaredAt: ts("declared_at").notNull(),
    notifiedAt: ts("notified_at"),
    containedAt: ts("contained_at"),
    resolvedAt: ts("resolved_at"),
    closedAt: ts("closed_at"),
    lastUpdateAt: ts("last_update_at"),
    /** When the incident was flagged as exposing personal data: starts the regulator clock. */
    personalDataAt: ts("personal_data_at"),
    /** The regulation chosen at flag time: `gdpr`, `hipaa` or `custom` (null on rows flagged before the choice existed: GDPR). */
    regulatorRegime: text("regulator_regime"),
    /** The regulator notification deadline after the flag, in minutes of the incident's own clock. */
    regulatorDeadlineMinutes: integer("regulator_deadline_minutes"),
    regulatorNotifiedAt: ts("regulator_notified_at"),
    /** How many times faster than real time this incident's timers run (drills compress the clock). */
    clockSpeed: integer("clock_speed").notNull().default(1),
    drillScenario: text("drill_scenario"),
    resolution: text("resolution"),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    uniqueIndex("incidents_human_id_key").on(t.humanId),
    uniqueIndex("incidents_space_name_key").on(t.spaceName),
    // A command typed in a channel finds its incident by the space's platform and id.
    index("incidents_space_idx").on(sql`(${t.space} ->> 'platform')`, sql`(${t.space} ->> 'id')`),
    // Open incidents (`list`, App Home, hints), in the order they are shown: closed ones pile up, these do not.
    index("incidents_open_idx").on(t.severity, t.declaredAt).where(sql`${t.phase} <> 'closed'`),
    // `stats` reads the incidents of a period by declaration time.
    index("incidents_declared_at_idx").on(t.declaredAt),
  ],
);

/** One row per series (INC, DRILL) and year: the next human number, handed out by an atomic upsert. */
export const incidentCounters = pgTable(
  "incident_counters",
  {
    series: text("series").notNull().default("INC"),
    year: integer("year").notNull(),
    last: integer("last").notNull(),
  },
  (t) => [primaryKey({ columns: [t.series, t.year] })],
);

export const roleAssignments = pgTable(
  "role_assignments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    incidentId: uuid("incident_id").notNull().references(() => incidents.id),
    role: text("role").notNull(),
    slot: text("slot").notNull(),
    person: jsonb("person").$type<Person>().notNull(),
    assignedAt: ts("assigned_at").notNull(),
    assignedBy: jsonb("assigned_by").$type<Actor>().notNull(),
    endedAt: ts("ended_at"),
    endedBy: jsonb("ended_by").$type<Actor>(),
  },
  (t) => [
    // At most one current holder per role and slot; past holders stay as history.
    uniqueIndex("role_assignments_current_key")
      .on(t.incidentId, t.role, t.slot)
      .where(sql`${t.endedAt} is null`),
    // Access checks read past holders too.
    index("role_assignments_incident_idx").on(t.incidentId),
  ],
);

/**
 * People brought into an incident's response without (or before) a role: the declarer, people
 * invited into its space. With current and past role holders they are its members, who alone
 * see a private incident. Rows are only added: having been in the response stays true.
 */
export const incidentMembers = pgTable(
  "incident_members",
  {
    incidentId: uuid("incident_id").notNull().references(() => incidents.id),
    platform: text("platform").notNull(),
    personId: text("person_id").notNull(),
    person: jsonb("person").$type<Person>().notNull(),
    addedAt: ts("added_at").notNull(),
    addedBy: jsonb("added_by").$type<Actor>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.platform, t.personId] })],
);

export const checklistSteps = pgTable(
  "checklist_steps",
  {
    incidentId: uuid("incident_id").notNull().references(() => incidents.id),
    stepKey: text("step_key").notNull(),
    checked: boolean("checked").notNull(),
    changedAt: ts("changed_at").notNull(),
    changedBy: jsonb("changed_by").$type<Actor>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.stepKey] })],
);

export const EVIDENCE_HASH_OF = ["description", "artefact", "file"] as const;
export type EvidenceHashOf = (typeof EVIDENCE_HASH_OF)[number];

export const evidence = pgTable(
  "evidence",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    incidentId: uuid("incident_id").notNull().references(() => incidents.id),
    description: text("description").notNull(),
    url: text("url"),
    sha256: text("sha256").notNull(),
    /**
     * What `sha256` is the hash of: `description` (the text as typed: all a typed line can give),
     * `artefact` (a hash the responder gave for the file itself, `--sha256`), or `file` (the bytes
     * of a file shared in the incident channel, downloaded and hashed by Firebreak).
     */
    hashOf: text("hash_of").$type<EvidenceHashOf>().notNull().default("description"),
    /** For a file Firebreak hashed: its name and size as the platform gave them. */
    fileName: text("file_name"),
    sizeBytes: bigint("size_bytes", { mode: "number" }),
    collectedBy: jsonb("collected_by").$type<Actor>().notNull(),
    collectedAt: ts("collected_at").notNull(),
  },
  (t) => [index("evidence_incident_idx").on(t.incidentId), check("evidence_hash_of_check", sql.raw(`hash_of in (${EVIDENCE_HASH_OF.map((f) => `'${f}'`).join(", ")})`))],
);

/** Messages the bot posted and keeps up to date (summary, checklists), per platform. */
export const postedMessages = pgTable(
  "posted_messages",
  {
    incidentId: uuid("incident_id").notNull().references(() => incidents.id),
    purpose: text("purpose").notNull(),
    platform: text("platform").notNull(),
    spaceId: text("space_id").notNull(),
    messageId: text("message_id").notNull(),
    postedAt: ts("posted_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.incidentId, t.platform, t.purpose] }),
    // A checkbox or button pressed on a kept message names the message, not the incident.
    index("posted_messages_message_idx").on(t.platform, t.messageId),
  ],
);

/**
 * Every timed prompt and nudge, planned from the incident's state. The row is the outbox: firing
 * flips `status` from `scheduled` with a conditional update in the same transaction as its log
 * row, so a job delivered twice has its effect once. `id` is also the pg-boss job id.
 */
export const reminders = pgTable(
  "reminders",
  {
    id: uuid("id").primaryKey(),
    incidentId: uuid("incident_id").notNull().references(() => incidents.id),
    key: text("key").notNull(),
    kind: text("kind").notNull(),
    fireAt: ts("fire_at").notNull(),
    /** scheduled → fired | skipped | cancelled | done */
    status: text("status").notNull(),
    /** `plan` (derived from incident state) or `snooze` (someone asked to be reminded again). */
    origin: text("origin").notNull().default("plan"),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    createdAt: ts("created_at").notNull(),
    settledAt: ts("settled_at"),
  },
  (t) => [
    uniqueIndex("reminders_incident_key").on(t.incidentId, t.key),
    index("reminders_status_fire_idx").on(t.status, t.fireAt),
  ],
);

/**
 * The append-only, hash-chained record of everything. A migration installs triggers that refuse
 * UPDATE, DELETE and TRUNCATE; `seq` is unique, so concurrent appends cannot fork the chain.
 */
export const incidentLog = pgTable(
  "incident_log",
  {
    seq: bigint("seq", { mode: "number" }).primaryKey(),
    at: ts("at").notNull(),
    actor: jsonb("actor").$type<Actor>().notNull(),
    actorKind: text("actor_kind").notNull(),
    actorId: text("actor_id").notNull(),
    actorName: text("actor_name").notNull(),
    incidentId: uuid("incident_id").references(() => incidents.id),
    text: text("text"),
    kind: text("kind").notNull(),
    outcome: text("outcome").notNull(),
    reason: text("reason"),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [
    uniqueIndex("incident_log_prev_hash_key").on(t.prevHash),
    index("incident_log_incident_idx").on(t.incidentId, t.seq),
  ],
);

/**
 * The outbox: chat effects a command wants (open the space, post, update, pin, topic, invite,
 * a private message), written in the same transaction as the change that caused them and
 * delivered after commit by the deliverer, in `id` order per lane (one lane per incident space or
 * person), each exactly once. A claim is a lease (`claimedBy` until `claimedUntil`), so a worker
 * that dies mid-delivery hands the effect to the next one.
 */
export const effects = pgTable(
  "effects",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    incidentId: uuid("incident_id").references(() => incidents.id),
    lane: text("lane").notNull(),
    platform: text("platform").notNull(),
    kind: text("kind").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    /** pending → done | failed | superseded */
    status: text("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: ts("next_attempt_at").notNull(),
    claimedBy: text("claimed_by"),
    claimedUntil: ts("claimed_until"),
    lastError: text("last_error"),
    /** What the delivery produced (a message id, a space), or what it was about to do. */
    result: jsonb("result").$type<Record<string, unknown>>(),
    createdAt: ts("created_at").notNull(),
    settledAt: ts("settled_at"),
  },
  (t) => [
    index("effects_open_lane_idx").on(t.lane, t.id).where(sql`${t.status} in ('pending', 'failed')`),
    index("effects_incident_idx").on(t.incidentId, t.id),
  ],
);

/**
 * Every platform delivery we acted on (a Slack trigger id, a view submission, an Events API id,
 * a Teams activity id, a form), recorded in the transaction of its effect: a repeat finds the key
 * and is answered with the first outcome instead of acting twice.
 */
export const deliveries = pgTable("deliveries", {
  key: text("key").primaryKey(),
  at: ts("at").notNull(),
  outcome: jsonb("outcome").$type<Record<string, unknown>>(),
});

/** The fields responders write for the post-incident report: one row per field, last word wins. */
export const WRITEUP_FIELDS = ["root-cause", "contributing-factors", "detection-gap", "impact", "lessons-learned"] as const;
export type WriteupField = (typeof WRITEUP_FIELDS)[number];

export const incidentWriteups = pgTable(
  "incident_writeups",
  {
    incidentId: uuid("incident_id").notNull().references(() => incidents.id),
    field: text("field").$type<WriteupField>().notNull(),
    text: text("text").notNull(),
    writtenAt: ts("written_at").notNull(),
    writtenBy: jsonb("written_by").$type<Actor>().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.incidentId, t.field] }),
    check("incident_writeups_field_check", sql.raw(`field in (${WRITEUP_FIELDS.map((f) => `'${f}'`).join(", ")})`)),
  ],
);

/**
 * Follow-up actions from the review (the reference: "assign owners and deadlines for all
 * remediation items"). `number` is the incident's own 1, 2, 3… that `action done <n>` names; they
 * stay open after the incident closes.
 */
export const followUpActions = pgTable(
  "follow_up_actions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    incidentId: uuid("incident_id").notNull().references(() => incidents.id),
    number: integer("number").notNull(),
    text: text("text").notNull(),
    owner: jsonb("owner").$type<Person>().notNull(),
    /** A calendar date (UTC), `YYYY-MM-DD`. */
    dueOn: date("due_on", { mode: "string" }).notNull(),
    doneAt: ts("done_at"),
    doneBy: jsonb("done_by").$type<Actor>(),
    createdAt: ts("created_at").notNull(),
    createdBy: jsonb("created_by").$type<Actor>().notNull(),
  },
  (t) => [
    uniqueIndex("follow_up_actions_number_key").on(t.incidentId, t.number),
    // Open actions by due date: due-date nudges and App Home lists.
    index("follow_up_actions_open_due_idx").on(t.dueOn).where(sql`${t.doneAt} is null`),
  ],
);

/**
 * Documents served at an unguessable link (`/documents/<token>`), for platforms that cannot take
 * a bot's file where the incident lives (Teams channels). One per delivered file effect, so a
 * retried delivery links the same document. Links stop working at `expiresAt`.
 */
export const sharedDocuments = pgTable(
  "shared_documents",
  {
    token: text("token").primaryKey(),
    effectId: bigint("effect_id", { mode: "number" }).notNull(),
    incidentId: uuid("incident_id").notNull().references(() => incidents.id),
    name: text("name").notNull(),
    mime: text("mime").notNull(),
    content: text("content").notNull(),
    createdAt: ts("created_at").notNull(),
    expiresAt: ts("expires_at").notNull(),
  },
  (t) => [uniqueIndex("shared_documents_effect_key").on(t.effectId)],
);

export type IncidentRow = typeof incidents.$inferSelect;
export type RoleAssignmentRow = typeof roleAssignments.$inferSelect;
export type IncidentMemberRow = typeof incidentMembers.$inferSelect;
export type ChecklistStepRow = typeof checklistSteps.$inferSelect;
export type EvidenceRow = typeof evidence.$inferSelect;
export type LogRow = typeof incidentLog.$inferSelect;
export type ReminderRow = typeof reminders.$inferSelect;
export type EffectRow = typeof effects.$inferSelect;
export type WriteupRow = typeof incidentWriteups.$inferSelect;
export type FollowUpActionRow = typeof followUpActions.$inferSelect;
export type SharedDocumentRow = typeof sharedDocuments.$inferSelect;
