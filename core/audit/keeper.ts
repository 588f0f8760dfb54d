import type { Db } from '../../db/index.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { advanceAnchor } from './anchor.js';
import { signCheckpoint } from './signed-db.js';
import type { AuditSigner } from './signing.js';

/**
 * The console's side of the signed checkpoints. Every append signs its own
 * tip (signed-db.ts); this keeps the anchor in the data folder moving up, and
 * once, on a log this key has never signed (written before checkpoints
 * existed, or a new key), signs the tip as found and says so.
 */
export function checkpointKeeper(deps: { db: Db; signer: AuditSigner | null; anchorPath: string | null; clock: Clock; log: Logger }) {
  const { db, signer, anchorPath, clock, log } = deps;
  return {
    async adopt(): Promise<void> {
      if (db.mode === 'central') await warnIfOwner(db, log);
      if (!signer) return;
      await db.transaction(async (tx) => {
        const [mine] = await tx.query('SELECT 1 FROM audit.checkpoints WHERE key_id = $1 LIMIT 1', [signer.keyId]);
        if (mine) return;
        const [tip] = await tx.query<{ seq: string; hash: string }>('SELECT seq, hash FROM audit.entries ORDER BY seq DESC LIMIT 1');
        if (!tip) return;
        await signCheckpoint(tx, { seq: Number(tip.seq), hash: tip.hash });
        log.warn('audit log adopted: its tip was signed with this console\'s key for the first time', { seq: Number(tip.seq), keyId: signer.keyId });
      });
    },
    async refresh(): Promise<void> {
      if (!signer || !anchorPath) return;
      await advanceAnchor(db, signer, anchorPath, clock.now());
    },
  };
}

/** A console whose role owns the log (or is a superuser) could rewrite it, signatures or not: say so at start. */
async function warnIfOwner(db: Db, log: Logger): Promise<void> {
  const [r] = await db.query<{ owns: boolean }>(
    `SELECT pg_has_role(current_user, c.relowner, 'USAGE') OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS owns
     FROM pg_class c WHERE c.oid = 'audit.entries'::regclass`);
  if (r?.owns) log.warn('this console connects as a role that owns the audit log or is a superuser, so it could rewrite it: connect as a login role granted watchfloor_console (see SECURITY.md)');
}
