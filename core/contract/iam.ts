import { z } from 'zod';

/** Every permission there is; the database seeds the same list (a test keeps them equal). */
export const PERMISSIONS = [
  'system:read', 'org:read', 'org:manage', 'iam:read', 'iam:manage', 'audit:read', 'audit:export',
  'fleet:read', 'fleet:command', 'fleet:manage', 'missions:read', 'missions:create', 'missions:dispatch',
  'residents:read', 'residents:read_pii', 'residents:manage', 'incidents:read', 'incidents:manage',
  'city:read', 'city:manage', 'tickets:read', 'tickets:manage', 'settings:manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** What a procedure needs: a permission, any signed-in user, or nothing. */
export type Access = Permission | 'authenticated' | 'public';

export const ROLES = ['admin', 'operator', 'dispatcher', 'nurse', 'caregiver', 'maintenance', 'viewer'] as const;
export type RoleName = (typeof ROLES)[number];

export const SessionUser = z.object({
  id: z.string().uuid(),
  email: z.string(),
  displayName: z.string(),
  sessionId: z.string().uuid(),
  roles: z.array(z.string()),
  permissions: z.array(z.string()),
  totpEnabled: z.boolean(),
});
export type SessionUser = z.infer<typeof SessionUser>;

export const Email = z.string().trim().toLowerCase().email().max(254);
export const Password = z.string().min(1).max(200);

export const UserStatus = z.enum(['active', 'inactive', 'locked', 'pending']);
export type UserStatus = z.infer<typeof UserStatus>;

export const UserSummary = z.object({
  id: z.string().uuid(),
  email: z.string(),
  displayName: z.string(),
  status: UserStatus,
  roles: z.array(z.string()),
  lastLoginAt: z.string().nullable(),
  lockedUntil: z.string().nullable(),
  failedAttempts: z.number().int(),
  totpEnabled: z.boolean(),
  isDemo: z.boolean(),
});
export type UserSummary = z.infer<typeof UserSummary>;

export const RoleSummary = z.object({ name: z.string(), description: z.string(), builtin: z.boolean(), permissions: z.array(z.string()) });
export type RoleSummary = z.infer<typeof RoleSummary>;
