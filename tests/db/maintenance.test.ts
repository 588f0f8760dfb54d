// Vehicle maintenance on both engines: a vehicle in maintenance is never suggested, never
// assigned by hand and never auto-dispatched; back in service it is. Its ops resource says
// maintenance; every change is audited; a closed ticket cannot be linked.
import { afterEach, describe, expect, it } from 'vitest';
import { placeRefusal } from '../../core/contract/index.js';
import { dispatchDue } from '../../core/missions/scheduler.js';
import { systemContext } from '../../core/trpc.js';
import { importSiteGraphs } from '../../core/org/site-graphs.js';
import { testCore } from '../../core/testing.js';
import { engines } from './engines.js';

type T = Awaited<ReturnType<typeof testCore>>;

for (const engine of engines()) {
  describe.skipIf(!engine.available)(`vehicle maintenance on ${engine.name}`, () => {
    let t: T | null = null;
    afterEach(async () => {
      await t?.core.stop();
      await t?.db.close();
      t = null;
    });

    it('is never suggested nor dispatched while in maintenance, and is again once back in service', async () => {
      t = await testCore({ db: await engine.fresh() });
      await importSiteGraphs(t.db);
      const [site] = await t.db.query<{ id: string }>("SELECT id FROM org.sites WHERE slug = 'lindenhof'");
      const [node] = await t.db.query<{ x: number; y: number; lat: number; lon: number }>(
        "SELECT n.x, n.y, n.lat, n.lon FROM org.map_nodes n JOIN org.site_maps m ON m.id = n.site_map_id WHERE m.map_id = 'lindenhof-campus' AND n.kind = 'charger' LIMIT 1");
      const at = t.clock.now().toISOString();
      const [v] = await t.db.query<{ id: string }>(
        `INSERT INTO fleet.vehicles (site_id, manufacturer, serial_number, name, confirmed_at, status, connection, map_id, x, y, lat, lon, battery, last_heartbeat)
         VALUES ($1, 'T', 'm1', 'Robin', $2, 'idle', 'ONLINE', 'lindenhof-campus', $3, $4, $5, $6, 90, $2) RETURNING id`,
        [site!.id, at, node!.x, node!.y, node!.lat, node!.lon]);
      await t.core.start();
      const admin = await t.signedIn(['admin']);
      const nurse = await t.signedIn(['nurse']);
      const resident = await nurse.residents.create({ siteId: site!.id, firstName: 'Ada', lastName: 'Visser', dateOfBirth: '1941-03-02', wheelchairType: 'manual',
        requiresAssistance: false, preferredLanguage: 'nl', consent: true });
      const [a, b] = (await admin.missions.places({ siteId: site!.id })).filter((p) => !placeRefusal(p, 'pick-up'));
      const m = await admin.missions.create({ residentId: resident.id, pickupNode: a!.nodeId, dropoffNode: b!.nodeId, priority: 'normal' });
      const robin = async () => (await admin.missions.suggest({ id: m.id })).find((c) => c.vehicleId === v!.id)!;
      expect(await robin()).toMatchObject({ eligible: true }); // the control: in service it is a candidate

      const ticket = await admin.tickets.create({ siteId: site!.id, kind: 'maintenance', subject: 'Left wheel', description: 'squeaks', priority: 'medium', link: { type: 'vehicle', id: v!.id } });
      const inMaintenance = await admin.vehicles.startMaintenance({ id: v!.id, reason: 'left wheel bearing', ticketId: ticket.id });
      expect(inMaintenance.service).toMatchObject({ state: 'maintenance', reason: 'left wheel bearing', ticketId: ticket.id });
      expect((await admin.fleet.vehicles()).find((x) => x.id === v!.id)?.service?.state).toBe('maintenance'); // what the map draws
      expect(await robin()).toMatchObject({ eligible: false, reason: 'in maintenance: left wheel bearing' });
      await expect(admin.missions.assign({ missionId: m.id, vehicleId: v!.id, version: m.version })).rejects.toThrow(/Robin is in maintenance/);
      const [res] = await t.db.query<{ status: string }>('SELECT status FROM ops.resources WHERE vehicle_id = $1', [v!.id]);
      expect(res!.status).toBe('maintenance');

      // Auto-dispatch on: nothing is assigned while the only vehicle is in maintenance.
      await admin.missions.setAutoDispatch({ siteId: site!.id, on: true });
      const ctx = systemContext(t.core.context('direct'), 'missions.autoDispatch');
      expect(await dispatchDue(ctx)).toEqual([]);
      const assigned = async () => (await admin.missions.get({ id: m.id })).timeline.filter((e) => e.type === 'assigned').length;
      expect(await assigned()).toBe(0);
      // A change made on another console (straight in the database) counts too: dispatch reads the stored state.
      await admin.vehicles.returnToService({ id: v!.id, note: 'bearing replaced' });
      await t.db.query("UPDATE fleet.vehicles SET service_state = 'maintenance', service_reason = 'elsewhere', service_since = now() WHERE id = $1", [v!.id]);
      expect(await robin()).toMatchObject({ eligible: false, reason: 'in maintenance: elsewhere' });
      await t.db.query("UPDATE fleet.vehicles SET service_state = 'in_service', service_reason = NULL, service_since = NULL WHERE id = $1", [v!.id]);

      expect(await robin()).toMatchObject({ eligible: true });
      await dispatchDue(ctx); // no broker here: the order cannot be sent, but the assignment is on the timeline
      await expect.poll(assigned, { timeout: 30_000 }).toBeGreaterThan(0);

      const log = await t.db.query<{ action: string }>("SELECT action FROM audit.entries WHERE resource_type = 'vehicle' AND resource_id = $1 AND outcome = 'success' ORDER BY seq", [v!.id]);
      expect(log.map((e) => e.action)).toEqual(expect.arrayContaining(['vehicles.start_maintenance', 'vehicles.return_to_service']));
    });

    it('refuses a closed ticket, a second maintenance and a decommissioned vehicle back in service; renames', async () => {
      t = await testCore({ db: await engine.fresh() });
      const [site] = await t.db.query<{ id: string }>("SELECT id FROM org.sites WHERE slug = 'lindenhof'");
      const [v] = await t.db.query<{ id: string }>(
        "INSERT INTO fleet.vehicles (site_id, manufacturer, serial_number, name, confirmed_at) VALUES ($1, 'T', 'm2', 'Wren', now()) RETURNING id", [site!.id]);
      await t.core.start();
      const admin = await t.signedIn(['admin']);
      const viewer = await t.signedIn(['viewer']);
      await expect(viewer.vehicles.startMaintenance({ id: v!.id, reason: 'brakes' })).rejects.toThrow(/fleet:manage/);
      const ticket = await admin.tickets.create({ siteId: site!.id, kind: 'maintenance', subject: 'Old', description: '', priority: 'low' });
      await admin.tickets.setStatus({ id: ticket.id, status: 'closed', resolutionNotes: 'done', version: ticket.version });
      await expect(admin.vehicles.startMaintenance({ id: v!.id, reason: 'brakes', ticketId: ticket.id })).rejects.toThrow(/closed/);
      await expect(viewer.vehicles.startMaintenance({ id: v!.id, reason: 'brakes', openTicket: true })).rejects.toThrow(/fleet:manage/);
      const inMaintenance = await admin.vehicles.startMaintenance({ id: v!.id, reason: 'brakes', openTicket: true });
      const [opened] = await t.db.query<{ id: string; subject: string; vehicle_id: string }>('SELECT id, subject, vehicle_id FROM ops.tickets WHERE id = $1', [inMaintenance.service!.ticketId]);
      expect(opened).toMatchObject({ subject: 'Wren: brakes', vehicle_id: v!.id });
      await expect(admin.vehicles.startMaintenance({ id: v!.id, reason: 'brakes' })).rejects.toThrow(/already in maintenance/);
      expect((await admin.vehicles.rename({ id: v!.id, name: 'Wren 2' })).name).toBe('Wren 2');
      await admin.vehicles.decommission({ id: v!.id, reason: 'frame cracked' });
      await expect(admin.vehicles.returnToService({ id: v!.id, note: 'try again' })).rejects.toThrow(/decommissioned/);
      const [row] = await t.db.query<{ service_state: string; name: string }>('SELECT service_state, name FROM fleet.vehicles WHERE id = $1', [v!.id]);
      expect(row).toEqual({ service_state: 'decommissioned', name: 'Wren 2' });
    });
  });
}
