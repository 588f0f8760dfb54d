// Field mode in Chromium: a technician's laptop on one robot's own broker (a Mosquitto of the
// test's own), started with --field for that robot, no site for its map frame and no central
// database: the field view opens on the robot, asks for its map origin, confirms it, pauses
// it with a reason and shows the acknowledgement and the end, and a log entry with a photo;
// it takes the robot's ticket from the central console and, back on the site network, pushes
// the work there (through the central console's host, signed in as the technician).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyDb } from '../../core/audit/verify.js';
import { insertUser } from '../../core/iam/auth.js';
import { openPostgres } from '../../db/index.js';
import { scratchPostgresUrl } from '../db/engines.js';
import { mosquittoInstalled, ownMosquitto } from '../mqtt/own-mosquitto.js';
import { StandardVehicle } from '../vda5050/vehicle.js';
import { createFirstAdmin, guardNetwork, launchChromium, startHost, type Host } from './harness.js';

const ADMIN = { email: 'tech@robot.test', name: 'Field Tech', password: 'correct horse battery staple' };
const POLL = { timeout: 30_000, interval: 200 };
const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/field-${name}.png` });
// A 1×1 PNG: a photo from the laptop's disk.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

describe.skipIf(!mosquittoInstalled)('field mode: one robot, its own broker, no site', () => {
  let host: Host;
  let browser: Browser;
  let page: Page;
  let external: string[];
  let robot: StandardVehicle;
  let broker: Awaited<ReturnType<typeof ownMosquitto>>;

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    broker = await ownMosquitto();
    const iface = `field${process.pid}`;
    robot = new StandardVehicle({ brokerUrl: broker.url, interfaceName: iface, manufacturer: 'Acme', serialNumber: 'r-7', mapId: 'workshop-floor', x: 12.5, y: 4, speed: 1, instantSeconds: 2 });
    await robot.start();
    [host, browser] = await Promise.all([
      startHost({ WATCHFLOOR_DEMO: 'false', WATCHFLOOR_BROKER_URL: broker.url, WATCHFLOOR_VDA_INTERFACE: iface, WATCHFLOOR_FIELD: 'true', WATCHFLOOR_FIELD_VEHICLE: 'Acme/r-7' }),
      launchChromium(),
    ]);
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    external = await guardNetwork(context);
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    await robot?.stop();
    await broker?.close();
  });

  it('opens the field view on the robot, which has no site: asks for the map origin and places it', async () => {
    await createFirstAdmin(page, host, ADMIN);
    const view = page.getByTestId('field-view');
    await view.waitFor({ timeout: 60_000 });
    await expect.poll(async () => (await page.getByTestId('field-vehicle').locator('option:checked').textContent()) ?? '', POLL).toContain('Acme r-7');
    await expect.poll(() => page.getByTestId('field-safety').textContent(), POLL).toBe('e-stop clear · no field violation').catch(async (err) => {
      await shot(page, 'failed-open');
      console.log(host.output.join('').slice(-5000));
      throw err;
    });
    await page.getByTestId('field-plan').waitFor();
    expect(await page.getByTestId('field-plan').locator('..').textContent()).toContain('Map workshop-floor · x 12.50 m, y 4.00 m');
    await page.getByTestId('map-origin').waitFor();
    await shot(page, 'unplaced');
    await page.getByTestId('origin-lat').fill('51.4416');
    await page.getByTestId('origin-lon').fill('5.4697');
    await page.getByTestId('origin-save').click();
    // The next state places the robot: the question goes.
    await expect.poll(() => page.getByTestId('map-origin').count(), POLL).toBe(0);
    await page.getByTestId('confirm-name').fill('Workshop 7');
    await page.getByTestId('confirm-submit').click();
    await expect.poll(() => page.getByTestId('confirm-vehicle').count(), POLL).toBe(0);
  });

  it('pauses the robot with a reason: sent, acknowledged, finished; the robot is paused', async () => {
    await page.getByTestId('command-startPause').click();
    await page.getByTestId('command-send').click();
    await expect.poll(() => page.getByTestId('vehicle-commands').getByRole('alert').count().then(async (n) => n || (await page.getByText('Say why').count())), POLL).toBeGreaterThan(0);
    expect(robot.paused).toBe(false);
    await page.getByTestId('command-reason').fill('checking the left bumper');
    await page.getByTestId('command-send').click();
    const life = page.getByTestId('command-life').locator('li').first();
    // The robot holds a command RUNNING for 2 s: the acknowledgement shows before the end (the view polls every second).
    await expect.poll(() => life.getAttribute('data-status'), POLL).toBe('acknowledged');
    await shot(page, 'acknowledged');
    await expect.poll(() => life.getAttribute('data-status'), POLL).toBe('finished');
    expect(await life.getByTestId('command-status').textContent()).toMatch(/^finished in [\d,]+ ms$/);
    expect(await life.textContent()).toContain('“checking the left bumper” — tech@robot.test');
    expect(robot.paused).toBe(true);
    await expect.poll(() => page.getByTestId('field-order').textContent(), POLL).toMatch(/startPause\s*FINISHED/);
  });

  it('writes a maintenance log entry with a photo from the disk, and shows it', async () => {
    const photo = join(host.dataDir, 'bumper.png');
    writeFileSync(photo, PNG);
    await page.getByTestId('log-work').fill('Replaced the left bumper switch');
    await page.getByTestId('log-parts').fill('1 × bumper switch');
    await page.getByTestId('log-photos').setInputFiles(photo);
    await page.getByTestId('log-save').click();
    const entry = page.getByTestId('log-entry').first();
    await entry.waitFor({ timeout: 10_000 });
    expect(await entry.textContent()).toMatch(/Replaced the left bumper switch\s*Parts: 1 × bumper switch/);
    await entry.getByTestId('log-photo').click();
    await expect.poll(() => entry.locator('img').getAttribute('alt'), POLL).toBe('bumper.png');
    await shot(page, 'logged');
    expect(external).toEqual([]);
  });

  it('takes the robot\'s ticket from the central console, and back on the site network pushes the work there; a second push brings only the record of the first', async () => {
    // The central console: its own host on a central PostgreSQL, where the technician has an account.
    const url = await scratchPostgresUrl();
    const centralHost = await startHost({ DATABASE_URL: url, WATCHFLOOR_DEMO: 'false', WATCHFLOOR_DEMO_VEHICLES: '0', WATCHFLOOR_DEMO_SENSORS: '0' });
    const central = await openPostgres(url);
    try {
      await central.transaction((tx) => insertUser(tx, { email: ADMIN.email, displayName: ADMIN.name, password: ADMIN.password, roles: ['maintenance'] }));
      const [site] = await central.query<{ id: string }>("INSERT INTO org.sites (slug, name, time_zone, lat, lon) VALUES ('works', 'Works', 'UTC', 51.44, 5.47) RETURNING id");
      const [robot] = await central.query<{ id: string }>("INSERT INTO fleet.vehicles (manufacturer, serial_number, name, site_id) VALUES ('Acme', 'r-7', 'Workshop 7', $1) RETURNING id", [site!.id]);
      await central.query("INSERT INTO ops.tickets (site_id, subject, description, vehicle_id) VALUES ($1, 'Left bumper does not release', 'night shift', $2)", [site!.id, robot!.id]);
      await page.getByTestId('sync-url').fill(centralHost.url);
      await page.getByTestId('sync-password').fill(ADMIN.password);
      await page.getByTestId('sync-take').click();
      await expect.poll(() => page.getByTestId('sync-taken').textContent(), POLL).toBe('Took 1 new ticket, refreshed 0.');
      await page.getByTestId('sync-push').click();
      const report = page.getByTestId('sync-report');
      await expect.poll(() => report.textContent(), POLL).toMatch(/^Pushed 1 log entry, 1 command, 0 tickets and \d+ audit entries; 1 already there\. Audit log linked up to entry \d+\.$/);
      await page.getByTestId('field-sync').scrollIntoViewIfNeeded();
      await shot(page, 'synced');
      const [log] = await central.query<{ work_done: string }>('SELECT work_done FROM fleet.vehicle_logs');
      expect(log!.work_done).toBe('Replaced the left bumper switch');
      expect(await central.query('SELECT 1 FROM fleet.vehicle_log_photos')).toHaveLength(1);
      expect((await central.query<{ reason: string }>("SELECT reason FROM fleet.vehicle_commands WHERE action_type = 'startPause'"))[0]!.reason).toBe('checking the left bumper');
      // The push went through the central host as the technician's own session there.
      expect(await central.query("SELECT 1 FROM iam.sessions WHERE transport = 'http'")).not.toHaveLength(0);
      expect((await verifyDb(central)).ok).toBe(true);
      await page.getByTestId('sync-push').click();
      // Only the laptop's own audit entry of the first push is new (the download's went with it).
      await expect.poll(() => report.textContent(), POLL).toMatch(/^Pushed 0 log entries, 0 commands, 0 tickets and 1 audit entry; 3 already there\./);
      expect(await central.query('SELECT 1 FROM fleet.vehicle_logs')).toHaveLength(1);
      expect(external).toEqual([]);
    } finally {
      await central.close();
      await centralHost.stop();
    }
  });
});
