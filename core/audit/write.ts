import type { Db, Queryable } from '../../db/index.js';
import type { Clock } from '../clock.js';
import { dataException, DomainError } from '../errors.js';
import type { AuditRecord } from '../contract/index.js';
import { mustSee } from '../org/site-access.js';
import { redact } from './redact.js';
import { appendAudit, type AuditInput } from './store.js';

/** `iam.createUser` → `iam.create_user`: audit actions follow procedure paths. */
export const actionOf = (path: string) => path.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export interface Target {
  resourceType: string;
  resourceId?: string | null;
  siteId?: string | null;
  lat?: number | null;
  lon?: number | null;
  /** Defaults to the procedure's path. */
  action?: string;
}

export interface Change<T> {
  result: T;
  resourceId?: string | null;
  oldValues?: unknown;
  newValues?: unknown;
}

/**
 * Who does what, as the audit log needs it: a call's database, clock, request and path,
 * and its user (none: the system). Written here, not taken from core/trpc.ts, so that
 * the modules below the router need nothing of it.
 */
export interface Caller {
  db: Db;
  clock: Clock;
  requestId: string;
  path: string;
  user: { id: string | null; email: string | null; sessionId: string | null } | null;
  /** The connection whose session the database records as the actor (none: no actor id). */
  conn?: { token: string | null };
  /** The sites the user may see (core/org/site-access.ts); null or absent: every site. */
  sites?: ReadonlySet<string> | null;
  /**
   * The permission the procedure declared (core/trpc.ts sets it from the procedure's access rule;
   * null or absent: it needs none). Its audit entries record it and the database re-checks it, so
   * the rule a procedure is admitted by and the one its entries name are written once.
   */
  permission?: string | null;
}

/**
 * A user limited to some sites changes, and reads with an audited read, nothing of another: a
 * target naming another site is refused in the words of one that does not exist.
 */
function refuseOtherSite(ctx: Caller, t: Target): void {
  mustSee(ctx, t, t.resourceType.replace(/_/g, ' '));
}

/** A caller who passed an access rule: a signed-in user. */
export type Actor = Caller & { user: { id: string; email: string; sessionId: string }; conn: { token: string | null } };
/** The system at work on its own (auto-dispatch): no user, no session, no permission; entries name no actor. */
export type SystemActor = Caller & { user: null; permission: null };

/** What an entry says beyond its caller and target; never the permission, which is the caller's. */
type Extra = Partial<Omit<AuditInput, 'permission'>>;

/** An entry for what `ctx`'s caller did to `t`; every field not given is null. */
export function entryFor(ctx: Pick<Caller, 'user' | 'requestId' | 'path' | 'permission'>, t: Target, outcome: AuditRecord['outcome'], extra: Extra = {}): AuditInput {
  return {
    actorId: ctx.user?.id ?? null,
    actorEmail: ctx.user?.email ?? null,
    sessionId: ctx.user?.sessionId ?? null,
    action: t.action ?? actionOf(ctx.path),
    resourceType: t.resourceType,
    resourceId: t.resourceId ?? null,
    siteId: t.siteId ?? null,
    oldValues: null,
    newValues: null,
    lat: t.lat ?? null,
    lon: t.lon ?? null,
    requestId: ctx.requestId,
    outcome,
    reason: null,
    ...extra,
    ...(ctx.permission ? { permission: ctx.permission } : {}),
  };
}

/** Writes one entry in its own transaction (refusals, failures, sign-in attempts). */
export async function record(ctx: Caller, t: Target, outcome: AuditRecord['outcome'], extra: Extra = {}): Promise<void> {
  if (outcome === 'success') refuseOtherSite(ctx, t);
  await ctx.db.transaction((tx) => appendAudit(tx, entryFor(ctx, t, outcome, extra), ctx.clock.now(), { token: ctx.conn?.token }));
}

export const recordDenied = (ctx: Caller & { permission: string }) =>
  record(ctx, { resourceType: ctx.path.split('.')[0]! }, 'denied', { reason: `missing permission ${ctx.permission}` });

/**
 * The one write path for changes: the change runs and its audit entry is
 * appended in one transaction, and as the entry is appended the database
 * checks once more that the caller still holds the permission its procedure
 * declared (`ctx.permission`, which the entry records); all of it
 * commits together or not at all. A change refused by the domain (conflict,
 * invalid, permission gone) is audited as failed or denied, with nothing else written.
 */
export async function audited<T>(
  ctx: Actor | SystemActor,
  target: Target,
  change: (tx: Queryable) => Promise<Change<T>>,
): Promise<T> {
  try {
    refuseOtherSite(ctx, target);
    return await ctx.db.transaction(async (tx) => {
      const c = await change(tx);
      // A change whose result names its site (most case views and rows do) is undone if that site is not the caller's.
      const named = c.result as { siteId?: unknown; site_id?: unknown } | null;
      const site = named?.siteId ?? named?.site_id;
      if (typeof site === 'string') refuseOtherSite(ctx, { ...target, siteId: site });
      const values = { oldValues: redact(c.oldValues ?? null), newValues: redact(c.newValues ?? null) };
      await appendAudit(tx, entryFor(ctx, { ...target, resourceId: c.resourceId ?? target.resourceId }, 'success', values), ctx.clock.now(), { token: ctx.conn?.token });
      return c.result;
    });
  } catch (err) {
    // Bad input the database refused (a NUL byte, a malformed id) is a refusal too, audited and said as such.
    const refusal = err instanceof DomainError ? err : dataException(err);
    if (refusal) {
      await record(ctx, target, refusal.kind === 'forbidden' ? 'denied' : 'failed', { reason: refusal.message });
      throw refusal;
    }
    throw err;
  }
}
