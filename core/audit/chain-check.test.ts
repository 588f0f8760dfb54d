import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openPglite, type Db } from '../../db/index.js';
import { chainChecker } from './chain-check.js';
import { appendAudit, type AuditInput } from './store.js';

const input = (i: number): AuditInput => ({
  actorId: null, actorEmail: 'system', sessionId: null, action: 'test.write', resourceType: 'thing', resourceId: String(i),
  siteId: null, oldValues: null, newValues: { i }, lat: null, lon: null, requestId: null, outcome: 'success', reason: null,
});
const tamper = (db: Db, sql: string) => db.exec(`ALTER TABLE audit.entries DISABLE TRIGGER USER; ${sql}; ALTER TABLE audit.entries ENABLE TRIGGER USER;`);

describe('the top bar chain check', () => {
  let db: Db;
  afterEach(() => db?.close());
  async function log(n: number) {
    db = await openPglite();
    await migrate(db);
    for (let i = 1; i <= n; i++) await db.transaction((tx) => appendAudit(tx, input(i), new Date()));
  }
  const now = new Date();

  it('finds an entry edited after it was checked, within (length / window) calls', async () => {
    await log(30);
    const check = chainChecker(10);
    expect(await check(db, now, false)).toMatchObject({ ok: true, count: 30, lastSeq: 30 });
    await tamper(db, `UPDATE audit.entries SET body = jsonb_set(body, '{reason}', '"edited"') WHERE seq = 25`);
    const seen = [];
    for (let i = 0; i < 3; i++) seen.push((await check(db, now, false)).problem?.seq ?? null);
    expect(seen).toEqual([null, null, 25]);
    // It stays reported, and new entries are still counted once fixed by a full check.
    expect((await check(db, now, false)).problem?.seq).toBe(25);
  });

  it('keeps counting appended entries between re-checks', async () => {
    await log(5);
    const check = chainChecker(2);
    await check(db, now, false);
    await db.transaction((tx) => appendAudit(tx, input(6), new Date()));
    expect(await check(db, now, false)).toMatchObject({ ok: true, count: 6, lastSeq: 6 });
    expect(await check(db, now, true)).toMatchObject({ ok: true, count: 6, lastSeq: 6 });
  });

  it('names a log re-hashed or cut back under it, and keeps naming it after a full check', async () => {
    await log(8);
    const check = chainChecker();
    await check(db, now, false);
    await tamper(db, `UPDATE audit.entries SET body = jsonb_set(body, '{reason}', '"edited"') WHERE seq = 8;
      UPDATE audit.entries SET hash = encode(sha256(convert_to(prev_hash || E'\\n' || body::text, 'UTF8')), 'hex') WHERE seq = 8`);
    expect((await check(db, now, false)).problem?.reason).toMatch(/^rewritten: entry 8/);
    expect((await check(db, now, true)).problem?.reason).toMatch(/^rewritten: entry 8/);

    await db.close();
    await log(8);
    const again = chainChecker();
    await again(db, now, false);
    await tamper(db, 'DELETE FROM audit.entries WHERE seq > 6');
    expect((await again(db, now, false)).problem?.reason).toMatch(/^truncated: entries 7–8/);
  });
});
