import type { Db } from '../../db/index.js';
import type { SensorLive, SensorReading } from '../contract/index.js';
import type { SensorMessage, Verdict } from './gate.js';
import type { Places } from './places.js';

interface SensorRow { id: string; site_id: string; sensor_key: string; name: string; kind: string; unit: string | null; lat: number | null; lon: number | null; last_value: number | null; last_ts: Date | null }

const live = (r: SensorRow): SensorLive => ({
  id: r.id, key: r.sensor_key, name: r.name, kind: r.kind, unit: r.unit, value: r.last_value, ts: r.last_ts?.toISOString() ?? null, lat: r.lat, lon: r.lon,
});

/**
 * Sensors by site and key. A sensor not registered yet is registered from its first
 * reading if that reading says where it is; otherwise the reading is refused.
 */
export class SensorRegistry {
  readonly latest = new Map<string, SensorLive>();
  private readonly ids = new Map<string, Promise<Verdict<{ id: string }>>>();

  constructor(private readonly db: Db, private readonly places: Places) {}

  async load(): Promise<void> {
    const rows = await this.db.query<SensorRow>('SELECT * FROM fleet.sensors WHERE deleted_at IS NULL');
    for (const r of rows) {
      this.latest.set(r.id, live(r));
      this.ids.set(`${r.site_id}/${r.sensor_key}`, Promise.resolve({ ok: true, value: { id: r.id } }));
    }
  }

  ensure(m: SensorMessage): Promise<Verdict<{ id: string }>> {
    const key = `${m.siteId}/${m.sensorKey}`;
    const known = this.ids.get(key);
    if (known) return known;
    const r = m.reading;
    if (r.lat === undefined || r.lon === undefined) {
      return Promise.resolve({ ok: false, reason: `sensor '${m.sensorKey}' is not registered and its reading gives no lat/lon` });
    }
    const created = this.db.query<SensorRow>(
      `INSERT INTO fleet.sensors (site_id, sensor_key, name, kind, unit, lat, lon) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (site_id, sensor_key) WHERE deleted_at IS NULL DO UPDATE SET kind = fleet.sensors.kind RETURNING *`,
      [m.siteId, m.sensorKey, r.name ?? m.sensorKey, r.kind, r.unit ?? null, r.lat, r.lon],
    ).then(([row]) => {
      this.latest.set(row!.id, live(row!));
      return { ok: true as const, value: { id: row!.id } };
    });
    this.ids.set(key, created);
    created.catch(() => this.ids.delete(key));
    return created;
  }

  /** The sensor's latest value after this reading (older readings do not replace newer ones). */
  record(id: string, r: SensorReading): SensorLive {
    const before = this.latest.get(id)!;
    if (before.ts && Date.parse(before.ts) > Date.parse(r.ts)) return before;
    const next = { ...before, value: r.value, ts: new Date(r.ts).toISOString(), unit: r.unit ?? before.unit, lat: r.lat ?? before.lat, lon: r.lon ?? before.lon };
    this.latest.set(id, next);
    return next;
  }
}
