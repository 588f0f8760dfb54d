import { runAtCommit, type Db, type Queryable } from '../../db/index.js';
import type { AuditSigner } from './signing.js';

const SIGNER = Symbol('watchfloor.auditSigner');
type Tagged = { [SIGNER]?: AuditSigner };

/**
 * The console's database, whose transactions sign each audit entry they
 * append (see appendAudit): a checkpoint of the new tip, signed with the key
 * outside the database, commits with the entry or not at all. An entry that
 * reached the log any other way carries no signature, which `audit:verify` names.
 */
export function signingDb(db: Db, signer: AuditSigner | null): Db {
  if (!signer) return db;
  const tagged = (q: Queryable): Queryable & Tagged => ({
    query: (sql, params) => q.query(sql, params),
    exec: (sql) => q.exec(sql),
    // What the engine offers beside them stays offered: the ingest writer's COPY, a statement at commit.
    ...(q.atCommit ? { atCommit: q.atCommit } : {}),
    ...(q.copyIn ? { copyIn: q.copyIn } : {}),
    [SIGNER]: signer,
  });
  return {
    get mode() {
      return db.mode;
    },
    get location() {
      return db.location;
    },
    ...tagged(db),
    transaction: (fn) => db.transaction((tx) => fn(tagged(tx))),
    listen: (channel, onPayload, onLost) => db.listen(channel, onPayload, onLost),
    notify: (channel, payload) => db.notify(channel, payload),
    close: () => db.close(),
  };
}

export const signerOf = (q: Queryable): AuditSigner | null => (q as Tagged)[SIGNER] ?? null;

/**
 * Signs the tip just appended through `q`, when `q` belongs to a signing database. The checkpoint is
 * written as the transaction commits (on PGlite's thread, in the COMMIT's own message), or at once.
 */
export async function signCheckpoint(q: Queryable, tip: { seq: number; hash: string }): Promise<void> {
  const signer = signerOf(q);
  if (!signer) return;
  await runAtCommit(q, 'SELECT audit.add_checkpoint($1, $2, $3, $4)', [tip.seq, tip.hash, signer.keyId, signer.sign(tip.seq, tip.hash)]);
}

/** Signs each of the entries just appended through `q` in one statement (see signCheckpoint). */
export async function signCheckpoints(q: Queryable, tips: { seq: number; hash: string }[]): Promise<void> {
  const signer = signerOf(q);
  if (!signer || !tips.length) return;
  const rows = tips.map((t) => ({ seq: t.seq, hash: t.hash, signature: signer.sign(t.seq, t.hash) }));
  await runAtCommit(
    q,
    'SELECT audit.add_checkpoint(c.seq, c.hash, $1, c.signature) FROM jsonb_to_recordset($2::jsonb) AS c(seq bigint, hash text, signature text)',
    [signer.keyId, JSON.stringify(rows)],
  );
}
