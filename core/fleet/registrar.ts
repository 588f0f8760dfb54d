// Vehicles heard for the first time are registered together: everything that arrives while one
// batch commits goes in the next, one transaction (and one set of audit statements) each. A fleet
// of thousands coming online at once is then a few dozen transactions in a row instead of one per
// vehicle all queued at once, and whoever else asks the database waits for one batch at most.
import type { Db } from '../../db/index.js';
import { appendAuditMany } from '../audit/store.js';
import { entryFor } from '../audit/write.js';
import type { Clock } from '../clock.js';
import { VEHICLE_COLUMNS, type VehicleRow } from './rows.js';

export interface NewVehicle {
  manufacturer: string;
  serialNumber: string;
  siteId: string | null;
  /** Registered as confirmed (the demo's own simulated fleet); any other waits for fleet:manage. */
  trusted: boolean;
}

export type RegisteredRow = VehicleRow & { site_id: string | null; created: boolean };

type Queued = { vehicle: NewVehicle; waiters: { ok: (r: RegisteredRow) => void; fail: (e: Error) => void }[] };

/** The most vehicles one transaction registers. */
const BATCH = 500;

export class Registrar {
  private readonly queue = new Map<string, Queued>();
  private running = false;

  constructor(private readonly db: Db, private readonly clock: Clock) {}

  /** Resolves with the vehicle's row once its batch commits; a vehicle asked for twice is registered once. */
  register(vehicle: NewVehicle): Promise<RegisteredRow> {
    const key = `${vehicle.manufacturer}/${vehicle.serialNumber}`;
    return new Promise((ok, fail) => {
      const queued = this.queue.get(key) ?? { vehicle, waiters: [] };
      queued.waiters.push({ ok, fail });
      this.queue.set(key, queued);
      if (!this.running) void this.run();
    });
  }

  private async run(): Promise<void> {
    this.running = true;
    // What arrives in the same turn of the event loop (a burst of first messages) goes in the first batch.
    await new Promise((r) => setImmediate(r));
    try {
      while (this.queue.size) {
        const batch: Queued[] = [];
        for (const [key, queued] of this.queue) {
          if (batch.length === BATCH) break;
          batch.push(queued);
          this.queue.delete(key);
        }
        // A batch the database refuses is tried a vehicle at a time: only what it refuses fails (and is quarantined by ingest).
        const rows = batch.length > 1 ? await this.insert(batch.map((b) => b.vehicle)).catch(() => null) : null;
        for (const [i, b] of batch.entries()) {
          const row = rows?.[i] ?? await this.insert([b.vehicle]).then((r) => r[0]!, (err: Error) => err);
          for (const w of b.waiters) {
            if (row instanceof Error) w.fail(row);
            else w.ok(row);
          }
        }
      }
    } finally {
      this.running = false;
    }
  }

  /** One transaction: the rows (an existing one keeps its site, or takes this one's), and an audit entry for each created. */
  private insert(vehicles: NewVehicle[]): Promise<RegisteredRow[]> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<RegisteredRow>(
        `WITH v AS (
           SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(n int, manufacturer text, serial_number text, name text, site_id uuid, trusted boolean)
         ), ins AS (
           INSERT INTO fleet.vehicles (manufacturer, serial_number, name, site_id, confirmed_at)
           SELECT manufacturer, serial_number, name, site_id, CASE WHEN trusted THEN now() END FROM v ORDER BY n
           ON CONFLICT (manufacturer, serial_number) WHERE deleted_at IS NULL DO UPDATE SET site_id = COALESCE(fleet.vehicles.site_id, EXCLUDED.site_id)
           RETURNING ${VEHICLE_COLUMNS}, site_id, (xmax = 0) AS created
         )
         SELECT ins.* FROM ins JOIN v ON v.manufacturer = ins.manufacturer AND v.serial_number = ins.serial_number ORDER BY v.n`,
        [JSON.stringify(vehicles.map((v, n) => ({ n, manufacturer: v.manufacturer, serial_number: v.serialNumber, name: v.serialNumber.slice(0, 100), site_id: v.siteId, trusted: v.trusted })))],
      );
      const created = rows.filter((r) => r.created);
      await appendAuditMany(tx, created.map((r) => entryFor(
        { user: null, requestId: 'ingest', path: 'fleet.registerVehicle' },
        { resourceType: 'vehicle', resourceId: r.id, siteId: r.site_id }, 'success',
        { newValues: { manufacturer: r.manufacturer, serialNumber: r.serial_number, confirmed: r.confirmed_at !== null } },
      )), this.clock.now());
      return rows;
    });
  }
}
