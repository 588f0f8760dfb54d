import type { PresenceInput, PresenceView } from '../../core/contract/index.js';
import { t, tDynamic } from '../i18n/i18n.svelte.js';
import type { Client } from './trpc.js';

const RENEW_MS = 20_000;
/** The key under which App shares its PresenceManager with case panels. */
export const PRESENCE_CONTEXT = 'presence';

/** Who else is signed in and what they have open; reports this console's own view and case. */
export class PresenceManager {
  people = $state<PresenceView[]>([]);
  #mine: PresenceInput = { view: 'live' };
  #stop: (() => void) | null = null;

  constructor(private readonly client: Client) {}

  /** Others only, one line per person and console. */
  others = $derived(this.people.filter((p) => !p.self));

  /** Others who have `caseId` open, editing first. */
  on(caseId: string | null): PresenceView[] {
    if (!caseId) return [];
    return this.others.filter((p) => p.caseId === caseId).sort((a, b) => Number(b.editing) - Number(a.editing));
  }

  start(): void {
    this.stop();
    const sub = this.client.presence.onChanged.subscribe(undefined, { onData: () => void this.load(), onError: () => {} });
    const timer = setInterval(() => void this.send().then(() => this.load()), RENEW_MS);
    this.#stop = () => (sub.unsubscribe(), clearInterval(timer));
    void this.send();
  }

  stop(): void {
    this.#stop?.();
    this.#stop = null;
    this.people = [];
  }

  /** What this console has open now; sent at once when it changed. */
  set(p: PresenceInput): void {
    const same = p.view === this.#mine.view && (p.caseId ?? null) === (this.#mine.caseId ?? null) && Boolean(p.editing) === Boolean(this.#mine.editing);
    this.#mine = p;
    if (!same && this.#stop) void this.send();
  }

  private async send(): Promise<void> {
    await this.client.presence.report.mutate(this.#mine).catch(() => {});
  }

  private async load(): Promise<void> {
    this.people = await this.client.presence.list.query().catch(() => this.people);
  }
}

/** "Ann de Vries (operator) · editing an incident" */
export function presenceText(p: PresenceView): string {
  const what = p.caseType
    ? t(p.editing ? 'shell.presence.editing' : 'shell.presence.viewing', { what: tDynamic(`shell.presence.case.${p.caseType}`, p.caseType) })
    : t('shell.presence.in', { where: tDynamic(`shell.presence.view.${p.view}`, p.view) });
  return `${p.name}${p.roles.length ? ` (${p.roles.join(', ')})` : ''} · ${what}`;
}
