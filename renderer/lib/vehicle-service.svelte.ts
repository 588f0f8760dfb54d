import type { CentralSignInView, CommandInput, CommandView, DownloadReportView, ErrorFrequency, LocalSiteInput, SyncReportView, VehicleLogInput, VehicleLogs, VehicleServiceView } from '../../core/contract/index.js';
import { errorText } from './errors.js';
import { t } from '../i18n/i18n.svelte.js';
import { attempt, Latest } from './list-detail.svelte.js';
import type { Client } from './trpc.js';

/** What sending a command came to: sent (or kept for a second person), refused, or a question first. */
export type SendResult = { ok: true; command: CommandView } | { ok: false; error: string; askDisturb: boolean };

/**
 * One vehicle's service state for the panel and the field view: safety, order and action
 * states, the commands sent to it and its diagnostic episodes, polled while shown; its commands
 * and maintenance log also read again when they change, here or on another console.
 */
export class VehicleServiceManager {
  vehicleId = $state<string | null>(null);
  view = $state.raw<VehicleServiceView | null>(null);
  error = $state<string | null>(null);
  frequency = $state.raw<ErrorFrequency[]>([]);
  frequencyHours = $state(24 * 7);
  logs = $state.raw<VehicleLogs | null>(null);
  /** The vehicle shown: answers for one shown before are dropped. */
  readonly #shown = new Latest();
  /** Ends the subscription to changed commands and logs (see `changed`). */
  #unwatch: (() => void) | null = null;

  constructor(private readonly client: Client) {}

  show(vehicleId: string | null): void {
    if (vehicleId && !this.#unwatch) {
      const sub = this.client.field.onServiceChanged.subscribe(undefined, { onData: (m) => this.changed(m.ids), onError: () => (this.#unwatch = null) });
      this.#unwatch = () => sub.unsubscribe();
    }
    if (vehicleId === this.vehicleId) return;
    this.#shown.drop();
    this.vehicleId = vehicleId;
    this.view = null;
    this.error = null;
    this.frequency = [];
    this.logs = null;
  }

  /** Loads `id`'s service view (showing it first if another was shown: a reset in between must not stop the polling). */
  async load(id: string | null = this.vehicleId): Promise<void> {
    if (id !== this.vehicleId) this.show(id);
    if (!id) return;
    const fresh = this.#shown.current();
    try {
      const [view, frequency] = await Promise.all([
        this.client.field.service.query({ vehicleId: id }),
        this.client.field.errorFrequency.query({ vehicleId: id, hours: this.frequencyHours }),
      ]);
      if (!fresh()) return;
      this.view = view;
      this.frequency = frequency;
      this.error = null;
    } catch (err) {
      if (fresh()) this.error = errorText(err);
    }
  }

  /** A command or log entry of these vehicles (null: of any) was written, here or on another console: the shown one is read again. */
  private changed(ids: string[] | null): void {
    const id = this.vehicleId;
    if (!id || (ids && !ids.includes(id))) return;
    void this.load();
    if (this.logs) void this.loadLogs();
  }

  async send(input: Omit<CommandInput, 'vehicleId'>): Promise<SendResult> {
    const id = this.vehicleId;
    if (!id) return { ok: false, error: t('fleet.service.noVehicle'), askDisturb: false };
    try {
      const command = await this.client.field.command.mutate({ ...input, vehicleId: id });
      await this.load();
      return { ok: true, command };
    } catch (err) {
      const error = errorText(err);
      return { ok: false, error: error.replace(/^confirmDisturb: /, ''), askDisturb: /^confirmDisturb: /.test(error) };
    }
  }

  /** Confirms, as the second person, a command someone else asked for; the error in words, or null. */
  confirm(commandId: string): Promise<string | null> {
    return attempt(async () => {
      await this.client.field.confirm.mutate({ commandId });
      await this.load();
    });
  }

  async loadLogs(id: string | null = this.vehicleId): Promise<void> {
    if (id !== this.vehicleId) this.show(id);
    if (!id) return;
    const fresh = this.#shown.current();
    try {
      const logs = await this.client.field.logs.query({ vehicleId: id });
      if (fresh()) this.logs = logs;
    } catch (err) {
      if (fresh()) this.error = errorText(err);
    }
  }

  /** Writes a maintenance log entry; the error in words, or null. */
  async addLog(input: Omit<VehicleLogInput, 'vehicleId'>): Promise<string | null> {
    const id = this.vehicleId;
    if (!id) return t('fleet.service.noVehicle');
    return attempt(async () => {
      await this.client.field.addLog.mutate({ ...input, vehicleId: id });
      await this.loadLogs();
    });
  }

  photo(id: string): Promise<string> {
    return this.client.field.photo.query({ id });
  }

  /** Places the vehicle's map frame at the origin the technician gives; the error in words, or null. */
  placeMap(input: LocalSiteInput): Promise<string | null> {
    return attempt(() => this.client.field.localSite.mutate(input));
  }

  /** Pushes this laptop's work to the central console, signed in there; the report, or the error in words. */
  async sync(central: CentralSignInView, decisions: Record<string, 'keep_central' | 'take_laptop'>): Promise<SyncReportView | string> {
    try {
      return await this.client.field.sync.mutate({ ...central, decisions });
    } catch (err) {
      return errorText(err);
    }
  }

  /** Takes the central tickets assigned to the technician and this vehicle's; the report, or the error in words. */
  async download(central: CentralSignInView): Promise<DownloadReportView | string> {
    try {
      return await this.client.field.download.mutate({ ...central, vehicleId: this.vehicleId });
    } catch (err) {
      return errorText(err);
    }
  }

  reset(): void {
    this.#unwatch?.();
    this.#unwatch = null;
    this.show(null);
    this.frequencyHours = 24 * 7;
  }
}
