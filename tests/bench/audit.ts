import pg from 'pg';
import { GENESIS, hashBody } from '../../core/audit/chain.js';
import { verifyDb } from '../../core/audit/verify.js';
import { audited } from '../../core/audit/write.js';
import type { AuthedContext } from '../../core/trpc.js';
import { insertUser } from '../../core/iam/auth.js';
import { PASSWORD, testCore } from '../../core/testing.js';
import { migrate, openPglite, openPostgres, type Db, type Queryable } from '../../db/index.js';
import { pgliteOn } from './engines.js';

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

/**
 * `db` with the time its transactions' statements take summed by what they are (the audit entry,
 * its signed checkpoint where it runs as a statement of its own, the rest), and its transactions counted, while `on` is set:
 * where an audited change's time goes.
 */
function timed(db: Db) {
  const ms: Record<string, number> = {};
  const state = { on: false, ms, transactions: 0 };
  const kind = (sql: string) => (/audit\.append/.test(sql) ? 'entry' : /add_checkpoint/.test(sql) ? 'checkpoint' : 'change');
  const wrap = (tx: Queryable): Queryable => ({
    exec: (sql) => tx.exec(sql),
    // Run with the COMMIT, in its message on PGlite's thread: its time is counted in the rest.
    ...(tx.atCommit ? { atCommit: tx.atCommit } : {}),
    query: async (sql, params) => {
      const t0 = performance.now();
      try {
        return await tx.query(sql, params);
      } finally {
        if (state.on) {
          const k = kind(sql);
          ms[k] = (ms[k] ?? 0) + performance.now() - t0;
        }
      }
    },
  });
  const transaction: Db['transaction'] = (fn) => {
    if (state.on) state.transactions++;
    return db.transaction((tx) => fn(wrap(tx)));
  };
  return { state, db: { ...db, mode: db.mode, location: db.location, transaction } as Db };
}

/** Audited mutations per second against the same mutation without the audit entry, in one run. */
export async function auditCost(raw: Db, n: number) {
  const { state, db } = timed(raw);
  const t = await testCore({ db });
  const email = `bench${Date.now()}@site.test`;
  await db.transaction((tx) => insertUser(tx, { email, displayName: email, password: PASSWORD, roles: ['admin'] }));
  // Signed in on a connection of its own: the database takes the actor from its session token (0012_audit_guard.sql).
  const conn = { token: null as string | null };
  await t.core.caller('direct', undefined, conn).auth.login({ email, password: PASSWORD });
  const [user] = await db.query<{ id: string; email: string }>('SELECT id, email FROM iam.users WHERE email = $1', [email]);
  const [session] = await db.query<{ id: string }>('SELECT id FROM iam.sessions WHERE user_id = $1', [user!.id]);
  const ctx = { ...t.core.context('direct', conn), requestId: 'bench', path: 'org.renameSite', user: { ...user!, displayName: 'b', sessionId: session!.id, roles: ['admin'], permissions: [], totpEnabled: false } } as AuthedContext;
  // Alternating rounds, so warm-up and background noise fall on both sides alike.
  const plainRounds: number[] = [];
  const auditedRounds: number[] = [];
  for (let round = 0; round < 4; round++) {
    plainRounds.push(await rate(n / 4, (i) => db.transaction((tx) => renameSite(tx, i))));
    state.on = true;
    auditedRounds.push(await rate(n / 4, (i) => audited({ ...ctx, permission: 'org:manage' }, { resourceType: 'site' }, (tx) => renameSite(tx, i))));
    state.on = false;
  }
  const harmonic = (xs: number[]) => Math.round(xs.length / xs.reduce((s, x) => s + 1 / x, 0));
  const plain = harmonic(plainRounds);
  const withAudit = harmonic(auditedRounds);
  // Per audited change (warm-up included in both the count and the time): each kind of statement, and the rest
  // (BEGIN and COMMIT, with the checkpoint where it runs as the transaction commits; the entry's JSON, redaction,
  // the signature in JavaScript).
  const count = state.transactions;
  const msPerAudited = Object.fromEntries(Object.entries(state.ms).map(([k, v]) => [k, Math.round((v / count) * 1000) / 1000]));
  const spent = Object.values(state.ms).reduce((a, b) => a + b, 0) / count;
  msPerAudited.rest = Math.round((1000 / withAudit - spent) * 1000) / 1000;
  return { mutations: n, plainPerSec: plain, auditedPerSec: withAudit, auditCostPercent: Math.round((1 - withAudit / plain) * 1000) / 10, targetPercent: 30, plainMs: Math.round((1000 / plain) * 1000) / 1000, msPerAudited };
}

/**
 * PostgreSQL's text form of a jsonb object: keys shortest first, then by
 * bytes, `", "` and `": "` between them (enough for the plain ASCII values here).
 */
function jsonbText(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const keys = Object.keys(value).sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
  return `{${keys.map((k) => `${JSON.stringify(k)}: ${jsonbText((value as Record<string, unknown>)[k])}`).join(', ')}}`;
}

/** Appends `n` entries fast: hashed here, as audit.append would, and inserted 5,000 a statement. */
export async function fillChain(db: Db, n: number): Promise<number> {
  const [tip] = await db.query<{ seq: string; hash: string }>('SELECT seq, hash FROM audit.entries ORDER BY seq DESC LIMIT 1');
  let prev = tip?.hash ?? GENESIS;
  const first = Number(tip?.seq ?? 0) + 1;
  const last = first + n - 1;
  for (let start = first; start <= last; start += 5000) {
    const rows: [string, string, string][] = [];
    for (let seq = start; seq <= Math.min(start + 4999, last); seq++) {
      const body = jsonbText({
        at: new Date(Date.UTC(2026, 0, 1) + seq * 1000).toISOString(), seq, action: 'bench.write', outcome: 'success',
        newValues: { n: seq }, actorEmail: 'bench@site.test', resourceId: String(seq), resourceType: 'thing',
      });
      const hash = hashBody(prev, body);
      rows.push([body, prev, hash]);
      prev = hash;
    }
    await db.query('INSERT INTO audit.entries (body, prev_hash, hash) SELECT * FROM unnest($1::jsonb[], $2::text[], $3::text[])', [
      rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2]),
    ]);
  }
  return last;
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

/** Both engines: PGlite in memory (on its own thread, as the hosts open it, unless `--pglite-in-process`), PostgreSQL on a scratch database when one answers. */
export async function auditBench(opts: { mutations: number; entries: number }) {
  const out: Record<string, unknown> = {};
  const pglite = await openPglite(undefined, undefined, { thread: pgliteOn === 'thread' });
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
