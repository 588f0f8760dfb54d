import type { Staff } from '../../core/contract/index.js';
import { errorText } from './errors.js';
import type { Client } from './trpc.js';

/** "lift, first aid" ⇄ ['lift', 'first_aid']: capabilities typed as a list. */
export const capabilitiesOf = (text: string): string[] =>
  [...new Set(text.split(',').map((c) => c.trim().toLowerCase().replace(/\s+/g, '_')).filter(Boolean))];
export const capabilitiesText = (list: string[]): string => list.map((c) => c.replace(/_/g, ' ')).join(', ');

/** Agencies in tree order, each with its depth (sub-agencies under their parent). */
export function agencyTree(agencies: Staff['agencies']): { agency: Staff['agencies'][number]; depth: number }[] {
  const out: { agency: Staff['agencies'][number]; depth: number }[] = [];
  const ids = new Set(agencies.map((a) => a.id));
  const walk = (parent: string | null, depth: number) => {
    for (const a of agencies.filter((x) => (x.parentId && ids.has(x.parentId) ? x.parentId : null) === parent)) {
      out.push({ agency: a, depth });
      walk(a.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/** The staff screen: what core holds for the site, reloaded after every change. */
export class StaffManager {
  staff = $state.raw<Staff>({ agencies: [], units: [], resources: [] });
  users = $state.raw<{ id: string; email: string; name: string }[]>([]);
  error = $state<string | null>(null);
  notice = $state<string | null>(null);
  busy = $state(false);
  #siteId: string | null = null;

  constructor(private readonly client: Client) {}

  async start(siteId: string, manage: boolean): Promise<void> {
    this.#siteId = siteId;
    await this.load();
    if (manage) this.users = await this.client.staff.users.query().catch(() => []);
  }

  async load(): Promise<void> {
    if (!this.#siteId) return;
    try {
      this.staff = await this.client.staff.list.query({ siteId: this.#siteId });
    } catch (err) {
      this.error = errorText(err);
    }
  }

  get siteId(): string {
    return this.#siteId!;
  }

  /** Runs a change; the error in words (and kept shown), or null. */
  async act(call: (c: Client) => Promise<unknown>, done: string): Promise<string | null> {
    this.busy = true;
    this.notice = null;
    try {
      await call(this.client);
      this.error = null;
      await this.load();
      this.notice = done;
      return null;
    } catch (err) {
      this.error = errorText(err);
      return this.error;
    } finally {
      this.busy = false;
    }
  }
}
