import { PGlite } from '@electric-sql/pglite';
let t=Date.now(); const db = new PGlite(); await db.query('select 1'); console.log('create', Date.now()-t);
await db.exec('create table t(a int); insert into t values (1)');
console.log(typeof db.clone);
t=Date.now(); const c = await db.clone(); await c.query('select * from t'); console.log('clone', Date.now()-t);
t=Date.now(); const r = await db.query("select gen_random_uuid(), pg_advisory_xact_lock(1), version()"); console.log(r.rows, Date.now()-t);
