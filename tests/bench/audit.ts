import pg from 'pg';
import { verifyDb } from '../../core/audit/verify.js';
import { audited } from '../../core/audit/write.js';
import type { AuthedContext } from '../../core/trpc.js';
import { testCore } from '../../core/testing.js';
import { migrate, openPglite, openPostgres, type Db, type Queryable } from '../../db/index.js';

/** A realistic small mutation: read the row, change it, read it back (what an edit procedure does). */
async function renameSite(tx: Queryable, i: number) {
  const [before] = await tx.query<{ id: string; name: string }>(`SELECT id, name FROM org.sites WHERE slug = 'lindenhof'`);
  await tx.query('UPDATE org.sites SET name = $2 WHERE id = $1', [before!.id, `Lindenhof ${i}`]);
  const [after] = await tx.query<{ name: string }>('SELECT name FROM org.sites WHERE id = $1', [before!.id]);
  return { result: after, resourceId: before!.id, oldValues: { name: before!.name }, newValues: { name: after!.name } };
}

async function rate(n: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < Math.min(50, n); i++) await fn(i); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn(i);
  return Math.round(n / ((performance.now() - t0) / 1000));
}

/** Audited mutations per second against the same mutation without the audit entry, in one run. */
export async function auditCost(db: Db, n: number) {
  const t = await testCore({ db });
  await t.signedIn(['admin'], `bench${Date.now()}@site.test`);
  const [user] = await db.query<{ id: string; email: string }>(`SELECT id, email FROM iam.users WHERE email LIKE 'bench%' ORDER BY created_at DESC LIMIT 1`);
  const [session] = await db.query<{ id: string }>('SELECT id FROM iam.sessions WHERE user_id = $1', [user!.id]);
  const ctx = { ...t.core.context('direct'), requestId: 'bench', path: 'org.renameSite', user: { ...user!, displayName: 'b', sessionId: session!.id, roles: ['admin'], permissions: [], totpEnabled: false } } as AuthedContext;
  const plain = await rate(n, (i) => db.transaction((tx) => renameSite(tx, i)));
  const withAudit = await rate(n, (i) => audited(ctx, 'org:manage', { resourceType: 'site' }, (tx) => renameSite(tx, i)));
  return { mutations: n, plainPerSec: plain, auditedPerSec: withAudit, auditCostPercent: Math.round((1 - withAudit / plain) * 1000) / 10, targetPercent: 30 };
}

/** Appends `n` entries through audit.append itself, 20,000 a statement. */
async function fillChain(db: Db, n: number): Promise<number> {
  for (let done = 0; done < n; done += 20_000) {
    await db.query(
      `SELECT audit.append(jsonb_build_object('at', to_char(timestamptz '2026-01-01Z' + g * interval '1 second' AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
         'actorEmail', 'bench@site.test', 'action', 'bench.write', 'resourceType', 'thing', 'resourceId', g::text,
         'newValues', jsonb_build_object('n', g), 'outcome', 'success'))
       FROM generate_series($1::int, $2::int) g`,
      [done + 1, Math.min(done + 20_000, n)],
    );
  }
  const [tip] = await db.query<{ seq: string }>('SELECT max(seq) AS seq FROM audit.entries');
  return Number(tip!.seq);
}

/** audit:verify over `n` more entries; the floor is the database reading the same rows without hashing them. */
export async function verifyThroughput(db: Db, n: number) {
  const t0 = performance.now();
  const total = await fillChain(db, n);
  const fillSec = (performance.now() - t0) / 1000;
  const r0 = performance.now();
  await db.query(`SELECT count(*), sum(length(body::text) + length(prev_hash) + length(hash)) FROM audit.entries`);
  const readSec = (performance.now() - r0) / 1000;
  const v0 = performance.now();
  const result = await verifyDb(db);
  const verifySec = (performance.now() - v0) / 1000;
  if (!result.ok || result.count !== total) throw new Error(`verify failed on the bench chain: ${JSON.stringify(result.problem)}`);
  const round = (x: number) => Math.round(x * 100) / 100;
  return { entries: total, fillSec: round(fillSec), readOnlySec: round(readSec), verifySec: round(verifySec), entriesPerSec: Math.round(total / verifySec), ratioToRead: round(verifySec / readSec), targetSec: 10 };
}

/** Both engines: PGlite in memory, PostgreSQL on a scratch database when one answers. */
export async function auditBench(opts: { mutations: number; entries: number }) {
  const out: Record<string, unknown> = {};
  const pglite = await openPglite();
  await migrate(pglite);
  out.pglite = { ...(await auditCost(pglite, opts.mutations)), verify: await verifyThroughput(pglite, opts.entries) };
  await pglite.close();
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2000 });
  try {
    await admin.connect();
  } catch {
    out.postgres = 'skipped: no PostgreSQL on 127.0.0.1:5432';
    return out;
  }
  const name = `wf_bench_${process.pid}`;
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const db = await openPostgres(url.toString());
    await migrate(db);
    out.postgres = { ...(await auditCost(db, opts.mutations)), verify: await verifyThroughput(db, opts.entries) };
    await db.close();
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
  return out;
}
