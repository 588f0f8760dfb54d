// Sensor threshold rules: a reading that crosses a rule's threshold and stays across it
// for the rule's duration raises one alert, which clears itself when a reading is back
// inside the threshold; crossing again soon after reopens it (one episode, counted).
import type { Clock } from '../clock.js';
import { compare, type AlertRule, type SensorLive } from '../contract/index.js';
import { raiseEpisodeAlert, resolveAlert, type AlertDeps } from './raise.js';
import { loadRules } from './rules-store.js';

export class SensorRules {
  private rules: AlertRule[] = [];
  /** `${ruleId}/${sensorId}` → since when the condition holds, and whether it has been raised. */
  private readonly held = new Map<string, { since: number; raised: boolean }>();
  /** A sensor's site, asked once: a burst of readings from a sensor not seen yet shares one query. */
  private readonly siteOfSensor = new Map<string, Promise<string | undefined>>();
  private off = () => {};

  constructor(private readonly deps: AlertDeps & { clock: Clock }) {}

  async start(): Promise<void> {
    await this.reload();
    this.off = this.deps.bus.on('fleet.sensor', (s) => void this.check(s).catch((err: Error) => this.deps.log.error('a sensor rule failed', { err: err.message })));
  }

  stop(): void {
    this.off();
  }

  /** Called after a rule is saved or deleted. */
  async reload(): Promise<void> {
    this.rules = await loadRules(this.deps.db);
  }

  async check(s: SensorLive): Promise<void> {
    if (s.value === null || !s.ts || !this.rules.some((r) => r.enabled && r.sensorKind === s.kind)) return;
    const siteId = await this.site(s.id);
    const at = Date.parse(s.ts);
    for (const rule of this.rules) {
      if (!rule.enabled || rule.siteId !== siteId || rule.sensorKind !== s.kind) continue;
      const key = `${rule.id}/${s.id}`;
      if (!compare(rule.comparison, s.value, rule.threshold)) {
        const was = this.held.get(key);
        this.held.delete(key);
        if (was?.raised && siteId) {
          await resolveAlert(this.deps, { siteId, source: 'sensor-rule', conditionKey: `rule/${rule.id}/sensor/${s.id}` },
            `Cleared by itself: ${s.kind} ${s.value}${s.unit ? ` ${s.unit}` : ''} is back inside ${rule.comparison} ${rule.threshold}.`, this.deps.clock.now());
        }
        continue;
      }
      const h = this.held.get(key) ?? { since: at, raised: false };
      this.held.set(key, h);
      if (h.raised || at - h.since < rule.durationS * 1000) continue;
      h.raised = true;
      const since = new Date(h.since);
      const now = this.deps.clock.now();
      await raiseEpisodeAlert(this.deps, {
        siteId, source: 'sensor-rule', conditionKey: `rule/${rule.id}/sensor/${s.id}`, type: `sensor_${s.kind}`, severity: rule.severity,
        title: `${s.name}: ${s.kind} ${s.value}${s.unit ? ` ${s.unit}` : ''} (${rule.name})`,
        description: `${s.kind} ${rule.comparison} ${rule.threshold} for ${rule.durationS} s since ${since.toISOString()}.`,
        lat: s.lat, lon: s.lon, sensorId: s.id, ruleId: rule.id, raw: { reading: s, rule }, occurredAt: since, receivedAt: now,
      }, true);
    }
  }

  private site(sensorId: string): Promise<string | undefined> {
    let site = this.siteOfSensor.get(sensorId);
    if (!site) {
      site = this.deps.db.query<{ site_id: string }>('SELECT site_id FROM fleet.sensors WHERE id = $1', [sensorId]).then(([row]) => row?.site_id);
      this.siteOfSensor.set(sensorId, site);
      // Not found (or the database away): asked again next time.
      site.then((id) => id === undefined && this.siteOfSensor.delete(sensorId), () => this.siteOfSensor.delete(sensorId));
    }
    return site;
  }
}
