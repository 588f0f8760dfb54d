// Issue 13 item 1: forgetting to announce a change must be impossible by construction. Changes are
// announced by the database itself (events.watch puts an `announce_…` trigger on a table, 0017):
// every table the console writes either carries one, or is named here with the reason it does not.
// A table added without either fails this test by name.
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, openPglite, type Db } from '../../db/index.js';

const NOT_ANNOUNCED: Record<string, string> = {
  'audit.checkpoints': 'the audit log: appended with the change it records, which is announced',
  'audit.entries': 'the audit log: appended with the change it records, which is announced',
  'city.open311_imports': 'an import\'s bookkeeping; the requests it writes are announced',
  'city.open311_undo': 'an import\'s bookkeeping; the requests it writes are announced',
  'events.changes': 'the change stream itself',
  'events.pruned': 'the change stream itself',
  'fleet.field_audit_entries': 'a field laptop\'s sync bookkeeping; what it syncs is announced where it lands',
  'fleet.field_pushed': 'a field laptop\'s sync bookkeeping; what it syncs is announced where it lands',
  'fleet.field_sources': 'a field laptop\'s sync bookkeeping; what it syncs is announced where it lands',
  'fleet.field_ticket_bases': 'a field laptop\'s sync bookkeeping; what it syncs is announced where it lands',
  'fleet.sensor_readings': 'telemetry: every console draws it from its own MQTT subscription',
  'fleet.telemetry': 'telemetry: every console draws it from its own MQTT subscription',
  'fleet.telemetry_1m': 'telemetry roll-ups, written by retention',
  'fleet.telemetry_1s': 'telemetry roll-ups, written by retention',
  'fleet.telemetry_rollups': 'telemetry roll-ups, written by retention',
  'fleet.vehicle_connections': 'VDA 5050 connection states: live over MQTT',
  'fleet.vehicle_diagnostics': 'the vehicle service view polls a vehicle\'s diagnostics while it is shown',
  'fleet.vehicle_log_photos': 'a log entry\'s photos, written with the entry, which is announced',
  'iam.permissions': 'fixed by the migrations',
  'iam.user_site_choice': 'one user\'s own remembered site',
  'ingest.quarantine': 'counted in the status every console polls',
  'ops.incident_counters': 'incident numbering; the incident is announced',
  'org.case_cells': 'map cluster cells kept by triggers from cases, which are announced',
  'org.map_plans': 'a plan image; placing it changes its map, which is announced',
};

describe('every table announces its changes, or says why not', () => {
  let db: Db;
  afterAll(async () => db?.close());

  it('finds no table without an announce trigger that is not named with its reason', async () => {
    db = await openPglite();
    await migrate(db);
    const silent = await db.query<{ name: string }>(
      `SELECT format('%s.%s', n.nspname, c.relname) AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname IN ('iam', 'org', 'fleet', 'ops', 'city', 'ingest', 'events', 'audit')
         AND NOT EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = c.oid AND g.tgname LIKE 'announce%')
       ORDER BY 1`);
    // A new table here: watch it (SELECT events.watch(…) in its migration), or name it above with the reason.
    expect(silent.map((r) => r.name)).toEqual(Object.keys(NOT_ANNOUNCED).sort());
    const watched = await db.query<{ n: number }>(
      "SELECT count(DISTINCT tgrelid)::int AS n FROM pg_trigger WHERE tgname LIKE 'announce%'");
    expect(watched[0]!.n).toBeGreaterThan(30);
  });
});
