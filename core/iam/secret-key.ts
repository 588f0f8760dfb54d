import { existsSync } from 'node:fs';
import type { Queryable } from '../../db/index.js';
import { SecretBox } from './secrets.js';

/** Every column holding values sealed with the secret key (named `*_enc`), with how many it holds. */
export async function sealedValues(db: Queryable): Promise<{ column: string; count: number; sample: string | null }[]> {
  const columns = await db.query<{ table_schema: string; table_name: string; column_name: string }>(
    `SELECT table_schema, table_name, column_name FROM information_schema.columns
     WHERE column_name LIKE '%\\_enc' AND table_schema NOT IN ('pg_catalog', 'information_schema')
     ORDER BY 1, 2, 3`,
  );
  const out = [];
  for (const c of columns) {
    const q = (id: string) => `"${id.replace(/"/g, '""')}"`;
    const from = `${q(c.table_schema)}.${q(c.table_name)}`;
    const [row] = await db.query<{ n: number; sample: string | null }>(
      `SELECT count(${q(c.column_name)})::int AS n, min(${q(c.column_name)}) AS sample FROM ${from}`,
    );
    out.push({ column: `${c.table_schema}.${c.table_name}.${c.column_name}`, count: row!.n, sample: row!.sample });
  }
  return out;
}

/**
 * Before a console starts on a database: a missing `secret.key` is made only
 * when nothing sealed is waiting for it, and a key that cannot open what is
 * sealed is refused. Regenerating the key silently would leave medical notes,
 * contacts and second factors unreadable ("Internal error" later); refusing
 * now says what is wrong while the old key may still be found.
 */
export async function checkSecretKey(db: Queryable, secretKey: string | undefined, keyFile: string): Promise<void> {
  const sealed = (await sealedValues(db)).filter((s) => s.count > 0);
  const what = sealed.map((s) => `${s.count} in ${s.column}`).join(', ');
  if (!secretKey && !existsSync(keyFile)) {
    if (sealed.length) {
      throw new Error(
        `The secret key ${keyFile} is missing, but the database holds values sealed with it (${what}). ` +
          'A new key would make them unreadable, so the console did not start and changed nothing. ' +
          'Put the original secret.key back (from a backup, or the data folder of the console that made them), ' +
          'or give it as WATCHFLOOR_SECRET_KEY.',
      );
    }
    SecretBox.createKeyFile(keyFile);
    return;
  }
  const box = SecretBox.fromConfig(secretKey, keyFile);
  const sample = sealed[0]?.sample;
  if (!sample) return;
  try {
    box.open(sample);
  } catch {
    throw new Error(
      `The secret key (${secretKey ? 'WATCHFLOOR_SECRET_KEY' : keyFile}) does not open the values sealed in this database (${what}): ` +
        'it is not the key they were sealed with. The console did not start and changed nothing; give it the original key.' +
        (existsSync(`${keyFile}.next`) ? ` A key rotation was interrupted: ${keyFile}.next may be the key they are sealed with now.` : ''),
    );
  }
}
