import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { advanceAnchor, anchorFile, readAnchor } from '../../core/audit/anchor.js';
import { signingDb } from '../../core/audit/signed-db.js';
import { AuditSigner, signingKeyFile } from '../../core/audit/signing.js';
import { appendAudit, type AuditInput } from '../../core/audit/store.js';
import { verifyDb } from '../../core/audit/verify.js';
import { verifySigned } from '../../core/audit/verify-signed.js';
import { migrate, openDb, type Db } from '../../db/index.js';
import { engines, pgliteThread } from './engines.js';

const input = (i: number): AuditInput => ({
  actorId: null, actorEmail: 'writer@site.test', sessionId: null, action: 'test.write', resourceType: 'thing', resourceId: String(i),
  siteId: null, oldValues: null, newValues: { i }, lat: null, lon: null, requestId: null, outcome: 'success', reason: null,
});
const append = (db: Db, i: number) => db.transaction((tx) => appendAudit(tx, input(i), new Date()));
/** What someone with the owner's or a superuser's rights can do around the triggers. */
const tamper = (db: Db, sql: string) =>
  db.exec(`ALTER TABLE audit.entries DISABLE TRIGGER USER; ALTER TABLE audit.checkpoints DISABLE TRIGGER USER; ${sql};
           ALTER TABLE audit.entries ENABLE TRIGGER USER; ALTER TABLE audit.checkpoints ENABLE TRIGGER USER;`);
/** A forged entry appended with a correct link and hash, as the database itself would compute them. */
const FORGE = `INSERT INTO audit.entries (body, prev_hash, hash)
  SELECT b, t.hash, encode(sha256(convert_to(t.hash || E'\\n' || b::text, 'UTF8')), 'hex')
  FROM (SELECT seq, hash FROM audit.entries ORDER BY seq DESC LIMIT 1) t,
       LATERAL (SELECT jsonb_build_object('seq', t.seq + 1, 'at', '2026-01-01T00:00:00.000Z', 'action', 'iam.create_user',
                  'actorEmail', 'admin@site.test', 'outcome', 'success') AS b) x`;

// On PGlite's thread, as the hosts open it, the checkpoint travels with the COMMIT (db/types.ts, atCommit).
for (const engine of [...engines(), pgliteThread]) {
  describe.skipIf(!engine.available)(`signed audit checkpoints on ${engine.name}`, () => {
    let raw: Db;
    let db: Db;
    const signer = AuditSigner.generate();
    const dir = mkdtempSync(join(tmpdir(), 'wf-anchor-'));
    const anchor = () => readAnchor(anchorFile(dir));
    afterEach(async () => raw?.close());

    async function signedLog(n: number) {
      raw = await engine.fresh();
      await migrate(raw);
      db = signingDb(raw, signer);
      for (let i = 1; i <= n; i++) await append(db, i);
    }

    // The console's ingest writes through the signing database: losing the engine's COPY made every batch take the slower path.
    it("keeps the engine's COPY and its statements at commit", async () => {
      await signedLog(0);
      await raw.exec('CREATE TABLE copied (v text)');
      const offered = await raw.transaction(async (tx) => ({ copyIn: Boolean(tx.copyIn), atCommit: Boolean(tx.atCommit) }));
      const kept = await db.transaction(async (tx) => {
        await tx.copyIn?.('copied (v)', 'a\nb\n');
        return { copyIn: Boolean(tx.copyIn), atCommit: Boolean(tx.atCommit) };
      });
      expect(kept).toEqual(offered);
      expect(await raw.query('SELECT v FROM copied ORDER BY v')).toEqual(offered.copyIn ? [{ v: 'a' }, { v: 'b' }] : []);
    });

    it('signs every entry in its transaction; an intact log verifies', async () => {
      await signedLog(20);
      const [c] = await raw.query<{ n: number }>('SELECT count(*)::int AS n FROM audit.checkpoints WHERE key_id = $1', [signer.keyId]);
      expect(c!.n).toBe(20);
      expect(await verifySigned(raw, signer, null)).toMatchObject({ ok: true, count: 20, signed: 20 });
      // A change that rolls back leaves neither entry nor checkpoint.
      await expect(db.transaction(async (tx) => {
        await appendAudit(tx, input(99), new Date());
        throw new Error('rolled back');
      })).rejects.toThrow('rolled back');
      expect(await verifySigned(raw, signer, null)).toMatchObject({ ok: true, count: 20, signed: 20 });
    });

    it('takes the entry and the change with it when the database refuses the checkpoint', async () => {
      await signedLog(3);
      await raw.exec('CREATE TABLE public.changed (v int)');
      const badSigner = Object.assign(AuditSigner.generate(), { sign: () => 'too short' });
      const bad = signingDb(raw, badSigner);
      await expect(bad.transaction(async (tx) => {
        await tx.query('INSERT INTO public.changed VALUES (1)');
        await appendAudit(tx, input(4), new Date());
      })).rejects.toMatchObject({ code: '23514' });
      expect(await raw.query('SELECT * FROM public.changed')).toEqual([]);
      expect(await verifySigned(raw, signer, null)).toMatchObject({ ok: true, count: 3, signed: 3 });
      await append(db, 4); // and the next entry is numbered as if nothing happened
      expect(await verifySigned(raw, signer, null)).toMatchObject({ ok: true, count: 4, signed: 4 });
    });

    it('names truncation: by the checkpoints, and by the anchor when those were removed too', async () => {
      await signedLog(12);
      await advanceAnchor(raw, signer, anchorFile(dir), new Date());
      expect(anchor()).toMatchObject({ seq: 12, keyId: signer.keyId });
      await tamper(raw, 'DELETE FROM audit.entries WHERE seq > 9');
      expect((await verifyDb(raw)).ok).toBe(true); // the chain alone cannot tell
      expect((await verifySigned(raw, signer, null)).problem).toEqual({ seq: 10, reason: expect.stringMatching(/^truncated: entries 10–12 are gone/) });
      await tamper(raw, 'DELETE FROM audit.checkpoints WHERE seq > 9');
      expect((await verifySigned(raw, signer, null)).ok).toBe(true);
      expect((await verifySigned(raw, signer, anchor())).problem).toEqual({ seq: 10, reason: expect.stringMatching(/^truncated: entries 10–12 .*anchor/) });
      // The anchor never moves down.
      await advanceAnchor(raw, signer, anchorFile(dir), new Date());
      expect(anchor()!.seq).toBe(12);
    });

    it('names an appended, correctly chained forgery, also once a real entry follows it', async () => {
      await signedLog(5);
      await tamper(raw, FORGE);
      expect(await verifyDb(raw)).toMatchObject({ ok: true, count: 6 });
      expect((await verifySigned(raw, signer, null)).problem).toEqual({ seq: 6, reason: expect.stringMatching(/^forged: entry 6 carries no checkpoint/) });
      await append(db, 7);
      expect((await verifySigned(raw, signer, null)).problem?.seq).toBe(6);
      // A checkpoint made up without the key does not help.
      await raw.query(`SELECT audit.add_checkpoint(6, (SELECT hash FROM audit.entries WHERE seq = 6), $1, $2)`, [signer.keyId, 'A'.repeat(86) + '==']);
      expect((await verifySigned(raw, signer, null)).problem).toEqual({ seq: 6, reason: expect.stringMatching(/^forged: the checkpoint for entry 6 has a signature that does not verify/) });
      await expect(raw.query(`SELECT audit.add_checkpoint(99, repeat('a', 64), $1, $2)`, [signer.keyId, 'A'.repeat(88)])).rejects.toThrow(/entry 99 .* does not exist/);
    });

    it('names an entry edited with every later hash recomputed', async () => {
      await signedLog(10);
      await tamper(raw, `UPDATE audit.entries SET body = jsonb_set(body, '{outcome}', '"failed"') WHERE seq = 4;
        DO $$ DECLARE prev text; i bigint; BEGIN
          SELECT hash INTO prev FROM audit.entries WHERE seq = 3;
          FOR i IN 4..10 LOOP
            UPDATE audit.entries SET prev_hash = prev, hash = encode(sha256(convert_to(prev || E'\\n' || body::text, 'UTF8')), 'hex')
            WHERE seq = i RETURNING hash INTO prev;
          END LOOP;
        END $$`);
      expect(await verifyDb(raw)).toMatchObject({ ok: true, count: 10 }); // re-hashed: the chain alone is fooled
      expect((await verifySigned(raw, signer, null)).problem).toEqual({ seq: 4, reason: expect.stringMatching(/^rewritten: entry 4 differs from its signed checkpoint/) });
    });

    it('takes the actor from the transaction\'s session and stamps the time itself', async () => {
      raw = await engine.fresh();
      await migrate(raw);
      const { insertUser } = await import('../../core/iam/auth.js');
      const { startSession } = await import('../../core/iam/sessions.js');
      const s = await raw.transaction(async (tx) => {
        const id = await insertUser(tx, { email: 'nurse@site.test', displayName: 'Nurse', password: 'correct horse battery', roles: ['nurse'] });
        return { id, ...(await startSession(tx, id, 'direct', new Date())) };
      });
      const forged = { ...input(1), actorId: '00000000-0000-7000-8000-000000000001', actorEmail: 'admin@site.test', sessionId: null };
      const longAgo = new Date('2001-01-01T00:00:00Z');
      await raw.transaction((tx) => appendAudit(tx, forged, longAgo));
      await raw.transaction((tx) => appendAudit(tx, forged, longAgo, { token: s.token }));
      const rows = await raw.query<{ actor_id: string | null; actor_email: string; session_id: string | null; at: Date }>(
        'SELECT actor_id, actor_email, session_id, at FROM audit.entries ORDER BY seq');
      expect(rows[0]).toMatchObject({ actor_id: null, session_id: null });
      expect(rows[1]).toMatchObject({ actor_id: s.id, actor_email: 'nurse@site.test', session_id: s.sessionId });
      for (const r of rows) expect(Math.abs(r.at.getTime() - Date.now())).toBeLessThan(60_000);
      await expect(raw.transaction((tx) => appendAudit(tx, forged, longAgo, { token: 'not-a-session' }))).rejects.toThrow(/matches no session/);
      // As a console from before 0036 appends on a shared database: the token set for the transaction, then append.
      const [old] = await raw.transaction(async (tx) => {
        await tx.query(`SELECT set_config('watchfloor.session_token', $1, true)`, [s.token]);
        return tx.query<{ seq: string }>('SELECT seq FROM audit.append($1::jsonb)', [JSON.stringify({ ...forged, at: longAgo.toISOString() })]);
      });
      const [third] = await raw.query<{ actor_id: string }>('SELECT actor_id FROM audit.entries WHERE seq = $1', [old!.seq]);
      expect(third).toEqual({ actor_id: s.id });
    });
  });
}

describe('audit:verify with the key and anchor of a data folder', () => {
  it('names truncation that removed entries and checkpoints alike, from the anchor', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wf-audit-signed-'));
    const raw = await openDb({ dataDir: dir });
    const signer = AuditSigner.fromFile(signingKeyFile(dir));
    const db = signingDb(raw, signer);
    for (let i = 1; i <= 8; i++) await append(db, i);
    await advanceAnchor(raw, signer, anchorFile(dir), new Date());
    await raw.close();
    const cli = () => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'core/audit/cli.ts', '--db', dir], { encoding: 'utf8', env: { ...process.env, WATCHFLOOR_DATA_DIR: '/nonexistent' } });
      return { code: r.status, out: (r.stdout + r.stderr).trim() };
    };
    expect(cli()).toMatchObject({ code: 0, out: expect.stringMatching(/^OK: 8 entries.*8 signed checkpoints verify/) });
    const again = await openDb({ dataDir: dir });
    await tamper(again, 'DELETE FROM audit.entries WHERE seq > 6; DELETE FROM audit.checkpoints WHERE seq > 6');
    await again.close();
    expect(cli()).toMatchObject({ code: 1, out: expect.stringMatching(/^BROKEN at entry 7: truncated: entries 7–8 .*anchor/) });
  });
});

describe('tools that write the log sign like the console', () => {
  it('npm run admin -- unlock signs its entry with the data folder\'s key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wf-audit-admin-'));
    const raw = await openDb({ dataDir: dir });
    const signer = AuditSigner.fromFile(signingKeyFile(dir));
    const db = signingDb(raw, signer);
    const { insertUser } = await import('../../core/iam/auth.js');
    await db.transaction((tx) => insertUser(tx, { email: 'boss@site.test', displayName: 'Boss', password: 'correct horse battery', roles: ['admin'] }));
    await append(db, 1);
    await raw.query(`UPDATE iam.users SET status = 'locked', locked_until = now() + interval '1 hour', failed_attempts = 5`);
    await raw.close();
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'core/iam/admin-cli.ts', 'unlock', 'boss@site.test'], { encoding: 'utf8', env: { ...process.env, WATCHFLOOR_DATA_DIR: dir, DATABASE_URL: '' } });
    expect(r.status).toBe(0);
    const again = await openDb({ dataDir: dir });
    const [last] = await again.query<{ action: string }>('SELECT action FROM audit.entries ORDER BY seq DESC LIMIT 1');
    expect(last!.action).toBe('iam.unlock');
    expect(await verifySigned(again, signer, null)).toMatchObject({ ok: true, count: 2, signed: 2 });
    await again.close();
  });
});

describe('exports carry the signature of their last entry', () => {
  it('audit:verify --file --key names an export re-hashed whole, manifest and all', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wf-audit-export-'));
    const raw = await openDb({ dataDir: dir });
    const signer = AuditSigner.fromFile(signingKeyFile(dir));
    for (let i = 1; i <= 6; i++) await append(signingDb(raw, signer), i);
    const { exportAudit } = await import('../../core/audit/export.js');
    const { jsonl, manifest } = await exportAudit(raw, new Date());
    await raw.close();
    expect(manifest.checkpoints).toEqual([{ keyId: signer.keyId, signature: expect.any(String) }]);
    const file = join(dir, 'audit.jsonl');
    writeFileSync(file, jsonl);
    writeFileSync(`${file}.manifest.json`, JSON.stringify(manifest));
    const cli = (...args: string[]) => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'core/audit/cli.ts', '--file', file, ...args], { encoding: 'utf8' });
      return { code: r.status, out: (r.stdout + r.stderr).trim() };
    };
    expect(cli('--key', signingKeyFile(dir))).toMatchObject({ code: 0, out: expect.stringMatching(/^OK: 6 entries/) });

    // Edit entry 3, re-hash the chain from there and fix the manifest: the chain alone is fooled.
    const { hashBody } = await import('../../core/audit/chain.js');
    const links = jsonl.trim().split('\n').map((l) => JSON.parse(l) as { seq: number; prevHash: string; hash: string; body: string });
    links[2]!.body = links[2]!.body.replace('"outcome": "success"', '"outcome": "failed"');
    for (let i = 2; i < links.length; i++) {
      links[i]!.prevHash = i ? links[i - 1]!.hash : links[i]!.prevHash;
      links[i]!.hash = hashBody(links[i]!.prevHash, links[i]!.body);
    }
    writeFileSync(file, links.map((l) => JSON.stringify(l)).join('\n') + '\n');
    writeFileSync(`${file}.manifest.json`, JSON.stringify({ ...manifest, lastHash: links[5]!.hash }));
    expect(cli()).toMatchObject({ code: 0, out: expect.stringMatching(/^OK: 6 entries[\s\S]*no --key given/) });
    expect(cli('--key', signingKeyFile(dir))).toMatchObject({ code: 1, out: expect.stringMatching(/^BROKEN at entry 6: rewritten: entry 6 differs from the signed checkpoint in its manifest/) });
  });
});
