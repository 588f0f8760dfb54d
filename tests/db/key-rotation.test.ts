// secret.key rotation on both engines: every sealed field still reads after it with the new key,
// nothing opens with the old one, the rotation is audited, and the running console uses the new key.
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditSigner } from '../../core/audit/signing.js';
import { seedDemoCity } from '../../core/city/demo.js';
import { insertUser } from '../../core/iam/auth.js';
import { nextKeyFile } from '../../core/iam/rotate-key.js';
import { sealedValues } from '../../core/iam/secret-key.js';
import { SecretBox } from '../../core/iam/secrets.js';
import { createCore } from '../../core/index.js';
import { createLogger } from '../../core/logger.js';
import { seedDemoResidents } from '../../core/missions/demo.js';
import { seedDemoOps } from '../../core/ops/demo.js';
import { PASSWORD, TestClock, testConfig } from '../../core/testing.js';
import { migrate, type Queryable } from '../../db/index.js';
import { engines } from './engines.js';

/** Every sealed value as plain text, by column and row id, opened with `box`. */
async function sealedPlain(db: Queryable, box: SecretBox): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const { column } of await sealedValues(db)) {
    const [s, t, c] = column.split('.');
    for (const r of await db.query<{ id: string; v: string }>(`SELECT id::text AS id, ${c} AS v FROM ${s}.${t} WHERE ${c} IS NOT NULL`)) out.set(`${column}/${r.id}`, box.open(r.v));
  }
  return out;
}

for (const engine of engines()) {
  describe.skipIf(!engine.available)(`secret.key rotation on ${engine.name}`, () => {
    it('re-encrypts every sealed field in one audited transaction; the old key opens nothing', async () => {
      const db = await engine.fresh();
      await migrate(db);
      const dir = mkdtempSync(join(tmpdir(), 'wf-rotate-'));
      const keyFile = join(dir, 'secret.key');
      SecretBox.createKeyFile(keyFile);
      const oldKey = readFileSync(keyFile, 'utf8');
      const box = SecretBox.fromConfig(undefined, keyFile);
      const clock = new TestClock();
      const core = createCore({ db, clock, logger: createLogger('test', 'error', () => {}), config: { ...testConfig, dataDir: dir }, secrets: box, signer: AuditSigner.generate() });
      await seedDemoResidents(db, box, true);
      await seedDemoOps(db, true);
      await seedDemoCity(db, true, clock.now());
      await db.transaction((tx) => insertUser(tx, { email: 'admin@site.test', displayName: 'Admin', password: PASSWORD, roles: ['admin'] }));
      await db.query(`UPDATE iam.users SET totp_secret_enc = $1 WHERE email = 'admin@site.test'`, [box.seal('JBSWY3DPEHPK3PXP')]);
      const api = core.caller();
      await api.auth.login({ email: 'admin@site.test', password: PASSWORD });

      const before = await sealedPlain(db, box);
      expect(before.size).toBeGreaterThan(1);
      const oldBox = new SecretBox(Buffer.from(oldKey, 'base64'));
      const r = await api.backup.rotateSecretKey();
      expect(Object.values(r.resealed).reduce((a, b) => a + b, 0)).toBe(before.size);

      const newKey = readFileSync(keyFile, 'utf8');
      expect(newKey).not.toBe(oldKey);
      expect(existsSync(nextKeyFile(keyFile))).toBe(false);
      // Every value reads as before with the new key (from the file and in the running console's box)...
      expect(await sealedPlain(db, new SecretBox(Buffer.from(newKey, 'base64')))).toEqual(before);
      expect(await sealedPlain(db, box)).toEqual(before);
      // ...and none opens with the old one.
      for (const { column } of await sealedValues(db)) {
        const [s, t, c] = column.split('.');
        for (const row of await db.query<{ v: string }>(`SELECT ${c} AS v FROM ${s}.${t} WHERE ${c} IS NOT NULL`)) expect(() => oldBox.open(row.v)).toThrow();
      }
      const [entry] = await db.query<{ outcome: string; new_values: { resealed: Record<string, number> } }>(
        `SELECT outcome, new_values FROM audit.entries WHERE action = 'iam.rotate_secret_key'`);
      expect(entry).toMatchObject({ outcome: 'success', new_values: { resealed: r.resealed } });
      // No backup carries the new key yet: the warning is back.
      expect((await api.backup.state()).summary.keyBackedUp).toBe(false);
      await db.close();
    });
  });
}
