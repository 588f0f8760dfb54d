import { randomBytes } from 'node:crypto';
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { Queryable } from '../../db/index.js';
import { audited } from '../audit/write.js';
import { DomainError } from '../errors.js';
import type { AuthedContext } from '../trpc.js';
import { sealedValues } from './secret-key.js';
import { SecretBox } from './secrets.js';

/** Where a new key waits while the rotation commits; boot names it if a crash left it there. */
export const nextKeyFile = (keyFile: string) => `${keyFile}.next`;

const q = (id: string) => `"${id.replace(/"/g, '""')}"`;

/** Re-encrypts every sealed value from `from` to `to` inside `tx`; returns how many per column. */
export async function resealAll(tx: Queryable, from: SecretBox, to: SecretBox): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const { column } of await sealedValues(tx)) {
    const [schema, table, col] = column.split('.') as [string, string, string];
    const t = `${q(schema)}.${q(table)}`;
    const rows = await tx.query<{ id: string; v: string }>(`SELECT id::text AS id, ${q(col)} AS v FROM ${t} WHERE ${q(col)} IS NOT NULL FOR UPDATE`);
    const ids: string[] = [];
    const values: string[] = [];
    for (const r of rows) {
      let plain: string;
      try {
        plain = from.open(r.v);
      } catch {
        throw new DomainError('invalid', { code: 'iam.rotateCannotOpen', params: { column, id: r.id } });
      }
      ids.push(r.id);
      values.push(to.seal(plain));
    }
    if (ids.length) {
      await tx.query(`UPDATE ${t} SET ${q(col)} = v.val FROM unnest($1::text[], $2::text[]) AS v(id, val) WHERE ${t}.id::text = v.id`, [ids, values]);
    }
    counts[column] = ids.length;
  }
  return counts;
}

/**
 * Rotates `secret.key`: a new key is written beside the file, every sealed field is
 * re-encrypted in one audited transaction, then the new key replaces the file and
 * the running console's box. A failure before the commit changes nothing and
 * removes the new key; the old key opens nothing afterwards.
 */
export async function rotateSecretKey(ctx: AuthedContext, keyFile: string): Promise<{ resealed: Record<string, number> }> {
  if (ctx.config.secretKey) throw new DomainError('invalid', { code: 'iam.rotateKeyFromEnv' });
  if (!existsSync(keyFile)) throw new DomainError('unavailable', { code: 'iam.rotateNoKey', params: { keyFile } });
  const key = randomBytes(32);
  const next = nextKeyFile(keyFile);
  writeFileSync(next, key.toString('base64'), { mode: 0o600 });
  const fresh = new SecretBox(key);
  let resealed: Record<string, number>;
  try {
    resealed = await audited(ctx, { resourceType: 'secret_key', action: 'iam.rotate_secret_key' }, async (tx) => {
      const counts = await resealAll(tx, ctx.secrets, fresh);
      // Keys sealed for scheduled backups hold the old key: scheduled backups need the passphrase again.
      await tx.query(`UPDATE org.backup_schedule SET sealed_keys = NULL, enabled = false WHERE sealed_keys IS NOT NULL`);
      return { result: counts, newValues: { resealed: counts } };
    });
  } catch (err) {
    rmSync(next, { force: true });
    throw err;
  }
  renameSync(next, keyFile);
  ctx.secrets.useKey(key);
  ctx.log.warn('secret key rotated: make a new backup with the keys; other consoles sharing this database need the new secret.key', { resealed });
  return { resealed };
}
