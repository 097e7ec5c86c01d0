import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { loadConfig } from "../../src/config.js";
import { computeStats } from "../../src/metrics/aggregate.js";
import { loadStatsIncidents } from "../../src/metrics/load.js";
import { parseStatsPeriod } from "../../src/metrics/period.js";
import { openPostgres } from "../../src/store/db.js";
import { adminQuery as admin } from "../support/database.js";

/**
 * `npm run bench:stats`: how long `stats` takes to load and compute its figures. Seeds 20,000
 * incidents declared over two years (one every ~53 minutes, 5 % drills), each with 14 log rows of
 * which 5 are history rows (declare, severity, three moves) and 9 are notes and checks the query
 * must skip: 280,000 log rows. Times loadStatsIncidents + computeStats per period (median of 5
 * runs) and prints the query plans. Runs in a scratch database on DATABASE_URL's server (default
 * postgres://postgres@127.0.0.1:5432/test), dropped afterwards.
 */
const INCIDENTS = 20_000;
const ROWS_PER_INCIDENT = 14;
const RUNS = 5;


async function seed(db: Awaited<ReturnType<typeof openPostgres>>["db"], now: Date) {
  await db.execute(sql`
    insert into incidents (human_id, title, severity, vector, detection_source, phase, playbooks, declared_by, is_drill,
                           declared_at, detected_at, started_at, notified_at, contained_at, resolved_at, closed_at)
    select 'INC-B-' || i, 'bench ' || i, (array['P1','P2','P3','P4'])[1 + i % 4],
           (array['prompt-injection','data-poisoning','model-theft','supply-chain','unknown'])[1 + i % 5],
           (array['monitoring','user-report','security-team','external','audit', null])[1 + i % 6],
           case when i % 3 = 0 then 'investigation' else 'closed' end, array['triage'], '{"kind":"system","name":"bench"}'::jsonb, i % 20 = 0,
           d, d - interval '10 minutes', case when i % 2 = 0 then d - interval '70 minutes' end,
           d + interval '40 minutes', d + (i % 300) * interval '1 minute', case when i % 3 <> 0 then d + (i % 4000) * interval '1 minute' end,
           case when i % 3 <> 0 then d + interval '5 days' end
    from (select i, ${now.toISOString()}::timestamptz - i * interval '52.56 minutes' as d from generate_series(1, ${INCIDENTS}) i) s`);
  await db.execute(sql`
    insert into incident_log (seq, at, actor, actor_kind, actor_id, actor_name, incident_id, text, kind, outcome, payload, prev_hash, hash)
    select row_number() over (order by i.declared_at, k), i.declared_at + k * interval '1 minute', '{"kind":"system","name":"bench"}'::jsonb, 'system', 'system', 'bench', i.id, null,
           case k when 1 then 'declare' when 2 then 'severity' when 3 then 'status' when 4 then 'status' when 5 then 'resolve' when 6 then 'check' else 'note' end,
           'ok',
           case k when 1 then jsonb_build_object('severity', 'P2') when 2 then jsonb_build_object('from', 'P2', 'to', i.severity, 'changed', true)
                  when 3 then '{"from":"triage","to":"containment"}'::jsonb when 4 then '{"from":"containment","to":"investigation"}'::jsonb
                  when 5 then '{"from":"investigation","to":"resolved"}'::jsonb else '{"text":"bench"}'::jsonb end,
           md5(i.id::text || k) || md5(k || i.id::text), md5('h' || i.id::text || k) || md5(k || 'h' || i.id::text)
    from incidents i cross join generate_series(1, ${ROWS_PER_INCIDENT}) k`);
  await db.execute(sql`analyze`);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const server = loadConfig().database.url ?? "postgres://postgres@127.0.0.1:5432/test";
  const name = `fb_bench_${randomBytes(4).toString("hex")}`;
  await admin(server, `create database ${name}`);
  const u = new URL(server);
  u.pathname = `/${name}`;
  const database = await openPostgres(u.toString());
  try {
    const now = new Date();
    const seedStart = performance.now();
    await seed(database.db, now);
    console.log(`seeded ${INCIDENTS} incidents and ${INCIDENTS * ROWS_PER_INCIDENT} log rows in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
    const quarter = `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
    for (const token of ["30d", "90d", quarter, "all"]) {
      const period = parseStatsPeriod(token, now);
      const load: number[] = [];
      const compute: number[] = [];
      let counted = 0;
      for (let run = 0; run < RUNS; run++) {
        const t0 = performance.now();
        const incidents = await loadStatsIncidents(database.db, period);
        const t1 = performance.now();
        counted = computeStats(incidents, loadConfig({}).targets, now).incidents;
        compute.push(performance.now() - t1);
        load.push(t1 - t0);
      }
      console.log(`${token.padEnd(8)} ${String(counted).padStart(6)} incidents: load ${median(load).toFixed(0)} ms, compute ${median(compute).toFixed(0)} ms (median of ${RUNS})`);
    }
    // The plans of the two queries loadStatsIncidents runs, for a short and a longer period.
    for (const token of ["30d", "90d"]) {
      const from = parseStatsPeriod(token, now).from!.toISOString();
      const ids = (await database.db.execute(sql`select id from incidents where declared_at >= ${from} and not is_drill`)) as unknown as { rows: { id: string }[] };
      const array = `{${ids.rows.map((r) => r.id).join(",")}}`;
      for (const query of [
        sql`explain analyze select * from incidents where declared_at >= ${from} order by declared_at`,
        sql`explain analyze select incident_id, seq, at, kind, outcome, payload from incident_log where incident_id = any(${array}::uuid[]) and outcome = 'ok' and kind in ('declare','severity','status','resolve','close','milestone')`,
      ]) {
        const plan = (await database.db.execute(query)) as unknown as { rows: { "QUERY PLAN": string }[] };
        // The id array makes some lines very long: the plan's shape is in the first characters.
        console.log(`${token}:\n${plan.rows.map((r) => `  ${r["QUERY PLAN"].slice(0, 140)}`).join("\n")}`);
      }
    }
  } finally {
    await database.close();
    await admin(server, `drop database if exists ${name} with (force)`);
  }
}

await main();
