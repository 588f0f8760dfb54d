// A field laptop in a process of its own, as the console boots on a technician's laptop: its
// data folder (embedded PGlite on disk) and --field. With LAPTOP=prepare it makes the
// technician, a vehicle, LOGS maintenance log entries with a photo each, finished commands and
// tickets, prints "prepared" and exits; with LAPTOP=push it signs in and pushes its work to the
// central console at CENTRAL_URL (through its host), prints "pushing", then the report as
// JSON. The kill test (field-sync-kill.test.ts) stops it with SIGKILL midway.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

export const TECH = { email: 'tech@site.test', password: 'correct horse battery staple' };

if (process.env.LAPTOP && process.argv[1] === fileURLToPath(import.meta.url)) {
  const { boot } = await import('../../core/boot.js');
  const { insertUser } = await import('../../core/iam/auth.js');
  const booted = await boot({ field: true, demo: false, demoVehicles: 0, demoSensors: 0, openBrowser: false, logLevel: 'warn' });
  const { db } = booted.core.context('direct');
  if (process.env.LAPTOP === 'prepare') {
    await db.transaction((tx) => insertUser(tx, { email: TECH.email, displayName: 'Field Tech', password: TECH.password, roles: ['maintenance'] }));
  }
  const api = booted.core.caller();
  await api.auth.login({ email: TECH.email, password: TECH.password });
  if (process.env.LAPTOP === 'prepare') {
    const [site] = await db.query<{ id: string }>("INSERT INTO org.sites (slug, name, time_zone, lat, lon) VALUES ('workshop', 'Workshop', 'UTC', 51.44, 5.47) RETURNING id");
    const [v] = await db.query<{ id: string }>("INSERT INTO fleet.vehicles (manufacturer, serial_number, name, site_id, confirmed_at) VALUES ('Acme', 'r-7', 'Robot 7', $1, now()) RETURNING id", [site!.id]);
    const [me] = await db.query<{ id: string }>('SELECT id FROM iam.users WHERE email = $1', [TECH.email]);
    // As the robot would have been seen on its broker: the live fleet knows it.
    await booted.core.fleet.load();
    for (let i = 1; i <= 2; i++) await api.tickets.create({ siteId: site!.id, subject: `Found on the round, ${i}`, description: '' });
    // A PNG's signature, then noise: a photo of 400 kB from the laptop's disk.
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), randomBytes(400_000)]).toString('base64');
    for (let i = 1; i <= Number(process.env.LOGS ?? 30); i++) {
      await api.field.addLog({ vehicleId: v!.id, workDone: `Step ${i} of the overhaul`, photos: [{ fileName: `step-${i}.png`, mimeType: 'image/png', dataBase64: png }] });
    }
    for (let i = 1; i <= 3; i++) {
      await db.query(
        `INSERT INTO fleet.vehicle_commands (vehicle_id, action_type, action_id, reason, status, requested_by, requested_at, sent_at, acknowledged_at, ended_at)
         VALUES ($1, 'startPause', $2, 'checking the bumper', 'finished', $3, now(), now(), now(), now())`, [v!.id, `startPause-${i}`, me!.id]);
    }
    process.stdout.write('prepared\n');
  } else {
    process.stdout.write('pushing\n');
    const report = await api.field.sync({ centralUrl: process.env.CENTRAL_URL!, password: TECH.password });
    process.stdout.write(`${JSON.stringify(report)}\n`);
  }
  await booted.stop();
  process.exit(0);
}
