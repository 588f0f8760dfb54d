// Reports on both engines: a small history seeded by hand, and the figures worked out by hand
// (medians, 90th percentiles, on-time share, backlog) equal the report's, in its CSV and XLSX too.
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Report } from '../../core/contract/index.js';
import { testCore } from '../../core/testing.js';
import type { Db } from '../../db/index.js';
import { engines } from './engines.js';

type T = Awaited<ReturnType<typeof testCore>>;
const range = { from: '2026-11-16', to: '2026-11-22' }; // Europe/Amsterdam: 2026-11-15T23:00Z to 2026-11-22T23:00Z

async function seed(db: Db) {
  const [site] = await db.query<{ id: string; map: string }>("SELECT s.id, m.id AS map FROM org.sites s JOIN org.site_maps m ON m.site_id = s.id WHERE s.slug = 'lindenhof'");
  const siteId = site!.id;
  const one = async (sql: string, params: unknown[]) => (await db.query<{ id: string }>(sql, params))[0]!.id;
  // Incidents: [priority, type, alert received, acknowledged, created, on scene, resolved].
  const incidents: [number, string, string | null, string | null, string, string, string | null][] = [
    [1, 'fall', '2026-11-20T10:00Z', '2026-11-20T10:02Z', '2026-11-20T10:03Z', '2026-11-20T10:12Z', '2026-11-20T10:40Z'],
    [1, 'fall', null, null, '2026-11-21T08:00Z', '2026-11-21T08:20Z', '2026-11-21T09:00Z'],
    [3, 'smoke', '2026-11-21T12:00Z', '2026-11-21T12:06Z', '2026-11-21T12:10Z', '2026-11-21T12:30Z', null],
    [3, 'smoke', null, null, '2026-11-15T23:30Z', '2026-11-15T23:40Z', '2026-11-16T00:00Z'], // 00:30 on the 16th at the site: in
    [2, 'fall', null, null, '2026-11-22T23:30Z', '2026-11-22T23:45Z', null], // 00:30 on the 23rd at the site: out
  ];
  let n = 0;
  for (const [priority, type, received, acked, created, scene, resolved] of incidents) {
    const alertId = received ? await one(
      `INSERT INTO ops.alerts (site_id, source, external_id, type, severity, title, status, occurred_at, received_at, acknowledged_at)
       VALUES ($1, 'panel', $2, $3, $4, 'Alert', 'acknowledged', $5, $5, $6) RETURNING id`, [siteId, `x${++n}`, type, priority, received, acked]) : null;
    const id = await one(
      `INSERT INTO ops.incidents (site_id, type, category, priority, title, created_at, source_alert_id) VALUES ($1, $2, 'medical', $3, 'Incident', $4, $5) RETURNING id`,
      [siteId, type, priority, created, alertId]);
    for (const [to, at] of [['on_scene', scene], ['resolved', resolved]] as const) {
      if (at) await db.query("INSERT INTO ops.case_events (case_type, incident_id, kind, details, created_at) VALUES ('incident', $1, 'status', $2, $3)", [id, JSON.stringify({ to }), at]);
    }
  }
  const vehicle = (name: string) => one("INSERT INTO fleet.vehicles (site_id, manufacturer, serial_number, name) VALUES ($1, 'T', $2, $2) RETURNING id", [siteId, name]);
  const v1 = await vehicle('Robot 1');
  const v2 = await vehicle('Robot 2');
  const resident = await one(
    `INSERT INTO fleet.residents (site_id, first_name, last_name, date_of_birth, wheelchair_type, gdpr_consent, gdpr_consent_at)
     VALUES ($1, 'Ada', 'Visser', '1941-03-02', 'manual', true, now()) RETURNING id`, [siteId]);
  // Transports: [vehicle, pick-up, status, created, scheduled, started, picked up, completed, failure].
  const missions: [string | null, string, string, string, string | null, string | null, string | null, string | null, string | null][] = [
    [v1, 'ward-west', 'completed', '2026-11-20T09:00Z', null, '2026-11-20T09:02Z', '2026-11-20T09:05Z', '2026-11-20T09:20Z', null],
    [v1, 'ward-west', 'completed', '2026-11-20T10:00Z', '2026-11-20T10:30Z', '2026-11-20T10:35Z', '2026-11-20T10:45Z', '2026-11-20T11:00Z', null],
    [v2, 'gate', 'completed', '2026-11-21T07:00Z', null, '2026-11-21T07:01Z', '2026-11-21T07:04Z', '2026-11-21T07:10Z', null],
    [v2, 'gate', 'failed', '2026-11-21T08:00Z', null, '2026-11-21T08:05Z', null, null, 'obstacle on the path'],
    [null, 'ward-west', 'cancelled', '2026-11-21T09:00Z', null, null, null, null, null],
  ];
  for (const [v, pickup, status, created, scheduled, started, picked, completed, failure] of missions) {
    await db.query(
      `INSERT INTO fleet.missions (site_id, site_map_id, resident_id, vehicle_id, pickup_node, dropoff_node, status, created_at, scheduled_at, started_at, picked_up_at, completed_at, failure_reason)
       VALUES ($1, $2, $3, $4, $5, 'rehab-south', $6, $7, $8, $9, $10, $11, $12)`,
      [siteId, site!.map, resident, v, pickup, status, created, scheduled, started, picked, completed, failure]);
  }
  // Telemetry: Robot 1 ten minutes every 10 s, driving at 1 m/s for the first five, battery 80; Robot 2 three minutes at 15 %.
  await db.query(
    `INSERT INTO fleet.telemetry (vehicle_id, ts, speed, battery, driving)
     SELECT $1, '2026-11-20T09:00Z'::timestamptz + g * interval '10 seconds', CASE WHEN g < 30 THEN 1 ELSE 0 END, 80, g < 30 FROM generate_series(0, 59) g`, [v1]);
  await db.query(
    `INSERT INTO fleet.telemetry (vehicle_id, ts, speed, battery, driving)
     SELECT $1, '2026-11-21T07:00Z'::timestamptz + g * interval '10 seconds', 0, 15, false FROM generate_series(0, 17) g`, [v2]);
  for (const [v, type, level, first, end] of [[v1, 'laserScanner', 'WARNING', '2026-11-20T09:00Z', '2026-11-20T09:05Z'], [v1, 'laserScanner', 'WARNING', '2026-11-20T10:00Z', '2026-11-20T10:03Z'], [v2, 'batteryLow', 'FATAL', '2026-11-21T07:00Z', '2026-11-21T07:01Z']]) {
    await db.query(`INSERT INTO fleet.vehicle_diagnostics (vehicle_id, kind, entry_type, level, entry_key, first_seen, last_seen, ended_at) VALUES ($1, 'error', $2, $3, $4, $5, $6, $6)`,
      [v, type, level, `${type}-${first}`, first, end]);
  }
  // Requests: [category, status, requested, closed].
  await db.query("INSERT INTO city.services (site_id, service_code, service_name) VALUES ($1, 'pothole', 'Pothole'), ($1, 'streetlight', 'Street light')", [siteId]);
  for (const [category, status, requested, closed] of [
    ['pothole', 'closed', '2026-11-16T08:00Z', '2026-11-18T08:00Z'], ['pothole', 'open', '2026-11-20T08:00Z', null],
    ['streetlight', 'in_progress', '2026-11-21T08:00Z', null], ['streetlight', 'open', '2026-11-10T08:00Z', null],
  ]) {
    await db.query('INSERT INTO city.service_requests (site_id, category, lat, lon, status, requested_at, closed_at) VALUES ($1, $2, 51.44, 5.47, $3, $4, $5)', [siteId, category, status, requested, closed]);
  }
  return { siteId, v1 };
}

const table = (r: Report, id: string) => r.tables.find((t) => t.id === id)!.rows;

for (const engine of engines()) {
  // Three sign-ins and a seeded week: more than a minute on a loaded machine.
  describe.skipIf(!engine.available)(`reports on ${engine.name}`, { timeout: 180_000 }, () => {
    let t: T | null = null;
    afterEach(async () => {
      await t?.core.stop();
      await t?.db.close();
      t = null;
    });

    it('computes response times, transports, the fleet and the city as worked out by hand', async () => {
      t = await testCore({ db: await engine.fresh() });
      await t.core.start();
      const { siteId, v1 } = await seed(t.db);
      const api = await t.signedIn(['viewer']);

      const response = await api.reports.response({ siteId, ...range });
      expect(response.timeZone).toBe('Europe/Amsterdam');
      expect(table(response, 'response')).toEqual([
        { group: 'P1', incidents: 2, ack_p50: 1, ack_p90: 1.8, scene_p50: 16, scene_p90: 19.2, resolved_p50: 50, resolved_p90: 58, reached_scene: 2, resolved: 2 },
        { group: 'P3', incidents: 2, ack_p50: 3, ack_p90: 5.4, scene_p50: 20, scene_p90: 28, resolved_p50: 30, resolved_p90: 30, reached_scene: 2, resolved: 1 },
        { group: 'All', incidents: 4, ack_p50: 1, ack_p90: 4.8, scene_p50: 16, scene_p90: 27, resolved_p50: 40, resolved_p90: 56, reached_scene: 4, resolved: 3 },
      ]);
      expect(response.charts[0]).toMatchObject({ x: ['P1', 'P3'], series: [{ label: 'Acknowledged', values: [1, 3] }, { label: 'On scene', values: [16, 20] }, { label: 'Resolved', values: [50, 30] }] });
      expect(table(await api.reports.response({ siteId, ...range, groupBy: 'type', priorities: [3] }), 'response').map((r) => [r.group, r.incidents])).toEqual([['smoke', 2], ['All', 2]]);

      const transports = await api.reports.transports({ siteId, ...range });
      expect(table(transports, 'transports')).toEqual([
        { group: 'No vehicle', transports: 1, completed: 0, failed: 0, cancelled: 1, wait_p50: null, wait_p90: null, duration_p50: null, on_time: null },
        { group: 'Robot 1', transports: 2, completed: 2, failed: 0, cancelled: 0, wait_p50: 10, wait_p90: 14, duration_p50: 21.5, on_time: 50 },
        { group: 'Robot 2', transports: 2, completed: 1, failed: 1, cancelled: 0, wait_p50: 4.5, wait_p90: 4.9, duration_p50: 9, on_time: 100 },
        { group: 'All', transports: 5, completed: 3, failed: 1, cancelled: 1, wait_p50: 5, wait_p90: 12, duration_p50: 18, on_time: 66.7 },
      ]);
      expect(table(transports, 'failures')).toEqual([{ reason: 'obstacle on the path', failed: 1 }]);
      // Hours of day in the site's zone (UTC+1 in November); the scheduled time counts where there is one.
      expect(table(await api.reports.transports({ siteId, ...range, groupBy: 'hour' }), 'transports').map((r) => [r.group, r.transports]))
        .toEqual([['08:00', 1], ['09:00', 1], ['10:00', 2], ['11:00', 1], ['All', 5]]);
      expect(table(await api.reports.transports({ siteId, ...range, groupBy: 'ward', vehicleId: v1 }), 'transports').map((r) => [r.group, r.transports]))
        .toEqual([['Linden Ward West Door', 2], ['All', 2]]);

      const fleet = await api.reports.fleet({ siteId, ...range });
      expect(table(fleet, 'vehicles')).toEqual([
        { vehicle: 'Robot 1', online_h: 0.17, driving_pct: 50, distance_km: 0.3, transports: 2, battery_min: 80, battery_avg: 80, low_battery_min: 0, errors: 2 },
        { vehicle: 'Robot 2', online_h: 0.05, driving_pct: 0, distance_km: 0, transports: 1, battery_min: 15, battery_avg: 15, low_battery_min: 3, errors: 1 },
      ]);
      expect(table(fleet, 'errors')).toEqual([
        { code: 'laserScanner', level: 'WARNING', count: 2, vehicles: 1, minutes: 8 },
        { code: 'batteryLow', level: 'FATAL', count: 1, vehicles: 1, minutes: 1 },
      ]);

      const city = await api.reports.city({ siteId, ...range });
      expect(table(city, 'requests')).toEqual([
        { group: 'Pothole', requests: 2, open: 1, in_progress: 0, closed: 1, close_days: 2, open_days: 2.6 },
        { group: 'Street light', requests: 1, open: 0, in_progress: 1, closed: 0, close_days: null, open_days: 1.6 },
      ]);
      expect(table(city, 'backlog').map((r) => r.open)).toEqual([2, 2, 1, 1, 2, 3, 3]);
      expect(table(city, 'backlog')[0]).toEqual({ day: '2026-11-16', open: 2 });
      expect(table(await api.reports.city({ siteId, ...range, groupBy: 'age' }), 'requests').map((r) => [r.group, r.requests])).toEqual([['1–7 days', 3]]);
    });

    it('exports CSV and XLSX holding the same numbers (the XLSX read back with exceljs), and refuses bad ranges and missing permissions', async () => {
      t = await testCore({ db: await engine.fresh() });
      await t.core.start();
      const { siteId } = await seed(t.db);
      const api = await t.signedIn(['viewer']);
      const report = await api.reports.transports({ siteId, ...range });

      const csv = await api.reports.transportsFile({ siteId, ...range, format: 'csv' });
      expect(csv.name).toBe('watchfloor-transports-2026-11-16-to-2026-11-22.csv');
      const text = Buffer.from(csv.base64, 'base64').toString('utf8');
      const lines = text.split('\r\n');
      expect(lines[0]).toBe('"Transports, 2026-11-16 to 2026-11-22 (Europe/Amsterdam)"');
      expect(lines.slice(2, 8)).toEqual([
        'Transports by vehicle',
        'Vehicle,Transports,Completed,Failed,Cancelled,"Wait, median (min)","Wait, 90th percentile (min)","Duration, median (min)","On time (%, ≤ 10 min)"',
        'No vehicle,1,0,0,1,,,,', 'Robot 1,2,2,0,0,10,14,21.5,50', 'Robot 2,2,1,1,0,4.5,4.9,9,100', 'All,5,3,1,1,5,12,18,66.7',
      ]);
      expect(text).toContain('Failures by reason\r\nReason,Failed\r\nobstacle on the path,1\r\n');

      const xlsx = await api.reports.transportsFile({ siteId, ...range, format: 'xlsx' });
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(Buffer.from(xlsx.base64, 'base64') as never);
      expect(book.worksheets.map((w) => w.name)).toEqual(['Report', 'Transports by vehicle', 'Failures by reason']);
      const sheet = book.getWorksheet('Transports by vehicle')!;
      const read: unknown[][] = [];
      sheet.eachRow((row) => read.push((row.values as unknown[]).slice(1)));
      const cols = report.tables[0]!.columns;
      expect(read[0]).toEqual(cols.map((c) => c.label));
      // Empty cells read back as missing; the numbers are numbers, the same as the report's.
      expect(read.slice(1).map((r) => cols.map((_, i) => r[i] ?? null))).toEqual(report.tables[0]!.rows.map((r) => cols.map((c) => r[c.key])));
      expect(book.getWorksheet('Report')!.getCell('B4').value).toBe('Europe/Amsterdam');

      // In the operator's language: titles, column names and the values core names itself; the numbers the same.
      const dutch = await api.reports.transportsFile({ siteId, ...range, lang: 'nl', format: 'csv' });
      const nl = Buffer.from(dutch.base64, 'base64').toString('utf8').split('\r\n');
      expect(nl[0]).toBe('"Vervoer, 2026-11-16 t/m 2026-11-22 (Europe/Amsterdam)"');
      expect(nl.slice(2, 8)).toEqual([
        'Vervoer per voertuig',
        'Voertuig,Vervoer,Voltooid,Mislukt,Geannuleerd,"Wachttijd, mediaan (min)","Wachttijd, 90e percentiel (min)","Duur, mediaan (min)","Op tijd (%, ≤ 10 min)"',
        'Geen voertuig,1,0,0,1,,,,', 'Robot 1,2,2,0,0,10,14,21.5,50', 'Robot 2,2,1,1,0,4.5,4.9,9,100', 'Alle,5,3,1,1,5,12,18,66.7',
      ]);
      const city = await api.reports.city({ siteId, ...range, lang: 'nl', groupBy: 'age' });
      expect(city).toMatchObject({ title: 'Meldingen in de stad', lang: 'nl', charts: [{ title: 'Meldingen per leeftijd' }, { title: 'Achterstand door de tijd' }] });
      expect(city.tables[0]!.rows.map((r) => [r.group, r.requests])).toEqual([['1–7 dagen', 3]]);
      const xlsxNl = new ExcelJS.Workbook();
      await xlsxNl.xlsx.load(Buffer.from((await api.reports.transportsFile({ siteId, ...range, lang: 'nl', format: 'xlsx' })).base64, 'base64') as never);
      expect(xlsxNl.worksheets.map((w) => w.name)).toEqual(['Rapport', 'Vervoer per voertuig', 'Mislukt per reden']);
      await expect(api.reports.transports({ siteId, ...range, lang: 'fr' as never })).rejects.toThrow(/lang/);

      await expect(api.reports.transports({ siteId, from: '2026-11-22', to: '2026-11-16' })).rejects.toThrow('the range ends before it starts.');
      await expect(api.reports.transports({ siteId, from: '2025-01-01', to: '2026-11-16' })).rejects.toThrow('a report covers at most 366 days.');
      await expect(api.reports.transports({ siteId, from: '16/11/2026', to: '2026-11-22' })).rejects.toThrow(/a date as YYYY-MM-DD/);
      const caregiver = await t.signedIn(['caregiver']);
      expect(table(await caregiver.reports.transports({ siteId, ...range }), 'transports')).toHaveLength(4);
      await expect(caregiver.reports.fleet({ siteId, ...range })).rejects.toThrow(/needs the fleet:read permission/);
      await expect(caregiver.reports.responseFile({ siteId, ...range, format: 'csv' })).rejects.toThrow(/needs the incidents:read permission/);
    });
  });
}
