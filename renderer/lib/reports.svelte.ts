import type { ExportFormat, Report, ReportKind } from '../../core/contract/index.js';
import { locale } from '../i18n/i18n.svelte.js';
import { downloadBase64 } from './download.js';
import { errorText } from './errors.js';
import { Latest } from './list-detail.svelte.js';
import { emptyForm, reportInput, type ReportForm } from './report-form.js';
import type { Client } from './trpc.js';

/** The reports view: which report, its form, and the last answer. */
export class ReportsManager {
  kind = $state<ReportKind>('response');
  form = $state<ReportForm>(emptyForm(Date.now(), 'UTC'));
  report = $state.raw<Report | null>(null);
  loading = $state(false);
  exporting = $state<ExportFormat | null>(null);
  error = $state<string | null>(null);
  /** The report asked for last: an earlier answer is dropped. */
  readonly #latest = new Latest();

  constructor(private readonly client: Client) {}

  /** The form's range starts from today at the site. */
  start(timeZone: string): void {
    this.form = emptyForm(Date.now(), timeZone);
  }

  async run(siteId: string): Promise<void> {
    const fresh = this.#latest.next();
    const kind = this.kind;
    this.loading = true;
    this.error = null;
    try {
      const input = reportInput(kind, this.form, siteId, locale()) as never;
      const r = kind === 'response' ? await this.client.reports.response.query(input)
        : kind === 'transports' ? await this.client.reports.transports.query(input)
        : kind === 'fleet' ? await this.client.reports.fleet.query(input)
        : await this.client.reports.city.query(input);
      if (fresh()) this.report = r;
    } catch (err) {
      if (fresh()) {
        this.error = errorText(err);
        this.report = null;
      }
    } finally {
      if (fresh()) this.loading = false;
    }
  }

  async exportFile(siteId: string, format: ExportFormat): Promise<void> {
    this.exporting = format;
    this.error = null;
    try {
      const input = { ...reportInput(this.kind, this.form, siteId, locale()), format } as never;
      const k = this.kind;
      const f = k === 'response' ? await this.client.reports.responseFile.query(input)
        : k === 'transports' ? await this.client.reports.transportsFile.query(input)
        : k === 'fleet' ? await this.client.reports.fleetFile.query(input)
        : await this.client.reports.cityFile.query(input);
      downloadBase64(f.name, f.base64, f.mime);
    } catch (err) {
      this.error = errorText(err);
    } finally {
      this.exporting = null;
    }
  }

  choose(kind: ReportKind): void {
    this.kind = kind;
    this.report = null;
    this.error = null;
  }

  reset(): void {
    this.#latest.drop();
    this.kind = 'response';
    this.report = null;
    this.error = null;
    this.loading = false;
  }
}
