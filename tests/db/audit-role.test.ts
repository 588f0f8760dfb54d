import { afterAll, describe, expect, it } from 'vitest';
import { signingDb } from '../../core/audit/signed-db.js';
import { AuditSigner } from '../../core/audit/signing.js';
import { appendAudit, type AuditInput } from '../../core/audit/store.js';
import { verifySigned } from '../../core/audit/verify-signed.js';
import { insertUser } from '../../core/iam/auth.js';
import { migrate } from '../../db/index.js';
import { consoleRole } from './console-role.js';
import { engines } from './engines.js';

const entry: AuditInput = {
  actorId: '00000000-0000-7000-8000-000000000001', actorEmail: 'admin@site.test', sessionId: '00000000-0000-7000-8000-000000000002',
  action: 'iam.create_user', resourceType: 'user', resourceId: null, siteId: null, oldValues: null, newValues: null, lat: null, lon: null,
  requestId: null, outcome: 'success', reason: null,
};

/**
 * A console connecting as a login role granted `watchfloor_console` (see
 * 0012_audit_guard.sql), on a database migrated by its owner: it works, and
 * cannot rewrite the audit log or forge who and when.
 */
describe.skipIf(!engines()[1]!.available)('the console role on a central database', () => {
  let role: Awaited<ReturnType<typeof consoleRole>> | null = null;
  afterAll(async () => role?.drop());

  it('cannot update, delete, truncate, alter or disable the triggers of the log, nor forge actor or time', async () => {
    role = await consoleRole('console');
    const console_ = role.console;
    const name = role.name;
    expect(await migrate(console_)).toBeGreaterThan(0); // up to date: nothing to write
    const signer = AuditSigner.generate();
    const db = signingDb(console_, signer);

    // What a console does still works: change data, append and sign.
    await db.transaction(async (tx) => {
      await insertUser(tx, { email: 'nurse@site.test', displayName: 'Nurse', password: 'correct horse battery', roles: ['nurse'] });
      await appendAudit(tx, entry, new Date('2001-01-01T00:00:00Z'));
    });
    expect(await verifySigned(console_, signer, null)).toMatchObject({ ok: true, count: 1, signed: 1 });

    const refused = [
      [`UPDATE audit.entries SET body = body`, /permission denied/],
      [`DELETE FROM audit.entries`, /permission denied/],
      [`TRUNCATE audit.entries`, /permission denied/],
      [`INSERT INTO audit.entries (body, prev_hash, hash) VALUES ('{}', repeat('1', 64), repeat('2', 64))`, /permission denied/],
      [`INSERT INTO audit.checkpoints (seq, hash, key_id, signature) VALUES (1, repeat('1', 64), repeat('a', 16), repeat('A', 88))`, /permission denied/],
      [`DELETE FROM audit.checkpoints`, /permission denied/],
      [`ALTER TABLE audit.entries DISABLE TRIGGER USER`, /must be owner/],
      [`ALTER TABLE audit.entries DISABLE TRIGGER entries_no_update`, /must be owner/],
      [`DROP TRIGGER entries_no_update ON audit.entries`, /must be owner/],
      [`ALTER TABLE audit.entries OWNER TO "${name}"`, /must be owner/],
      [`DROP TABLE audit.entries`, /must be owner/],
      [`CREATE OR REPLACE FUNCTION audit.append(entry jsonb, permission text DEFAULT NULL) RETURNS TABLE (seq bigint, hash text) LANGUAGE sql AS 'SELECT 1::bigint, null::text'`, /permission denied for schema audit|must be owner/],
      [`ALTER FUNCTION audit.append(jsonb, text) SECURITY INVOKER`, /must be owner/],
    ] as const;
    for (const [sql, error] of refused) await expect(console_.exec(sql), sql).rejects.toThrow(error);

    // Calling append directly with a forged actor and a back-dated time: both are the database's.
    await console_.query(`SELECT * FROM audit.append($1::jsonb)`, [JSON.stringify({ ...entry, at: '2001-01-01T00:00:00.000Z', seq: 1 })]);
    const rows = await console_.query<{ seq: string; actor_id: string | null; session_id: string | null; at: Date }>('SELECT seq, actor_id, session_id, at FROM audit.entries ORDER BY seq');
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r).toMatchObject({ actor_id: null, session_id: null });
      expect(Math.abs(r.at.getTime() - Date.now())).toBeLessThan(60_000);
    }
    expect((await verifySigned(console_, signer, null)).problem?.reason).toMatch(/^forged: entry 2 carries no checkpoint/);
  });
});
