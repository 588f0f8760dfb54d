// A field laptop killed with SIGKILL in the middle of its push, then pushing again: nothing
// is lost and nothing is doubled. The laptop is a real console process on its own data folder
// (tests/db/field-laptop.ts); the central console runs here, on PostgreSQL when it is
// available (else PGlite), behind its host.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyDb } from '../../core/audit/verify.js';
import { startBrowserHost } from '../../core/host/server.js';
import { insertUser } from '../../core/iam/auth.js';
import { createLogger } from '../../core/logger.js';
import { testCore } from '../../core/testing.js';
import { openPglite, type Db } from '../../db/index.js';
import { engines } from './engines.js';
import { TECH } from './field-laptop.js';

const LOGS = 30;
const script = fileURLToPath(new URL('./field-laptop.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'wf-laptop-'));
const cleanup: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
  rmSync(dir, { recursive: true, force: true });
});

/** The laptop process; `until` resolves with its output once it printed that text. */
function laptop(mode: 'prepare' | 'push', centralUrl = '') {
  const { DATABASE_URL: _central, WATCHFLOOR_BROKER_URL: _broker, ...env } = process.env;
  const p = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...env, LAPTOP: mode, LOGS: String(LOGS), CENTRAL_URL: centralUrl, WATCHFLOOR_DATA_DIR: dir, WATCHFLOOR_PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: string[] = [];
  p.stdout.on('data', (d: Buffer) => out.push(d.toString()));
  p.stderr.on('data', (d: Buffer) => out.push(d.toString()));
  const exited = new Promise<number | null>((ok) => p.once('exit', (code) => ok(code)));
  const until = (text: string) => new Promise<string>((ok, fail) => {
    const check = () => out.join('').includes(text) && ok(out.join(''));
    p.stdout.on('data', check);
    check();
    void exited.then(() => (check(), fail(new Error(`the laptop exited before printing ${text}:\n${out.join('')}`))));
  });
  return { p, out, exited, until };
}

const count = async (db: Db, sql: string, params: unknown[] = []) => Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${sql}`, params))[0]!.n);
const photoHashes = async (db: Db) =>
  (await db.query<{ bytes: Uint8Array }>('SELECT bytes FROM fleet.vehicle_log_photos')).map((p) => createHash('sha256').update(p.bytes).digest('hex')).sort();

const engine = engines().find((e) => e.name === 'postgres' && e.available) ?? engines()[0]!;

describe(`a laptop killed mid-push (central on ${engine.name})`, { timeout: 600_000 }, () => {
  it('resumes: every record arrives exactly once, the audit segment continues, both chains verify', async () => {
    const db = await engine.fresh();
    cleanup.push(() => db.close());
    const c = await testCore({ db });
    await db.transaction((tx) => insertUser(tx, { email: TECH.email, displayName: 'Field Tech', password: TECH.password, roles: ['maintenance'] }));
    await db.query("INSERT INTO org.sites (slug, name, time_zone, lat, lon) VALUES ('central', 'Central', 'UTC', 51, 5)");
    const host = await startBrowserHost({ core: c.core, logger: createLogger('test', 'error', () => {}), port: 0, rendererDir: '/nonexistent', resourcesDir: '/nonexistent' });
    cleanup.push(() => host.close());

    const prep = laptop('prepare');
    await prep.until('prepared');
    expect(await prep.exited).toBe(0);

    // The push, killed once some log entries arrived and before all did.
    const first = laptop('push', host.url);
    cleanup.push(async () => first.p.kill('SIGKILL'));
    await first.until('pushing');
    let atKill = 0;
    for (let i = 0; i < 6000 && atKill < 3; i++) {
      atKill = await count(db, 'fleet.vehicle_logs');
      if (atKill < 3) await new Promise((ok) => setTimeout(ok, 50));
    }
    first.p.kill('SIGKILL');
    expect(await first.exited).toBe(null);
    expect(first.out.join('')).not.toContain('"pushed"');
    const afterKill = await count(db, 'fleet.vehicle_logs');
    expect(atKill).toBeGreaterThanOrEqual(3);
    expect(afterKill).toBeLessThan(LOGS);

    // Started again, it pushes the rest.
    const again = laptop('push', host.url);
    const out = await again.until('"pushed"');
    expect(await again.exited).toBe(0);
    const report = JSON.parse(out.split('\n').find((l) => l.includes('"pushed"'))!) as { pushed: { logs: number; commands: number; tickets: number }; unchanged: number; conflicts: unknown[] };
    expect(report.conflicts).toEqual([]);
    // What arrived before the kill is not sent again (a record whose transaction was under way when the laptop died may be either).
    expect(report.pushed.logs).toBeLessThanOrEqual(LOGS - afterKill);
    expect(report.pushed.logs + report.pushed.commands + report.pushed.tickets + report.unchanged).toBe(LOGS + 3 + 2);

    // The laptop's own data, read after it stopped.
    const local = await openPglite(join(dir, 'pgdata'));
    cleanup.push(() => local.close());
    expect((await verifyDb(local)).ok).toBe(true);
    const ids = async (d: Db, tbl: string) => (await d.query<{ id: string }>(`SELECT id FROM ${tbl} ORDER BY id`)).map((r) => r.id);
    // Nothing lost, nothing doubled: the same records, the same photos, one central audit entry each.
    expect(await ids(db, 'fleet.vehicle_logs')).toEqual(await ids(local, 'fleet.vehicle_logs'));
    expect(await ids(db, 'fleet.vehicle_commands')).toEqual(await ids(local, 'fleet.vehicle_commands'));
    expect(await ids(db, 'ops.tickets')).toEqual(await ids(local, 'ops.tickets'));
    expect(await photoHashes(db)).toEqual(await photoHashes(local));
    expect(await count(db, "audit.entries WHERE action = 'field.sync_log' AND outcome = 'success'")).toBe(LOGS);
    expect(await count(db, "audit.entries WHERE action = 'field.sync_command' AND outcome = 'success'")).toBe(3);
    expect(await count(db, "audit.entries WHERE action = 'field.sync_ticket' AND outcome = 'success'")).toBe(2);
    // The segment is the laptop's chain, each entry once, up to the tip recorded centrally.
    const copied = await db.query<{ seq: string; hash: string }>('SELECT seq, hash FROM fleet.field_audit_entries ORDER BY seq');
    const mine = await local.query<{ seq: string; hash: string }>('SELECT seq, hash FROM audit.entries ORDER BY seq');
    expect(copied.length).toBeGreaterThan(LOGS);
    expect(copied).toEqual(mine.slice(0, copied.length));
    const [tip] = await db.query<{ last_seq: string; last_hash: string }>('SELECT last_seq, last_hash FROM fleet.field_sources');
    expect({ seq: tip!.last_seq, hash: tip!.last_hash }).toEqual(copied.at(-1));
    expect((await verifyDb(db)).ok).toBe(true);
  });
});
