/**
 * History for the flat-cost benchmark and the index tests, written in bulk with generate_series
 * (not through commands): closed incidents declared at a steady rate going back in time, each with
 * the rows a real one leaves behind (roles, members, checklist, evidence, posted messages,
 * reminders, outbox effects, a follow-up action and its log). Seed incident `i` always gets the
 * same id, so the history can be grown in steps (100 → 1,000 → 10,000) in one database.
 *
 * The log: seeded rows continue the chain's sequence and each points at the previous row's hash
 * (the unique prev_hash index holds, and appends after them chain on as usual), but their hashes
 * are stand-ins, not hashes of their content: `verify` would stop at the first seeded row.
 * Verification reads the whole log by nature and is not part of this measurement.
 */
import { sql } from "drizzle-orm";
import { type Db, rowsOf } from "../../src/store/db.js";

export interface SeedShape {
  /** Log rows per seeded incident (100 → 1M rows at 10,000 incidents). */
  logPerIncident: number;
  /** Seeded incidents declared per day, going back from `now` (5/day: 10,000 ≈ 5½ years). */
  perDay: number;
}

export const DEFAULT_SHAPE: SeedShape = { logPerIncident: 100, perDay: 5 };

const seedId = (expr: string) => `md5('flat-seed-' || ${expr})::uuid`;

/** Adds seed incidents `from` … `to - 1` (1-based) with their rows, declared before `now`. */
export async function seedHistory(db: Db, from: number, to: number, now: Date, shape: SeedShape = DEFAULT_SHAPE): Promise<void> {
  if (to <= from) return;
  const minutesApart = Math.round((24 * 60) / shape.perDay);
  // Seed i was declared i × minutesApart before now; everything else hangs off that moment.
  const range = `generate_series(${from}, ${to - 1}) i, lateral (select '${now.toISOString()}'::timestamptz - i * interval '${minutesApart} minutes' as d) x`;
  const id = seedId("i");
  const seedActor = `'{"kind":"shell","name":"seed","userId":"seed"}'::jsonb`;
  const person = (expr: string) => `jsonb_build_object('id', ${expr}, 'name', ${expr}, 'platform', 'shell')`;
  const statements = [
    `insert into incidents (id, human_id, title, severity, vector, phase, is_private, is_drill, playbooks, declared_by, origin, space, space_name, space_platform, space_state,
        detected_at, declared_at, contained_at, resolved_at, closed_at, last_update_at, resolution, version)
     select ${id}, 'INC-SEED-' || lpad(i::text, 6, '0'), 'Seeded incident ' || i, (array['P1','P2','P3','P4'])[1 + i % 4], 'prompt-injection', 'closed', i % 10 = 0, false,
        array['first-hour','triage','evidence','containment-now','review'], ${seedActor}, '{"id":"C-general","name":"general","platform":"shell"}'::jsonb,
        jsonb_build_object('id', 'C-seed-' || i, 'name', 'seed-' || i, 'platform', 'shell'), 'seed-' || i, 'shell', 'ready',
        d - interval '10 minutes', d, d + interval '2 hours', d + interval '1 day', d + interval '2 days', d + interval '1 day', 'fixed', 12
     from ${range}`,
    `insert into role_assignments (incident_id, role, slot, person, assigned_at, assigned_by, ended_at, ended_by)
     select ${id}, r.role, 'primary', ${person("'p' || ((i + r.n) % 50)")}, d, ${seedActor}, case when r.n = 3 then d + interval '1 hour' end, case when r.n = 3 then ${seedActor} end
     from ${range}, (values (1, 'commander'), (2, 'tech-lead'), (3, 'comms-lead')) r(n, role)`,
    `insert into incident_members (incident_id, platform, person_id, person, added_at, added_by)
     select ${id}, 'shell', 'p' || ((i + k) % 50), ${person("'p' || ((i + k) % 50)")}, d, ${seedActor}
     from ${range}, generate_series(1, 3) k`,
    `insert into checklist_steps (incident_id, step_key, checked, changed_at, changed_by)
     select ${id}, 'seed.step-' || k, k % 3 <> 0, d + k * interval '1 minute', ${seedActor} from ${range}, generate_series(1, 10) k`,
    `insert into evidence (incident_id, description, url, sha256, collected_by, collected_at)
     select ${id}, 'seed evidence ' || k, 's3://seed/' || i || '/' || k, encode(sha256(convert_to(i || '/' || k, 'UTF8')), 'hex'), ${seedActor}, d + k * interval '5 minutes'
     from ${range}, generate_series(1, 2) k`,
    `insert into posted_messages (incident_id, purpose, platform, space_id, message_id, posted_at)
     select ${id}, p.purpose, 'shell', 'C-seed-' || i, 'seed-m-' || i || '-' || p.n, d
     from ${range}, (values (1, 'summary'), (2, 'prompt:fh-0'), (3, 'checklist:triage'), (4, 'checklist:evidence'), (5, 'phase:triage')) p(n, purpose)`,
    `insert into reminders (id, incident_id, key, kind, fire_at, status, origin, payload, created_at, settled_at)
     select md5('flat-reminder-' || i || '-' || k)::uuid, ${id}, 'seed:' || k, 'prompt', d + k * interval '5 minutes', case when k % 4 = 0 then 'cancelled' else 'fired' end, 'plan',
        jsonb_build_object('window', 'fh-' || k), d, d + k * interval '5 minutes'
     from ${range}, generate_series(1, 25) k`,
    `insert into effects (incident_id, lane, platform, kind, payload, status, attempts, next_attempt_at, result, created_at, settled_at)
     select ${id}, 'incident:' || ${id}, 'shell', case when k = 1 then 'space.open' else 'post' end, jsonb_build_object('incidentId', ${id}, 'purpose', 'seed-' || k), 'done', 1, d, '{}'::jsonb, d, d + interval '1 second'
     from ${range}, generate_series(1, 15) k`,
    // Old actions are done; only the newest few hundred seeds have open ones, so the open set stays small.
    `insert into follow_up_actions (incident_id, number, text, owner, due_on, done_at, done_by, created_at, created_by)
     select ${id}, 1, 'Seeded follow-up ' || i, ${person("'p' || (i % 50)")}, (d + interval '14 days')::date, case when i % 20 = 0 and i <= 400 then null else d + interval '10 days' end,
        case when i % 20 = 0 and i <= 400 then null else ${seedActor} end, d, ${seedActor}
     from ${range}`,
  ];
  for (const statement of statements) await db.execute(sql.raw(statement));
  await seedLog(db, from, to, now, minutesApart, shape.logPerIncident);
}

/** `logPerIncident` rows per seed incident, appended after the current head of the chain. */
async function seedLog(db: Db, from: number, to: number, now: Date, minutesApart: number, perIncident: number): Promise<void> {
  const [head] = rowsOf<{ seq: string | number; hash: string }>(await db.execute(sql`select seq, hash from incident_log order by seq desc limit 1`));
  const base = Number(head?.seq ?? 0);
  const headHash = head?.hash ?? "0".repeat(64);
  const kinds = `(array['note','check','assign','evidence','reminder.fired','uncheck','update','dismiss'])`;
  const fake = (seq: string) => `encode(sha256(convert_to('flat-seed-log:' || (${seq}), 'UTF8')), 'hex')`;
  // In chunks of incidents, so no single statement holds millions of rows in one go.
  const chunk = Math.max(1, Math.floor(100_000 / perIncident));
  for (let start = from; start < to; start += chunk) {
    const end = Math.min(to, start + chunk);
    const offset = base + (start - from) * perIncident;
    await db.execute(
      sql.raw(`insert into incident_log (seq, at, actor, actor_kind, actor_id, actor_name, incident_id, text, kind, outcome, reason, payload, prev_hash, hash)
        select s.seq, '${now.toISOString()}'::timestamptz - i * interval '${minutesApart} minutes' + k * interval '1 minute',
          '{"kind":"shell","name":"seed","userId":"seed"}'::jsonb, 'shell', 'seed', 'seed', ${seedId("i")}, '/incident seeded ' || k,
          ${kinds}[1 + k % 8], 'ok', null, jsonb_build_object('n', k),
          case when s.seq = ${base + 1} then '${headHash}' else ${fake("s.seq - 1")} end, ${fake("s.seq")}
        from generate_series(${start}, ${end - 1}) i, generate_series(1, ${perIncident}) k,
          lateral (select ${offset} + (i - ${start}) * ${perIncident} + k as seq) s`),
    );
  }
}

/** Fresh statistics after a bulk load, as autovacuum would gather them soon after. */
export async function analyze(db: Db): Promise<void> {
  await db.execute(sql`analyze`);
}
