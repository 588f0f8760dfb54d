import { audited } from '../audit/write.js';
import { DomainError } from '../errors.js';
import type { AuthedContext } from '../trpc.js';
import { matchTotp, newTotpSecret, otpauthUri } from './totp.js';

/** Step 1: a new secret for the user's authenticator app; not in force until confirmed with a code. */
export function beginTotp(ctx: AuthedContext) {
  return audited(ctx, { resourceType: 'user', resourceId: ctx.user.id }, async (tx) => {
    const secret = newTotpSecret();
    const rows = await tx.query(`UPDATE iam.users SET totp_secret_enc = $2 WHERE id = $1 AND NOT totp_enabled RETURNING id`, [ctx.user.id, ctx.secrets.seal(secret)]);
    if (!rows.length) throw new DomainError('conflict', { code: 'iam.totpAlreadyOn' });
    return { result: { secret, uri: otpauthUri(secret, ctx.user.email) }, newValues: { totpSecret: secret } };
  });
}

/** Step 2 turns it on (or, with `enabled: false`, off), proven by a current code. */
export function confirmTotp(ctx: AuthedContext, input: { code: string; enabled: boolean }) {
  return audited(ctx, { resourceType: 'user', resourceId: ctx.user.id }, async (tx) => {
    const [u] = await tx.query<{ totp_secret_enc: string | null; totp_enabled: boolean; totp_last_step: string | null }>(
      'SELECT totp_secret_enc, totp_enabled, totp_last_step FROM iam.users WHERE id = $1 FOR UPDATE', [ctx.user.id]);
    if (!u?.totp_secret_enc) throw new DomainError('invalid', { code: 'iam.totpStartFirst' });
    const used = u.totp_last_step === null ? null : Number(u.totp_last_step);
    const step = matchTotp(ctx.secrets.open(u.totp_secret_enc), input.code, ctx.clock.now(), used);
    if (step === null) throw new DomainError('invalid', { code: 'iam.totpCodeInvalid' });
    await tx.query(
      `UPDATE iam.users SET totp_enabled = $2, totp_secret_enc = CASE WHEN $2 THEN totp_secret_enc END,
              totp_last_step = CASE WHEN $2 THEN $3::bigint END WHERE id = $1`,
      [ctx.user.id, input.enabled, step],
    );
    return { result: { totpEnabled: input.enabled }, oldValues: { totpEnabled: u.totp_enabled }, newValues: { totpEnabled: input.enabled } };
  });
}
