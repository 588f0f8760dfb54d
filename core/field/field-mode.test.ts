// Field mode's parts that need no broker: a position on a map no site knows passes the
// gate only in field mode; the technician places such a map (a local site); the
// maintenance log with photos, refusing what is not what it says.
import { describe, expect, it } from 'vitest';
import { inspectVda } from '../fleet/gate.js';
import { testCore } from '../testing.js';

const state = (mapId: string) => Buffer.from(JSON.stringify({
  headerId: 1, timestamp: new Date().toISOString(), version: '2.0.0', manufacturer: 'Acme', serialNumber: 'r-1', agvPosition: { x: 3, y: 4, theta: 0, mapId, positionInitialized: true },
}));
const places = (acceptUnknownMaps: boolean) => ({ siteBySlug: () => undefined, map: () => undefined, acceptUnknownMaps });
const ctx = (accept: boolean) => ({ maxBytes: 65536, now: new Date(), places: places(accept), validate: () => {} });

// 1×1 PNG
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

async function withVehicle() {
  const t = await testCore({ config: { field: true } });
  const [v] = await t.db.query<{ id: string }>("INSERT INTO fleet.vehicles (manufacturer, serial_number, name, confirmed_at) VALUES ('Acme', 'r-1', 'Robot 1', now()) RETURNING id");
  await t.core.start();
  return { t, vehicleId: v!.id };
}

describe('field mode', () => {
  it('lets a position on an unknown map through the gate only in field mode', () => {
    expect(inspectVda('uagv/v2/Acme/r-1/state', state('workshop'), ctx(false))).toEqual({ ok: false, reason: "position is on map 'workshop', which no site knows" });
    expect(inspectVda('uagv/v2/Acme/r-1/state', state('workshop'), ctx(true)).ok).toBe(true);
  });

  it('places a map no site knows at the origin the technician gives, once', async () => {
    const { t } = await withVehicle();
    const tech = await t.signedIn(['maintenance']);
    expect(await tech.field.mode()).toEqual({ field: true, vehicle: null });
    const placed = await tech.field.localSite({ mapId: 'Workshop Floor', originLat: 51.44, originLon: 5.47, rotationDeg: 12 });
    expect(t.core.fleet.places.map('Workshop Floor')).toMatchObject({ siteId: placed.siteId, originLat: 51.44, originLon: 5.47, rotationDeg: 12 });
    const [site] = await t.db.query<{ slug: string }>('SELECT slug FROM org.sites WHERE id = $1', [placed.siteId]);
    expect(site!.slug).toBe('field-workshop-floor');
    await expect(tech.field.localSite({ mapId: 'Workshop Floor', originLat: 0, originLon: 0 })).rejects.toThrow(/already placed on a site/);
    const viewer = await t.signedIn(['operator']);
    await expect(viewer.field.localSite({ mapId: 'other', originLat: 0, originLon: 0 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await t.core.stop();
  });

  it('keeps a maintenance log entry with parts, a photo and its ticket; refuses a renamed file and another vehicle’s ticket', async () => {
    const { t, vehicleId } = await withVehicle();
    const tech = await t.signedIn(['maintenance'], 'tech@site.test');
    const [site] = await t.db.query<{ id: string }>("INSERT INTO org.sites (slug, name, time_zone, lat, lon) VALUES ('s', 'S', 'UTC', 0, 0) RETURNING id");
    const [ticket] = await t.db.query<{ id: string }>("INSERT INTO ops.tickets (site_id, subject, description, vehicle_id) VALUES ($1, 'Bumper sticks', '', $2) RETURNING id", [site!.id, vehicleId]);
    const [other] = await t.db.query<{ id: string }>("INSERT INTO fleet.vehicles (manufacturer, serial_number, name) VALUES ('Acme', 'r-2', 'Robot 2') RETURNING id");
    const [otherTicket] = await t.db.query<{ id: string }>("INSERT INTO ops.tickets (site_id, subject, description, vehicle_id) VALUES ($1, 'Other', '', $2) RETURNING id", [site!.id, other!.id]);
    const log = await tech.field.addLog({
      vehicleId, workDone: 'Replaced the left bumper switch', parts: [{ name: 'bumper switch', quantity: 1 }], notes: 'old one corroded', ticketId: ticket!.id,
      photos: [{ fileName: 'bumper.png', mimeType: 'image/png', dataBase64: PNG }],
    });
    expect(log).toMatchObject({ workDone: 'Replaced the left bumper switch', author: 'tech@site.test', ticket: { subject: 'Bumper sticks', status: 'open' }, photos: [{ fileName: 'bumper.png', mimeType: 'image/png', bytes: 70 }] });
    expect(await tech.field.photo({ id: log.photos[0]!.id })).toBe(`data:image/png;base64,${PNG}`);
    expect((await tech.field.logs({ vehicleId })).tickets).toEqual([{ id: ticket!.id, subject: 'Bumper sticks', status: 'open' }]);
    await expect(tech.field.addLog({ vehicleId, workDone: 'x-ray', photos: [{ fileName: 'fake.jpg', mimeType: 'image/jpeg', dataBase64: PNG }] })).rejects.toThrow(/fake.jpg is not a JPEG image/);
    await expect(tech.field.addLog({ vehicleId, workDone: 'checked', ticketId: otherTicket!.id })).rejects.toThrow(/That ticket is about another vehicle/);
    expect((await tech.field.logs({ vehicleId })).logs).toHaveLength(1);
    const [entry] = await t.db.query<{ new_values: { photos: unknown } }>("SELECT new_values FROM audit.entries WHERE action = 'field.add_log' AND outcome = 'success'");
    expect(entry!.new_values.photos).toEqual([{ fileName: 'bumper.png', bytes: 70 }]);
    await t.core.stop();
  });
});
