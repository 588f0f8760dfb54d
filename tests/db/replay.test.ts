// After-action replay on both engines: a scripted hour is stored as the console stores it, and
// at three moments the replayed state is what the script says was true then.
import { afterEach, describe, expect, it } from 'vitest';
import { keepPartitions, rollUp } from '../../core/fleet/rollup.js';
import { upsertAlert } from '../../core/ops/alerts.js';
import { vehiclesAt } from '../../core/replay/vehicles.js';
import { seedDemoOps } from '../../core/ops/demo.js';
import { testCore } from '../../core/testing.js';
import { engines } from './engines.js';
import { HOUR_MS, lonLatAt, metres, seedFleetHour, seedTransport, START, type PathId } from './replay-script.js';

type T = Awaited<ReturnType<typeof testCore>>;
const iso = (min: number) => new Date(START.getTime() + min * 60_000).toISOString();

async function scriptedHour(t: T) {
  await t.core.start();
  await seedDemoOps(t.db, true);
  const [site] = await t.db.query<{ id: string }>("SELECT id FROM org.sites WHERE slug = 'lindenhof'");
  const siteId = site!.id;
  const vehicles = await seedFleetHour(t.db, siteId);
  // The resources reported where they stand at the start (they keep no location history).
  await t.db.query('UPDATE ops.resources SET located_at = $1 WHERE site_id = $2 AND lat IS NOT NULL', [START.toISOString(), siteId]);
  const missionId = await seedTransport(t.db, siteId, vehicles.east);
  t.clock.at = new Date(iso(19));
  const op = await t.signedIn(['operator'], 'op@site.test');
  // An alert at 20 min, acknowledged at 21, converted at 22; the incident assigned at 25, en route at 27, on scene at 32.
  t.clock.at = new Date(iso(20));
  const alert = await upsertAlert(t.db, {
    siteId, source: 'nurse-call', externalId: 'room-12', type: 'fall', severity: 2, title: 'Fall in room 12',
    lat: 51.4427, lon: 5.4712, raw: {}, occurredAt: t.clock.now(), receivedAt: t.clock.now(),
  });
  t.clock.at = new Date(iso(21));
  await op.ops.acknowledgeAlert({ id: alert.id });
  t.clock.at = new Date(iso(22));
  const incident = await op.ops.convertAlert({ id: alert.id, category: 'medical', needs: [] });
  t.clock.at = new Date(iso(25));
  const [nurse] = await op.ops.suggestResources({ incidentId: incident.id });
  let current = await op.ops.assignResources({ incidentId: incident.id, resourceIds: [nurse!.resourceId] });
  t.clock.at = new Date(iso(27));
  current = await op.ops.setIncidentStatus({ id: incident.id, status: 'en_route', version: current.version });
  t.clock.at = new Date(iso(32));
  await op.ops.setIncidentStatus({ id: incident.id, status: 'on_scene', version: current.version });
  t.clock.at = new Date(iso(33));
  return { siteId, vehicles, missionId, alertId: alert.id, incidentId: incident.id, resource: nurse!.name, op };
}

function expectAt(state: { vehicles: { id: string; lat: number | null; lon: number | null; status: string }[] | null }, ids: Record<PathId, string>, ms: number) {
  for (const key of Object.keys(ids) as PathId[]) {
    const v = state.vehicles!.find((x) => x.id === ids[key])!;
    const want = lonLatAt(key, Math.min(ms, key === 'parked' ? 2400_000 : ms));
    expect(metres({ lat: v.lat!, lon: v.lon! }, want), `${key} at ${ms} ms`).toBeLessThan(1);
  }
}

for (const engine of engines()) {
  // An hour of 10 Hz telemetry and three sign-ins: more than a minute on a loaded machine.
  describe.skipIf(!engine.available)(`replay on ${engine.name}`, { timeout: 180_000 }, () => {
    let t: T | null = null;
    afterEach(async () => {
      await t?.core.stop();
      await t?.db.close();
      t = null;
    });

    it('shows at three moments where the vehicles were (within 1 m) and the cases in the status they had', async () => {
      t = await testCore({ db: await engine.fresh() });
      const s = await scriptedHour(t);

      // 10 min 0.05 s in: the east vehicle (10 Hz) between two samples, the transport under way, no alert yet.
      const t1 = 10 * 60_000 + 50;
      const a = await s.op.replay.state({ siteId: s.siteId, at: new Date(START.getTime() + t1).toISOString() });
      expectAt(a, s.vehicles, t1);
      expect(a.vehicles!.map((v) => [v.name, v.status])).toEqual([['Replay East', 'driving'], ['Replay North', 'driving'], ['Replay Parked', 'idle']]);
      expect(a.missions).toEqual([expect.objectContaining({ id: s.missionId, status: 'in_progress', vehicleId: s.vehicles.east, lastEvent: 'started' })]);
      // Its route along the campus paths, from the pick-up to the drop-off.
      const { path, pickup, dropoff } = a.missions![0]!;
      expect(path.length).toBeGreaterThan(2);
      expect([path[0], path.at(-1)]).toEqual([[pickup.lon, pickup.lat], [dropoff.lon, dropoff.lat]]);
      expect(a.alerts).toEqual([]);
      expect(a.incidents).toEqual([]);
      // The east vehicle's trail: the last 5 minutes (3,000 samples) thinned to at most 31 points, oldest first, ending where it is.
      const trail = a.vehicles!.find((v) => v.id === s.vehicles.east)!.track;
      expect(trail.length).toBeGreaterThan(25);
      expect(trail.length).toBeLessThanOrEqual(31);
      expect(metres({ lon: trail.at(-1)![0], lat: trail.at(-1)![1] }, lonLatAt('east', t1))).toBeLessThan(1);
      expect(metres({ lon: trail[0]![0], lat: trail[0]![1] }, lonLatAt('east', t1 - 300_000))).toBeLessThan(10);

      // 23.5 min: the alert converted a minute and a half ago, its incident still new; the transport in transit.
      const t2 = 23.5 * 60_000;
      const b = await s.op.replay.state({ siteId: s.siteId, at: new Date(START.getTime() + t2).toISOString() });
      expectAt(b, s.vehicles, t2);
      expect(b.alerts).toEqual([expect.objectContaining({ id: s.alertId, status: 'converted' })]);
      expect(b.incidents).toEqual([expect.objectContaining({ id: s.incidentId, status: 'new' })]);
      expect(b.missions).toEqual([expect.objectContaining({ status: 'in_progress', lastEvent: 'in_transit' })]);
      expect(b.resources!.some((r) => r.incidentId === s.incidentId)).toBe(false);

      // 45 min: the incident on scene with its resource, the transport done 15 minutes ago (gone), the parked vehicle offline.
      const t3 = 45 * 60_000;
      const c = await s.op.replay.state({ siteId: s.siteId, at: new Date(START.getTime() + t3).toISOString() });
      expectAt(c, s.vehicles, t3);
      expect(c.vehicles!.map((v) => v.status)).toEqual(['driving', 'idle', 'offline']);
      expect(c.missions).toEqual([]);
      expect(c.alerts).toEqual([]);
      expect(c.incidents).toEqual([expect.objectContaining({ id: s.incidentId, status: 'on_scene' })]);
      expect(c.resources!.filter((r) => r.incidentId === s.incidentId).map((r) => r.name)).toEqual([s.resource]);
      // And now (33 minutes in) the incident is still on scene in the live tables too.
      expect((await s.op.ops.incident({ id: s.incidentId })).incident.status).toBe('on_scene');
    });

    it('lists the span’s events by kind, oldest first, and opens the span around a thing', async () => {
      t = await testCore({ db: await engine.fresh() });
      const s = await scriptedHour(t);
      const span = { siteId: s.siteId, from: START.toISOString(), to: new Date(START.getTime() + HOUR_MS).toISOString() };
      const all = await s.op.replay.events(span);
      expect(all.map((e) => e.at)).toEqual(all.map((e) => e.at).toSorted());
      expect(all.filter((e) => e.kind === 'alert').map((e) => [e.at, e.label])).toEqual([[iso(20), 'Alert: Fall in room 12']]);
      const status = all.filter((e) => e.kind === 'status').map((e) => e.label);
      expect(status).toContain('Mission ward-west → rehab-south: started');
      expect(status).toContain('Mission ward-west → rehab-south: completed');
      expect(status.filter((l) => l.startsWith('LIN-'))).toEqual(['LIN-2026-00001: opened', 'LIN-2026-00001: assigned', 'LIN-2026-00001: en route', 'LIN-2026-00001: on scene']);
      expect(status).toContain('Replay Parked: connectionbroken');
      // Beside the English line, what happened as a code and its parameters, for the renderer to word.
      expect(all.find((e) => e.kind === 'alert')!.what).toEqual({ code: 'alert', title: 'Fall in room 12' });
      const whats = all.filter((e) => e.kind === 'status').map((e) => e.what);
      expect(whats).toContainEqual({ code: 'mission', pickup: 'ward-west', dropoff: 'rehab-south', event: 'started' });
      expect(whats).toContainEqual({ code: 'incidentOpened', number: 'LIN-2026-00001' });
      expect(whats).toContainEqual({ code: 'incidentStatus', number: 'LIN-2026-00001', status: 'en_route' });
      expect(whats).toContainEqual({ code: 'connection', vehicle: 'Replay Parked', state: 'CONNECTIONBROKEN' });
      // The audit log stamps its own (wall-clock) time: its entries are marked where they were written.
      const pending = await t.db.query<{ id: string }>(
        `INSERT INTO fleet.missions (site_id, site_map_id, resident_id, pickup_node, dropoff_node)
         SELECT site_id, site_map_id, resident_id, 'ward-east', 'gate' FROM fleet.missions WHERE id = $1 RETURNING id`, [s.missionId]);
      await s.op.missions.cancel({ missionId: pending[0]!.id, reason: 'no longer needed' });
      const [range] = await t.db.query<{ first: Date; last: Date }>('SELECT min(at) AS first, max(at) AS last FROM audit.entries');
      const written = await s.op.replay.events({ siteId: s.siteId, from: range!.first.toISOString(), to: range!.last.toISOString(), kinds: ['audit', 'command'] });
      expect(written.filter((e) => e.kind === 'audit').map((e) => e.label)).toEqual(expect.arrayContaining(['op@site.test: ops.acknowledge_alert', 'op@site.test: ops.convert_alert']));
      expect(written.filter((e) => e.kind === 'command').map((e) => e.label)).toEqual(['op@site.test: missions.cancel']);
      expect(written.filter((e) => e.kind === 'command').map((e) => e.what)).toEqual([{ code: 'audit', actor: 'op@site.test', action: 'missions.cancel' }]);
      // Filtered by kind: only the alert.
      expect((await s.op.replay.events({ ...span, kinds: ['alert'] })).map((e) => e.kind)).toEqual(['alert']);
      // A span that ends before it starts, or longer than a week, is refused with a sentence.
      await expect(s.op.replay.events({ ...span, to: span.from })).rejects.toThrow('the end of the span must come after its start.');
      await expect(s.op.replay.events({ ...span, to: new Date(START.getTime() + 8 * 24 * HOUR_MS).toISOString() })).rejects.toThrow('a replay span is at most 7 days.');

      expect(await s.op.replay.anchor({ type: 'alert', id: s.alertId })).toEqual({ from: iso(15), at: iso(20), to: iso(27) });
      // Never past now (33 min in): nothing is stored after it.
      expect(await s.op.replay.anchor({ type: 'mission', id: s.missionId })).toEqual({ from: iso(0), at: iso(5), to: iso(33) });
      expect(await s.op.replay.anchor({ type: 'incident', id: s.incidentId })).toEqual({ from: iso(17), at: iso(22), to: iso(33) });
      t.clock.at = new Date(iso(40));
      expect(await s.op.replay.anchor({ type: 'incident', id: s.incidentId })).toEqual({ from: iso(17), at: iso(22), to: iso(37) });
      const [entry] = await t.db.query<{ seq: string; at: Date }>("SELECT seq::text, at FROM audit.entries WHERE action = 'ops.convert_alert'");
      const around = (ms: number) => new Date(entry!.at.getTime() + ms).toISOString();
      // The audit log stamps its own time (the wall clock), so this is read an hour after that.
      t.clock.at = new Date(entry!.at.getTime() + 3600_000);
      const later = await t.signedIn(['viewer']);
      expect(await later.replay.anchor({ type: 'audit', id: entry!.seq })).toEqual({ from: around(-300_000), at: around(0), to: around(300_000) });
      await expect(later.replay.anchor({ type: 'mission', id: '0190aaaa-0000-7000-8000-000000000000' })).rejects.toThrow('No such mission.');
    });

    it('shows a moment whose raw and per-second rows are dropped from the per-minute level, its hour-long track too', async () => {
      t = await testCore({ db: await engine.fresh() });
      const db = t.db;
      const siteId = (await db.query<{ id: string }>("SELECT id FROM org.sites WHERE slug = 'lindenhof'"))[0]!.id;
      // The scripted hour 20 days ago, rolled up and then dropped past the raw (48 h) and per-second (14 days) windows.
      const start = new Date(START.getTime() - 20 * 24 * HOUR_MS);
      await db.query(`SELECT fleet.ensure_partition('telemetry', $1)`, [start.toISOString()]);
      const ids = await seedFleetHour(db, siteId, start);
      await rollUp(db, t.clock.now());
      await keepPartitions(db, t.clock.now(), { rawHours: 48, secondDays: 14, minuteDays: 90 });
      const left = await db.query<{ raw: string; sec: string; min: string }>(
        'SELECT (SELECT count(*) FROM fleet.telemetry) AS raw, (SELECT count(*) FROM fleet.telemetry_1s) AS sec, (SELECT count(*) FROM fleet.telemetry_1m) AS min');
      expect(left[0]).toMatchObject({ raw: '0', sec: '0' });
      expect(Number(left[0]!.min)).toBeGreaterThan(0);
      // The end of a minute, 30 minutes in: each minute's last position is where the vehicle was then.
      const ms = 30 * 60_000 - 50;
      const vehicles = await vehiclesAt(db, siteId, new Date(start.getTime() + ms), HOUR_MS);
      const of = (key: PathId) => vehicles.find((v) => v.id === ids[key])!;
      for (const key of ['east', 'north', 'parked'] as const) {
        expect(metres({ lat: of(key).lat!, lon: of(key).lon! }, lonLatAt(key, ms)), key).toBeLessThan(1);
      }
      // Heard from within the minute, so not offline.
      expect(vehicles.map((v) => [v.name, v.status])).toEqual([['Replay East', 'driving'], ['Replay North', 'driving'], ['Replay Parked', 'idle']]);
      // The hour-long trail: a point every 2 minutes where there was telemetry (the last 30 minutes), east only, ending at the vehicle.
      const track = of('east').track;
      expect(track.length).toBeGreaterThanOrEqual(14);
      expect(track.length).toBeLessThanOrEqual(16);
      expect(track.map((p) => p[0])).toEqual(track.map((p) => p[0]).toSorted((a, b) => a - b));
      expect(track.at(-1)).toEqual([of('east').lon, of('east').lat]);
      expect(metres({ lon: track[0]![0], lat: track[0]![1] }, lonLatAt('east', 0))).toBeLessThan(150);
    });

    it('gives each part only to users who may read it, and has no way to change anything', async () => {
      t = await testCore({ db: await engine.fresh() });
      const s = await scriptedHour(t);
      const caregiver = await t.signedIn(['caregiver']);
      const at = iso(23.5);
      await t.db.query('SELECT 1');
      const state = await caregiver.replay.state({ siteId: s.siteId, at });
      expect(state).toMatchObject({ vehicles: null, sensors: null, alerts: null, incidents: null, resources: null, announcements: null });
      expect(state.missions).toHaveLength(1);
      const events = await caregiver.replay.events({ siteId: s.siteId, from: START.toISOString(), to: iso(60) });
      expect(new Set(events.map((e) => e.ref?.type))).toEqual(new Set(['mission']));
      await expect(caregiver.replay.anchor({ type: 'alert', id: s.alertId })).rejects.toThrow(/do not include reading incidents/);
      const before = await t.db.query<{ n: string }>('SELECT count(*) AS n FROM audit.entries');
      await s.op.replay.state({ siteId: s.siteId, at });
      expect(await t.db.query<{ n: string }>('SELECT count(*) AS n FROM audit.entries')).toEqual(before);
    });
  });
}
