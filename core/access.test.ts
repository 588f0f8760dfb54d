import type { AnyTRPCProcedure } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLES, type Access } from './contract/index.js';
import { appRouter } from './router.js';
import { testCore } from './testing.js';

/** Every procedure of the router, present or future, with its declared access rule. */
function procedures(): { path: string; type: string; access: Access | undefined }[] {
  const all = appRouter(new Date())._def.procedures as unknown as Record<string, AnyTRPCProcedure>;
  return Object.entries(all).map(([path, p]) => ({ path, type: p._def.type, access: (p._def.meta as { access?: Access } | undefined)?.access }));
}

// The only procedures anyone may call without signing in. Adding one means adding it here, on purpose.
const PUBLIC = ['system.health', 'system.version', 'system.status', 'system.onStatus', 'auth.state', 'auth.setup', 'auth.login', 'auth.demoLogin', 'auth.resume'];

describe('access rules', () => {
  it('every procedure declares a known access rule', () => {
    const list = procedures();
    expect(list.length).toBeGreaterThan(15);
    for (const p of list) {
      expect(p.access, `${p.path} declares no access rule`).toBeDefined();
      expect(['public', 'authenticated', ...PERMISSIONS], p.path).toContain(p.access);
    }
    expect(list.filter((p) => p.access === 'public').map((p) => p.path).sort()).toEqual([...PUBLIC].sort());
  });

  it('the database knows exactly the permissions the code names', async () => {
    const t = await testCore();
    const rows = await t.db.query<{ key: string }>('SELECT key FROM iam.permissions ORDER BY key');
    expect(rows.map((r) => r.key)).toEqual([...PERMISSIONS].sort());
  });
});

describe('role × procedure matrix', () => {
  let t: Awaited<ReturnType<typeof testCore>>;
  const callers = new Map<string, Awaited<ReturnType<typeof t.signedIn>>>();
  const granted = new Map<string, Set<string>>();

  beforeAll(async () => {
    t = await testCore();
    for (const role of ROLES) {
      callers.set(role, await t.signedIn([role], `${role}@site.test`));
      const rows = await t.db.query<{ key: string }>(
        `SELECT p.key FROM iam.roles r JOIN iam.role_permissions rp ON rp.role_id = r.id JOIN iam.permissions p ON p.id = rp.permission_id WHERE r.name = $1`, [role]);
      granted.set(role, new Set(rows.map((r) => r.key)));
    }
  });

  /** Calls a procedure as a role with no input: access is checked before input, so FORBIDDEN means refused. */
  async function outcome(role: string, path: string): Promise<'allowed' | 'denied'> {
    const target = path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], callers.get(role)) as (i?: unknown) => Promise<unknown>;
    try {
      await target(undefined);
      return 'allowed';
    } catch (err) {
      return (err as { code?: string }).code === 'FORBIDDEN' ? 'denied' : 'allowed';
    }
  }

  it('allows a call exactly when the role holds the declared permission, and audits each refusal', async () => {
    const guarded = procedures().filter((p) => p.access !== 'public' && p.access !== 'authenticated');
    let denials = 0;
    for (const role of ROLES) {
      for (const p of guarded) {
        const expected = granted.get(role)!.has(p.access!) ? 'allowed' : 'denied';
        expect(await outcome(role, p.path), `${role} → ${p.path}`).toBe(expected);
        if (expected === 'denied') denials++;
      }
    }
    const [n] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit.entries WHERE outcome = 'denied'`);
    expect(n!.n).toBe(denials);
  });

  it('grants what each role is for', async () => {
    const expectations: Record<string, string[]> = {
      'iam.createUser': ['admin'],
      'iam.users': ['admin'],
      'audit.list': ['admin', 'operator', 'viewer'],
      'transfer.auditExport': ['admin'],
      'org.sites': [...ROLES],
    };
    for (const [path, allowed] of Object.entries(expectations)) {
      for (const role of ROLES) expect(await outcome(role, path), `${role} → ${path}`).toBe(allowed.includes(role) ? 'allowed' : 'denied');
    }
  });
});
