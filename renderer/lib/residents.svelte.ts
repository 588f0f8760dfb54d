import type { ResidentDetail, ResidentSummary } from '../../core/contract/index.js';
import { t } from '../i18n/i18n.svelte.js';
import { errorText } from './errors.js';
import { Latest } from './list-detail.svelte.js';
import type { Client } from './trpc.js';

/** The fields a person types for a resident (the form keeps them when a save is refused). */
export interface ResidentFields {
  firstName: string; lastName: string; dateOfBirth: string; wheelchairType: ResidentSummary['wheelchairType']; requiresAssistance: boolean;
  preferredLanguage: string; emergencyContactName: string; emergencyContactPhone: string; medicalNotes: string;
}

export const blankResident = (): ResidentFields => ({
  firstName: '', lastName: '', dateOfBirth: '', wheelchairType: 'manual', requiresAssistance: false, preferredLanguage: 'en',
  emergencyContactName: '', emergencyContactPhone: '', medicalNotes: '',
});

export const fieldsOf = (d: ResidentDetail): ResidentFields => ({
  firstName: d.firstName, lastName: d.lastName, dateOfBirth: d.dateOfBirth ?? '', wheelchairType: d.wheelchairType, requiresAssistance: d.requiresAssistance,
  preferredLanguage: d.preferredLanguage, emergencyContactName: d.emergencyContactName ?? '', emergencyContactPhone: d.emergencyContactPhone ?? '',
  medicalNotes: d.medicalNotes ?? '',
});

/** Empty optional fields are left out rather than sent as empty text. */
const toInput = (f: ResidentFields) => ({
  ...f, firstName: f.firstName.trim(), lastName: f.lastName.trim(),
  emergencyContactName: f.emergencyContactName.trim() || undefined, emergencyContactPhone: f.emergencyContactPhone.trim() || undefined,
  medicalNotes: f.medicalNotes.trim() || undefined,
});

/**
 * The residents screen: the list as core sorts and searches it, the chosen resident's
 * details (read with residents:read_pii, each read audited), and every change, after
 * which the list and the details load again so they show what core holds.
 */
export class ResidentsManager {
  list = $state.raw<ResidentSummary[]>([]);
  search = $state('');
  includeInactive = $state(false);
  selectedId = $state<string | null>(null);
  detail = $state.raw<ResidentDetail | null>(null);
  /** The new-resident form is open. */
  creating = $state(false);
  error = $state<string | null>(null);
  /** What the last change did, worded when shown (so in the language chosen since). */
  #notice = $state<(() => string) | null>(null);
  get notice(): string | null { return this.#notice?.() ?? null; }
  set notice(words: null) { this.#notice = words; }
  /** A save was refused because the resident changed meanwhile: the form keeps what was typed. */
  stale = $state(false);
  busy = $state(false);
  #siteId: string | null = null;
  readonly #latest = new Latest();

  constructor(private readonly client: Client, private readonly pii: () => boolean) {}

  start(siteId: string): void {
    this.#siteId = siteId;
    void this.load();
  }

  async load(): Promise<void> {
    if (!this.#siteId) return;
    const fresh = this.#latest.next();
    try {
      const rows = await this.client.residents.list.query({ siteId: this.#siteId, search: this.search.trim() || undefined, includeInactive: this.includeInactive });
      // Only the answer to the latest search is shown (typing sends several).
      if (fresh()) this.list = rows;
    } catch (err) {
      if (fresh()) this.error = errorText(err);
    }
  }

  async select(id: string | null): Promise<void> {
    this.selectedId = id;
    this.creating = false;
    this.detail = null;
    this.stale = false;
    this.error = null;
    this.notice = null;
    if (id && this.pii()) await this.reloadDetail();
  }

  async reloadDetail(): Promise<void> {
    const id = this.selectedId;
    if (!id) return;
    try {
      const d = await this.client.residents.detail.query({ id });
      if (this.selectedId === id) {
        this.detail = d;
        this.stale = false;
      }
    } catch (err) {
      this.error = errorText(err);
    }
  }

  openNew(): void {
    this.selectedId = null;
    this.detail = null;
    this.creating = true;
    this.error = this.notice = null;
  }

  create(f: ResidentFields, consent: boolean): Promise<boolean> {
    if (!this.#siteId) return Promise.resolve(false);
    const siteId = this.#siteId;
    return this.#change(async () => {
      const r = await this.client.residents.create.mutate({ siteId, ...toInput(f), consent });
      this.creating = false;
      this.selectedId = r.id;
      const name = `${f.firstName.trim()} ${f.lastName.trim()}`;
      return () => (consent ? t('missions.residents.addedWithConsent', { name }) : t('missions.residents.added', { name }));
    });
  }

  save(f: ResidentFields): Promise<boolean> {
    const d = this.detail;
    if (!d) return Promise.resolve(false);
    return this.#change(async () => {
      await this.client.residents.update.mutate({ id: d.id, version: d.version, ...toInput(f) });
      return () => t('missions.residents.saved');
    });
  }

  recordConsent(date: string): Promise<boolean> {
    const d = this.detail;
    if (!d) return Promise.resolve(false);
    return this.#change(async () => {
      await this.client.residents.recordConsent.mutate({ id: d.id, version: d.version, date: date || undefined });
      return () => t('missions.residents.consentRecorded');
    });
  }

  withdrawConsent(): Promise<boolean> {
    const d = this.detail;
    if (!d) return Promise.resolve(false);
    return this.#change(async () => {
      await this.client.residents.withdrawConsent.mutate({ id: d.id, version: d.version });
      return () => t('missions.residents.consentWithdrawnNotice');
    });
  }

  setActive(active: boolean, reason: string): Promise<boolean> {
    const d = this.detail;
    if (!d) return Promise.resolve(false);
    return this.#change(async () => {
      await this.client.residents.setActive.mutate({ id: d.id, version: d.version, active, reason });
      return () => (active ? t('missions.residents.reactivated') : t('missions.residents.deactivated'));
    });
  }

  erase(reason: string): Promise<boolean> {
    const d = this.detail;
    if (!d) return Promise.resolve(false);
    return this.#change(async () => {
      await this.client.residents.erase.mutate({ id: d.id, version: d.version, reason });
      return () => t('missions.residents.erasedNotice');
    });
  }

  /** Runs a change; `call` resolves to the words of what it did. */
  async #change(call: () => Promise<() => string>): Promise<boolean> {
    this.busy = true;
    this.notice = null;
    try {
      const done = await call();
      this.error = null;
      this.stale = false;
      await Promise.all([this.load(), this.reloadDetail()]);
      this.#notice = done;
      return true;
    } catch (err) {
      this.error = errorText(err);
      // Core's own (English) message says so, whatever language the refusal is shown in.
      this.stale = /changed since you loaded it/.test(err instanceof Error ? err.message : String(err));
      return false;
    } finally {
      this.busy = false;
    }
  }

  reset(): void {
    this.list = [];
    this.search = '';
    this.includeInactive = false;
    this.selectedId = null;
    this.detail = null;
    this.creating = false;
    this.error = this.notice = null;
    this.stale = false;
    this.busy = false;
    this.#siteId = null;
    this.#latest.drop();
  }
}
