import type { RoleName, RoleSummary, Site, UserSummary } from '../../core/contract/index.js';
import { t, tDynamic } from '../i18n/i18n.svelte.js';
import { errorText } from './errors.js';
import type { Client } from './trpc.js';

/** A role's name in words ("admin", in Dutch "beheerder"); a role without words keeps its name. */
export const roleWord = (role: string): string => tDynamic(`admin.roles.name.${role}`, role);

/** Users and roles for the admin panel; every change reloads the list so the table shows what core holds. */
export class UsersManager {
  users = $state.raw<UserSummary[]>([]);
  roles = $state.raw<RoleSummary[]>([]);
  /** The sites a user can be limited to. */
  sites = $state.raw<Site[]>([]);
  error = $state<string | null>(null);
  /** What the last change did, in words. */
  notice = $state<string | null>(null);
  busy = $state(false);

  constructor(private readonly client: Client) {}

  async load(): Promise<void> {
    try {
      [this.users, this.roles, this.sites] = await Promise.all([this.client.iam.users.query(), this.client.iam.roles.query(), this.client.org.sites.query().catch(() => [])]);
      this.error = null;
    } catch (err) {
      this.error = errorText(err);
    }
  }

  create(input: { email: string; displayName: string; password: string; roles: RoleName[] }): Promise<boolean> {
    return this.#change(() => this.client.iam.createUser.mutate(input), t('admin.users.created', { email: input.email }));
  }

  setStatus(user: UserSummary, status: 'active' | 'inactive'): Promise<boolean> {
    const done = t(status === 'active' ? 'admin.users.enabled' : 'admin.users.disabled', { email: user.email });
    return this.#change(() => this.client.iam.setStatus.mutate({ userId: user.id, status }), done);
  }

  resetPassword(user: UserSummary, password: string): Promise<boolean> {
    return this.#change(() => this.client.iam.resetPassword.mutate({ userId: user.id, password }), t('admin.users.passwordSet', { email: user.email }));
  }

  setRoles(user: UserSummary, roles: RoleName[]): Promise<boolean> {
    return this.#change(() => this.client.iam.setRoles.mutate({ userId: user.id, roles }), t('admin.users.rolesSet', { email: user.email, roles: roles.map(roleWord).join(', ') || t('admin.users.noRoles') }));
  }

  /** The sites the user is limited to; none: every site. */
  async sitesOf(user: UserSummary): Promise<string[] | null> {
    try {
      return await this.client.org.userSites.query({ userId: user.id });
    } catch (err) {
      this.error = errorText(err);
      return null;
    }
  }

  setSites(user: UserSummary, siteIds: string[]): Promise<boolean> {
    const names = this.sites.filter((s) => siteIds.includes(s.id)).map((s) => s.name);
    return this.#change(() => this.client.org.setUserSites.mutate({ userId: user.id, siteIds }), t('admin.users.sitesSet', { email: user.email, sites: names.length ? names.join(', ') : t('admin.users.everySite') }));
  }

  async #change(call: () => Promise<unknown>, done: string): Promise<boolean> {
    this.busy = true;
    this.notice = null;
    try {
      await call();
      this.error = null;
      this.notice = done;
      await this.load();
      return true;
    } catch (err) {
      this.error = errorText(err);
      return false;
    } finally {
      this.busy = false;
    }
  }

  reset(): void {
    this.users = [];
    this.roles = [];
    this.sites = [];
    this.error = null;
    this.notice = null;
    this.busy = false;
  }
}
