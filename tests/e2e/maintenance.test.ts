// Maintenance in Chromium: an administrator confirms a vehicle that registered itself, renames
// it, puts it in maintenance with a ticket; the map labels it, a transport's suggestions leave it
// out saying why; back in service it is suggested again.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminConsole, type Host, hostClient, localRequests, mapSettled } from './harness.js';

const ADMIN = { email: 'admin@depot.test', name: 'Ada Admin', password: 'a long admin password' };
const POLL = { timeout: 60_000 };
const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/maintenance-${name}.png` });

/** One simulated VDA 5050 vehicle on the console's broker, waiting at its parking place. */
const startVehicle = (brokerUrl: string): ChildProcess => spawn(process.execPath,
  ['--import', 'tsx', 'core/simulator/cli.ts', '--broker', brokerUrl, '--vehicles', '1', '--sensors', '0', '--incidents', '0', '--no-roam'],
  { cwd: resolve(import.meta.dirname, '../..'), stdio: 'ignore' });

describe('vehicle maintenance (administrator, one simulated vehicle)', () => {
  let host: Host;
  let vehicle: ChildProcess | undefined;
  let browser: Browser;
  let page: Page;
  let external: string[];

  beforeAll(async () => {
    ({ host, browser, page, external } = await adminConsole(ADMIN));
    await page.getByTestId('nav-live').waitFor({ timeout: 180_000 });
    vehicle = startVehicle(host.brokerUrl());
  }, 300_000);
  afterAll(async () => {
    vehicle?.kill('SIGTERM');
    await browser?.close();
    await host?.stop();
    expect(localRequests(external)).toBeGreaterThan(0);
    expect(external).toEqual([]);
  });

  it('confirms and renames the vehicle, puts it in maintenance with a ticket, and the map says so', async () => {
    await page.evaluate(() => (location.hash = '/live'));
    await expect.poll(() => page.getByTestId('fleet-row').count(), POLL).toBe(1);
    await page.getByTestId('fleet-row').first().click();
    const panel = page.getByTestId('vehicle-panel');
    await panel.getByTestId('confirm-submit').click();
    const upkeep = panel.getByTestId('vehicle-upkeep');
    await upkeep.waitFor(POLL);
    await upkeep.getByTestId('upkeep-name').fill('Robin');
    await upkeep.getByTestId('upkeep-rename').click();
    await expect.poll(() => panel.locator('header h2').textContent(), POLL).toBe('Robin');
    await upkeep.getByTestId('upkeep-reason').fill('left wheel bearing');
    expect(await upkeep.getByTestId('upkeep-ticket').isChecked()).toBe(true);
    await upkeep.getByTestId('upkeep-start').click();
    await page.locator('[data-testid="vehicle-upkeep"][data-service="maintenance"], [data-testid="upkeep-error"]').first().waitFor(POLL);
    expect(await upkeep.getByTestId('upkeep-error').count(), await upkeep.textContent() ?? '').toBe(0);
    expect(await upkeep.getAttribute('data-service')).toBe('maintenance');
    expect(await upkeep.getByTestId('upkeep-state').textContent()).toMatch(/In maintenance since .*: left wheel bearing \(ticket linked\)/);
    await shot(page, 'in-maintenance');
    // The map: the vehicle brought into view, labelled and coloured as in maintenance.
    await mapSettled(page);
    await shot(page, 'map');
  });

  it('leaves a vehicle in maintenance out of a transport\'s suggestions, saying why, and offers it again once back', async () => {
    const api = await hostClient(host, page.context());
    await api.client.auth.login.mutate({ email: ADMIN.email, password: ADMIN.password });
    const [site] = await api.client.org.sites.query();
    const [v] = await api.client.fleet.vehicles.query();
    if (!v!.service) await api.client.vehicles.startMaintenance.mutate({ id: v!.id, reason: 'left wheel bearing' });
    const resident = await api.client.residents.create.mutate({ siteId: site!.id, firstName: 'Ada', lastName: 'Visser', dateOfBirth: '1941-03-02',
      wheelchairType: 'manual', requiresAssistance: false, preferredLanguage: 'nl', consent: true });
    const places = (await api.client.missions.places.query({ siteId: site!.id })).filter((p) => p.kind === 'room' || p.kind === 'entrance');
    const m = await api.client.missions.create.mutate({ residentId: resident.id, pickupNode: places[0]!.nodeId, dropoffNode: places[1]!.nodeId, priority: 'normal' });
    await page.evaluate(() => (location.hash = '/missions'));
    await page.locator(`[data-testid="mission-row"][data-id="${m.id}"]`).click({ timeout: 30_000 }).catch(async (err: Error) => {
      await shot(page, 'missions-failed');
      throw err;
    });
    await page.getByTestId('suggest').click();
    const candidate = page.locator(`[data-testid="candidate"][data-id="${v!.id}"]`);
    await expect.poll(() => candidate.getAttribute('data-eligible'), POLL).toBe('false');
    expect(await candidate.getByTestId('candidate-reason').textContent()).toBe('in maintenance: left wheel bearing');
    await shot(page, 'suggestions');
    await api.client.vehicles.returnToService.mutate({ id: v!.id, note: 'bearing replaced' });
    api.close();
    await page.getByTestId('suggest').click();
    await expect.poll(() => candidate.getAttribute('data-eligible'), POLL).toBe('true');
  });
});
