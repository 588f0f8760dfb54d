import type { AuditExportResult, AuditFilter, AuditRecord, TransferStatus } from '../../core/contract/index.js';
import { errorText } from './errors.js';
import { Latest } from './list-detail.svelte.js';
import { siteLocalToIso } from './time.js';
import { TransferRun } from './transfer.svelte.js';
import type { Client } from './trpc.js';

const PAGE = 200;

/** The filter as the form holds it: strings, '' meaning "any". */
export interface FilterForm {
  from: string;
  to: string;
  actor: string;
  action: string;
  resourceType: string;
  outcome: '' | 'success' | 'denied' | 'failed';
  text: string;
}
const emptyFilter = (): FilterForm => ({ from: '', to: '', actor: '', action: '', resourceType: '', outcome: '', text: '' });

/** Audit entries newest first, loaded a page at a time by keyset (`before` = the oldest seq loaded). */
export class AuditManager {
  filter = $state<FilterForm>(emptyFilter());
  entries = $state.raw<AuditRecord[]>([]);
  facets = $state.raw<{ actions: string[]; resourceTypes: string[] }>({ actions: [], resourceTypes: [] });
  loading = $state(false);
  /** The last page came back short: there is nothing older. */
  done = $state(false);
  error = $state<string | null>(null);
  selectedSeq = $state<number | null>(null);
  selected = $derived(this.entries.find((e) => e.seq === this.selectedSeq) ?? null);
  /** Entries with a place, for the map. */
  points = $derived(
    this.entries.filter((e) => e.lat !== null && e.lon !== null).map((e) => ({ id: e.seq, lat: e.lat!, lon: e.lon!, label: e.action })),
  );
  timeZone = 'UTC';
  /** A page that answers after the filter changed is dropped. */
  readonly #latest = new Latest();

  constructor(private readonly client: Client) {
    this.exportRun = new TransferRun(client);
  }

  query(): AuditFilter {
    const f = this.filter;
    const q: AuditFilter = {};
    if (f.from) q.from = siteLocalToIso(f.from, this.timeZone);
    if (f.to) q.to = siteLocalToIso(f.to, this.timeZone);
    if (f.actor.trim()) q.actor = f.actor.trim();
    if (f.action) q.action = f.action;
    if (f.resourceType) q.resourceType = f.resourceType;
    if (f.outcome) q.outcome = f.outcome;
    if (f.text.trim()) q.text = f.text.trim();
    return q;
  }

  async reload(): Promise<void> {
    this.#latest.drop();
    this.entries = [];
    this.done = false;
    this.loading = false;
    await this.loadMore();
  }

  async loadMore(): Promise<void> {
    if (this.loading || this.done) return;
    const fresh = this.#latest.current();
    const before = this.entries.at(-1)?.seq;
    this.loading = true;
    try {
      const page = await this.client.audit.list.query({ ...this.query(), before, limit: PAGE });
      if (!fresh()) return;
      // JSON drops `undefined`, so the wire type marks the value columns optional; they are null when empty.
      this.entries = [...this.entries, ...page.map((e) => ({ ...e, oldValues: e.oldValues ?? null, newValues: e.newValues ?? null }))];
      this.done = page.length < PAGE;
      this.error = null;
    } catch (err) {
      if (fresh()) this.error = errorText(err);
    } finally {
      if (fresh()) this.loading = false;
    }
  }

  async loadFacets(): Promise<void> {
    this.facets = await this.client.audit.facets.query().catch(() => this.facets);
  }

  /** The log exported as a transfer (JSONL and its manifest, written by core a page at a time); core audits it when complete. */
  readonly exportRun: TransferRun;

  async exportLog(): Promise<TransferStatus> {
    return this.exportRun.follow(await this.client.transfer.auditExport.mutate({}));
  }

  clearFilter(): void {
    this.filter = emptyFilter();
  }

  reset(): void {
    this.exportRun.reset();
    this.#latest.drop();
    this.filter = emptyFilter();
    this.entries = [];
    this.facets = { actions: [], resourceTypes: [] };
    this.loading = false;
    this.done = false;
    this.error = null;
    this.selectedSeq = null;
  }
}
