// A lost secret.key is refused at start while sealed data waits for it, never regenerated (both engines).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { boot, type Booted } from '../../core/boot.js';
import { checkSecretKey } from '../../core/iam/secret-key.js';
import { SecretBox } from '../../core/iam/secrets.js';
import { testCore } from '../../core/testing.js';
import { migrate } from '../../db/index.js';
import { engines, scratchPostgresUrl } from './engines.js';

/** Stops a booted console once its VDA 5050 master control has started (see demo-mode.test.ts). */
async function settleAndStop(b: Booted): Promise<void> {
  const ingest = b.core.ingest as unknown as { master: unknown } | null;
  for (let i = 0; i < 100 && ingest && !ingest.master; i++) await new Promise((r) => setTimeout(r, 50));
  await b.stop();
}

const tmp = () => mkdtempSync(join(tmpdir(), 'wf-key-'));

for (const engine of engines()) {
  describe.skipIf(!engine.available)(`secret.key on ${engine.name}`, () => {
    it('is made on a database with nothing sealed, and kept after', async () => {
      const db = await engine.fresh();
      await migrate(db);
      const keyFile = join(tmp(), 'secret.key');
      await checkSecretKey(db, undefined, keyFile);
      const key = readFileSync(keyFile, 'utf8');
      expect(Buffer.from(key, 'base64')).toHaveLength(32);
      await checkSecretKey(db, undefined, keyFile);
      expect(readFileSync(keyFile, 'utf8')).toBe(key);
      await db.close();
    });

    it('missing while sealed data exists: refused with an explanation, and no new key is written', async () => {
      const db = await engine.fresh();
      const dir = tmp();
      const keyFile = join(dir, 'secret.key');
      SecretBox.createKeyFile(keyFile);
      const t = await testCore({ db, config: { dataDir: dir } });
      const box = SecretBox.fromConfig(undefined, keyFile);
      const api = await t.signedIn(['admin']);
      // A TOTP secret sealed with the key, as totpBegin stores it.
      await db.query(`UPDATE iam.users SET totp_secret_enc = $1`, [box.seal('JBSWY3DPEHPK3PXP')]);
      expect((await api.auth.state()).user).toBeTruthy();
      rmSync(keyFile);
      const refused = await checkSecretKey(db, undefined, keyFile).then(() => null, (e: Error) => e.message);
      expect(refused).toMatch(/The secret key .*secret\.key is missing, but the database holds values sealed with it \(1 in iam\.users\.totp_secret_enc\)/);
      expect(refused).toMatch(/Put the original secret\.key back/);
      expect(existsSync(keyFile)).toBe(false);
      await db.close();
    });

    it('a key that does not open the sealed data is refused', async () => {
      const db = await engine.fresh();
      await migrate(db);
      const keyFile = join(tmp(), 'secret.key');
      SecretBox.createKeyFile(keyFile);
      const sealed = SecretBox.fromConfig(undefined, keyFile).seal('note');
      await db.query(`INSERT INTO iam.users (email, display_name, password_hash, totp_secret_enc) VALUES ('a@b.c', 'A', '$argon2id$x', $1)`, [sealed]);
      writeFileSync(keyFile, randomBytes(32).toString('base64'));
      await expect(checkSecretKey(db, undefined, keyFile)).rejects.toThrow(/does not open the values sealed in this database/);
      await expect(checkSecretKey(db, randomBytes(32).toString('base64'), keyFile)).rejects.toThrow(/WATCHFLOOR_SECRET_KEY\) does not open/);
      await db.close();
    });
  });
}

for (const engine of engines()) {
  describe.skipIf(!engine.available)(`a console started on ${engine.name} without its secret.key`, () => {
    it('refuses to start, naming what is sealed, and writes no new key', async () => {
      const dir = tmp();
      const env = {
        WATCHFLOOR_LOG_LEVEL: 'error', WATCHFLOOR_DEMO: 'false', WATCHFLOOR_DATA_DIR: dir,
        ...(engine.name === 'postgres' ? { DATABASE_URL: await scratchPostgresUrl() } : {}),
      };
      let booted = await boot({}, env);
      const keyFile = join(dir, 'secret.key');
      expect(existsSync(keyFile)).toBe(true);
      const sealed = SecretBox.fromConfig(undefined, keyFile).seal('Allergic to penicillin');
      await booted.core.context('direct').db.query(
        `INSERT INTO iam.users (email, display_name, password_hash, totp_secret_enc) VALUES ('a@b.c', 'A', '$argon2id$x', $1)`, [sealed]);
      await settleAndStop(booted);
      rmSync(keyFile);
      await expect(boot({}, env)).rejects.toThrow(/secret\.key is missing, but the database holds values sealed with it/);
      expect(existsSync(keyFile)).toBe(false);
      // The database was closed again (the embedded one reopens), and another key is refused too.
      writeFileSync(keyFile, randomBytes(32).toString('base64'));
      await expect(boot({}, env)).rejects.toThrow(/does not open the values sealed/);
    });
  });
}

describe('SecretBox without its key file', () => {
  it('refuses to seal or open, saying why, instead of making a key', () => {
    const keyFile = join(tmp(), 'secret.key');
    const box = SecretBox.fromConfig(undefined, keyFile);
    expect(() => box.seal('x')).toThrow(/secret key .* is missing/);
    expect(existsSync(keyFile)).toBe(false);
  });
});
