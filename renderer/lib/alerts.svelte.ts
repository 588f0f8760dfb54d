import type { IncidentCategory, IncidentView } from '../../core/contract/index.js';
import { Beeper } from './alarm-sound.js';
import { errorText } from './errors.js';
import { attempt, Latest } from './list-detail.svelte.js';
import { alarmSummary, inboxOrder, unheard, type AlertView } from './incident-format.js';
import type { Client } from './trpc.js';

export interface ConvertInput {
  type: string;
  category: IncidentCategory;
  priority: number;
  title: string;
  needs: string[];
}

const MUTE_KEY = 'wf_alarm_muted';

/**
 * The alert inbox (open alerts) and the alarms this user must hear (severity 1–2, not
 * acknowledged), both kept live by `ops.onChanged`. Runs for every user who may read
 * incidents, whatever the view: the alarm is in the top bar.
 */
export class AlertsManager {
  alerts = $state.raw<AlertView[]>([]);
  alarms = $state.raw<AlertView[]>([]);
  error = $state<string | null>(null);
  loaded = $state(false);
  selectedId = $state<string | null>(null);
  muted = $state(localStorage.getItem(MUTE_KEY) === '1');
  /** Beeps played (a test hook: the page's sound cannot be heard by a test). */
  beeps = $state(0);

  readonly beeper = new Beeper();
  #siteId: string | null = null;
  #subscription: (() => void) | null = null;
  #heard = new Set<string>();
  readonly #latest = new Latest();
  /** Called with the changed ids after each change, so the incidents board reloads on the same feed. */
  onChange: ((changed: { alerts: string[]; incidents: string[]; resources: string[] }) => void) | null = null;

  constructor(private readonly client: Client) {}

  inbox = $derived(inboxOrder(this.alerts));
  summary = $derived(alarmSummary(this.alarms));
  selected = $derived(this.alerts.find((a) => a.id === this.selectedId) ?? null);

  start(siteId: string): void {
    this.stop();
    this.#siteId = siteId;
    const sub = this.client.ops.onChanged.subscribe(undefined, {
      onData: (changed) => {
        if (changed.alerts.length || (!changed.incidents.length && !changed.resources.length)) void this.reload();
        this.onChange?.(changed);
      },
      onError: (err) => (this.error = errorText(err)),
    });
    this.#subscription = () => sub.unsubscribe();
    void this.reload();
  }

  stop(): void {
    this.#subscription?.();
    this.#subscription = null;
  }

  async reload(): Promise<void> {
    const fresh = this.#latest.next();
    const siteId = this.#siteId;
    try {
      const [alerts, alarms] = await Promise.all([
        this.client.ops.alerts.query({ ...(siteId ? { siteId } : {}), statuses: ['new', 'acknowledged'] }),
        this.client.ops.alarms.query({}),
      ]);
      if (!fresh()) return;
      this.alerts = alerts;
      this.alarms = alarms;
      this.error = null;
      this.loaded = true;
      this.#sound(alarms);
    } catch (err) {
      if (fresh()) this.error = errorText(err);
    }
  }

  /** One beep for any alarm not heard before; muted alarms count as heard, so unmuting does not beep for old ones. */
  #sound(alarms: AlertView[]): void {
    const fresh = unheard(alarms, this.#heard);
    for (const id of fresh) this.#heard.add(id);
    if (fresh.length && !this.muted && this.beeper.beep()) this.beeps = this.beeper.played;
  }

  setMuted(on: boolean): void {
    this.muted = on;
    localStorage.setItem(MUTE_KEY, on ? '1' : '0');
  }

  select(id: string | null): void {
    this.selectedId = id;
  }

  acknowledge(id: string): Promise<string | null> {
    return this.#try(() => this.client.ops.acknowledgeAlert.mutate({ id }));
  }

  dismiss(id: string, reason: string): Promise<string | null> {
    return this.#try(() => this.client.ops.dismissAlert.mutate({ id, reason }));
  }

  /** The alert as an incident; answers the incident, or the refusal as a sentence. */
  async convert(id: string, input: ConvertInput): Promise<{ incident: IncidentView } | { error: string }> {
    let incident: IncidentView | null = null;
    const error = await this.#try(async () => (incident = await this.client.ops.convertAlert.mutate({ id, ...input })));
    return error === null ? { incident: incident! } : { error };
  }

  #try(call: () => Promise<unknown>): Promise<string | null> {
    return attempt(call, () => void this.reload());
  }

  reset(): void {
    this.stop();
    this.#latest.drop();
    this.#siteId = null;
    this.#heard = new Set();
    this.alerts = [];
    this.alarms = [];
    this.error = null;
    this.loaded = false;
    this.selectedId = null;
  }
}
