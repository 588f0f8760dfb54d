import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardNetwork, launchChromium, localRequests, mapSettled, SITE_MAP, startHost, type Host } from './harness.js';

const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/missions-${name}.png` });

/** The timeline's event types, in order. */
const eventTypes = (detail: Locator) => detail.getByTestId('timeline-event').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-type')!));

/** Whether `want` occurs in `list` in this order (other entries may come between). */
function inOrder(list: string[], want: string[]): boolean {
  let i = 0;
  for (const w of want) {
    i = list.indexOf(w, i) + 1;
    if (i === 0) return false;
  }
  return true;
}

/**
 * Three simulated VDA 5050 vehicles on the console's broker that wait at their parking places for
 * orders and never fail. The demo fleet roams and has random incidents (a vehicle offline for a minute,
 * a bumper stop), which would make a four-minute trip a lottery.
 */
function startFleet(brokerUrl: string): ChildProcess {
  const args = ['--import', 'tsx', 'core/simulator/cli.ts', '--broker', brokerUrl, '--vehicles', '3', '--sensors', '0', '--incidents', '0', '--no-roam'];
  return spawn(process.execPath, args, { cwd: resolve(import.meta.dirname, '../..'), stdio: 'ignore' });
}

/** Fills and sends the new transport form. */
async function createTransport(page: Page, t: { resident: string; pickup: string; dropoff: string; priority: string }): Promise<void> {
  await page.getByTestId('new-transport').click();
  const form = page.getByTestId('transport-form');
  await form.getByTestId('form-resident').selectOption({ label: t.resident });
  await form.getByTestId('form-pickup').selectOption(t.pickup);
  await form.getByTestId('form-dropoff').selectOption(t.dropoff);
  await form.getByTestId(`form-priority-${t.priority}`).check();
  await form.getByTestId('form-submit').click();
  await form.waitFor({ state: 'detached' });
  await expect.poll(() => page.getByTestId('mission-detail').getAttribute('data-status')).toBe('pending');
}

describe('missions (demo operator, 3 simulated vehicles waiting for orders)', () => {
  let host: Host;
  let fleet: ChildProcess | undefined;
  let browser: Browser;
  let page: Page;
  let external: string[];
  let missionId: string;
  let vehicle: { id: string; name: string };

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    [host, browser] = await Promise.all([startHost({ WATCHFLOOR_DEMO_VEHICLES: '0', WATCHFLOOR_DEMO_SENSORS: '0' }), launchChromium()]);
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    external = await guardNetwork(context);
    // The test flag makes MapView expose its map, to check where the camera is while following.
    await context.addInitScript('window.__watchfloorTest = true; window.__name = (f) => f;');
    page = await context.newPage();
  });
  afterAll(async () => {
    fleet?.kill('SIGTERM');
    await browser?.close();
    await host?.stop();
  });

  it('creates a transport from the form; a refusal is shown inline and the values are kept', async () => {
    await page.goto(`${host.url}#/missions`);
    const map = page.locator(SITE_MAP);
    await map.waitFor({ timeout: 60_000 });
    // The embedded broker takes only its per-run credentials; the host leaves its URL for local tools.
    fleet = startFleet(host.brokerUrl());
    await expect.poll(() => map.getAttribute('data-vehicles'), { timeout: 60_000 }).toBe('3');
    await page.getByTestId('mission-empty').waitFor();

    await page.getByTestId('new-transport').click();
    const form = page.getByTestId('transport-form');
    // The places are drawn on the map to be clicked while the form is open.
    await expect.poll(async () => Number(await map.getAttribute('data-places'))).toBeGreaterThanOrEqual(8);
    // Demo mode seeds fictional residents; the operator sees them as initial and last name only.
    await expect.poll(() => form.getByTestId('form-resident').locator('option').allTextContents()).toContain('A. Visser');
    await form.getByTestId('form-resident').selectOption({ label: 'A. Visser' });
    expect(await form.getByTestId('form-resident-info').textContent()).toContain('manual wheelchair');
    // Only places for residents are offered: no chargers, no docks.
    const offered = await form.getByTestId('form-pickup').locator('option').allTextContents();
    expect(offered).toContain('Main Entrance · entrance');
    expect(offered.filter((o) => /charger|dock/i.test(o))).toEqual([]);
    // A pick-up time in the past is refused next to the time, in words, before anything is sent.
    await form.getByTestId('form-scheduled').check();
    await form.getByTestId('form-time').fill('2020-01-01T09:00');
    await expect.poll(() => form.getByTestId('form-time-error').textContent())
      .toBe('The pick-up time is in the past. Choose a time from now on, or record the transport as backdated with a reason.');
    await form.getByTestId('form-backdated').check();
    await expect.poll(() => form.getByTestId('form-time-error').count()).toBe(0);
    expect(await form.getByTestId('form-backdated-error').textContent()).toBe('Say why the transport is backdated, in at least 3 characters.');
    await form.getByTestId('form-backdated').uncheck();
    await form.getByTestId('form-asap').check();
    await expect.poll(() => form.getByTestId('form-time-error').count()).toBe(0);
    await form.getByTestId('form-pickup').selectOption('entrance');
    await form.getByTestId('form-dropoff').selectOption('entrance');
    await form.getByTestId('form-priority-high').check();
    await form.getByTestId('form-notes').fill('Blanket on the chair');
    await form.getByTestId('form-submit').click();
    // Shown once, next to the drop-off.
    expect(await form.getByTestId('form-dropoff-error').textContent()).toBe('The drop-off is the pick-up: choose another place.');
    expect(await form.getByTestId('form-error').count()).toBe(0);
    expect(await form.getByTestId('form-notes').inputValue()).toBe('Blanket on the chair');
    expect(await form.getByTestId('form-priority-high').isChecked()).toBe(true);

    await form.getByTestId('form-dropoff').selectOption('rehab-south');
    await mapSettled(page); // the map fits the places
    await shot(page, 'form');
    await form.getByTestId('form-submit').click();
    await form.waitFor({ state: 'detached' });

    const detail = page.getByTestId('mission-detail');
    await detail.waitFor();
    missionId = (await detail.getAttribute('data-id'))!;
    expect(await detail.getAttribute('data-status')).toBe('pending');
    expect(await detail.getByTestId('timeline-event').first().textContent()).toContain('Created — high priority');
    const row = page.locator(`[data-testid="mission-row"][data-id="${missionId}"]`);
    expect(await row.getByTestId('priority').textContent()).toBe('high');
    expect(await row.textContent()).toContain('Main Entrance → Rehab Centre');
    expect(await row.getByTestId('mission-timer').textContent()).toMatch(/^waiting \d+ s$/);
    expect(await map.getAttribute('data-route')).toBe('entrance>rehab-south');
  });

  it('ranks the vehicles with their reasons and assigns the top one', async () => {
    const detail = page.getByTestId('mission-detail');
    await detail.getByTestId('suggest').click();
    const candidates = detail.getByTestId('candidate');
    await expect.poll(() => candidates.count(), { timeout: 10_000 }).toBe(3);
    const top = candidates.first();
    expect(await top.getAttribute('data-eligible'), (await candidates.allTextContents()).join('\n')).toBe('true');
    expect(await top.getByTestId('candidate-reason').textContent()).toMatch(/^idle, \d+ m to the pick-up \(\d+ s\); \d+% left after the trip/);
    vehicle = { id: (await top.getAttribute('data-id'))!, name: (await top.getAttribute('data-name'))! };
    await mapSettled(page);
    await shot(page, 'suggestions');

    await top.getByTestId('candidate-pick').click();
    await expect.poll(() => eventTypes(detail), { timeout: 20_000 }).toContain('assigned');
    // A vehicle that refuses an order does so at once; one that takes it starts it.
    await expect.poll(() => detail.getAttribute('data-status'), { timeout: 30_000 }).toBe('in_progress');
    const timeline = await detail.getByTestId('timeline-event').allTextContents();
    expect(await detail.getAttribute('data-status'), timeline.join('\n')).toMatch(/^(assigned|in_progress)$/);
    expect(timeline).toContainEqual(expect.stringContaining(`Assigned to ${vehicle.name}`));
    expect(await detail.getByTestId('candidates').count()).toBe(0);
    // The assigned vehicle is ringed on the map.
    await expect.poll(() => page.getByTestId('map').getAttribute('data-selected-vehicle')).toBe(vehicle.id);
  });

  it('pauses and resumes the vehicle, each with a reason', async () => {
    const detail = page.getByTestId('mission-detail');
    await detail.getByTestId('pause').click();
    const confirm = detail.getByTestId('reason-confirm');
    expect(await confirm.getByTestId('reason-submit').isDisabled()).toBe(true);
    await confirm.getByTestId('reason-input').fill('door blocked');
    await confirm.getByTestId('reason-submit').click();
    await confirm.waitFor({ state: 'detached', timeout: 20_000 });
    await expect.poll(() => eventTypes(detail), { timeout: 10_000 }).toContain('paused');
    expect(await detail.getByTestId('timeline-event').allTextContents()).toContainEqual(expect.stringContaining('Paused — door blocked'));
    await detail.getByTestId('resume').click();
    await detail.getByTestId('reason-input').fill('door open again');
    await detail.getByTestId('reason-submit').click();
    await expect.poll(() => eventTypes(detail), { timeout: 20_000 }).toContain('resumed');
    await detail.getByTestId('pause').waitFor();
  });

  it('follows the mission: the camera stays on its vehicle as it drives, until follow is turned off', async () => {
    const detail = page.getByTestId('mission-detail');
    /** How far the mission's vehicle is from the camera's padded centre, in pixels (null while it is not drawn). */
    const offCentre = () => page.evaluate((id) => {
      const map = (window as unknown as { __watchfloorMap: import('maplibre-gl').Map }).__watchfloorMap;
      const f = map.querySourceFeatures('fleet-vehicles', { filter: ['==', ['get', 'id'], id] })[0];
      if (!f) return null;
      const p = map.project((f.geometry as GeoJSON.Point).coordinates as [number, number]);
      const c = map.getContainer();
      const { left = 0, right = 0, top = 0, bottom = 0 } = map.getPadding();
      return Math.hypot(p.x - (left + (c.clientWidth - left - right) / 2), p.y - (top + (c.clientHeight - top - bottom) / 2));
    }, vehicle.id);
    const follow = detail.getByTestId('mission-follow');
    expect(await follow.getAttribute('aria-pressed')).toBe('false');
    // The header's buttons stay inside the panel (they wrap rather than push close out of it).
    const panel = (await detail.boundingBox())!;
    for (const b of [follow, detail.getByRole('button', { name: 'Close mission' })]) {
      const box = (await b.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(panel.x + panel.width);
    }
    await follow.click();
    expect(await follow.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(offCentre, { timeout: 30_000, interval: 500 }).toBeLessThan(20);
    // It drives on, and the camera with it.
    const where = () => page.evaluate(() => (window as unknown as { __watchfloorMap: import('maplibre-gl').Map }).__watchfloorMap.getCenter().toArray().join());
    const before = await where();
    await expect.poll(where, { timeout: 60_000, interval: 500 }).not.toBe(before);
    expect(await offCentre()).toBeLessThan(20);
    await shot(page, 'follow');
    await follow.click();
    expect(await follow.getAttribute('aria-pressed')).toBe('false');
  });

  it('the vehicle completes the transport, and the timeline tells the whole trip', { timeout: 300_000 }, async () => {
    const detail = page.getByTestId('mission-detail');
    // The simulated vehicles drive at walking speed: a few minutes for this trip.
    let shotInProgress = false;
    const ended = async () => {
      const s = (await detail.getAttribute('data-status'))!;
      if (!shotInProgress && (await eventTypes(detail)).includes('pickup_completed')) {
        shotInProgress = true;
        await shot(page, 'in-progress');
      }
      return /^(completed|cancelled|failed)$/.test(s);
    };
    await expect.poll(ended, { timeout: 240_000, interval: 2000 }).toBe(true);
    const status = (await detail.getAttribute('data-status'))!;
    // A failure shows the timeline, which says why.
    expect(status, (await detail.getByTestId('timeline-event').allTextContents()).join('\n')).toBe('completed');
    const types = await eventTypes(detail);
    const trip = ['created', 'assigned', 'started', 'pickup_arrived', 'pickup_completed', 'in_transit', 'dropoff_arrived', 'dropoff_completed', 'completed'];
    expect(inOrder(types, trip), types.join(', ')).toBe(true);
    const texts = await detail.getByTestId('timeline-event').allTextContents();
    expect(texts.at(-1)).toMatch(/Completed\s*vehicle$/);
    expect(texts).toContainEqual(expect.stringContaining('On the way to Rehab Centre'));
    await shot(page, 'completed');

    // Finished missions leave the queue for the history.
    await expect.poll(() => page.locator(`[data-testid="mission-row"][data-id="${missionId}"]`).count()).toBe(0);
    await page.getByTestId('history-toggle').click();
    const row = page.locator(`[data-testid="mission-row"][data-id="${missionId}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('completed');
    expect(await row.getByTestId('mission-timer').textContent()).toMatch(/^completed \d\d:\d\d · took /);
    await page.getByTestId('filter-status').selectOption('cancelled');
    await expect.poll(() => row.count()).toBe(0);
    await page.getByTestId('filter-status').selectOption('');
    await row.waitFor();
    await page.getByTestId('history-toggle').click();
  });

  it('cancels a waiting transport with a reason', async () => {
    await createTransport(page, { resident: 'B. de Jong', pickup: 'main-east', dropoff: 'ward-south', priority: 'urgent' });
    const detail = page.getByTestId('mission-detail');
    const row = page.locator(`[data-testid="mission-row"][data-id="${await detail.getAttribute('data-id')}"]`);
    await row.waitFor();
    expect(await row.getByTestId('priority').textContent()).toBe('urgent');
    await shot(page, 'queue');

    // While it waits, its drop-off is corrected in the detail; the timeline says from where to where.
    await detail.getByTestId('mission-dropoff').selectOption('ward-east');
    await expect.poll(() => detail.getByTestId('timeline-event').last().textContent()).toContain('Drop-off Linden Ward → Linden Ward East Door');
    expect(await detail.getByTestId('mission-dropoff').inputValue()).toBe('ward-east');

    await detail.getByTestId('cancel-mission').click();
    await detail.getByTestId('reason-input').fill('ok'); // too short
    expect(await detail.getByTestId('reason-submit').isDisabled()).toBe(true);
    await detail.getByTestId('reason-input').fill('appointment moved');
    await detail.getByTestId('reason-submit').click();
    await expect.poll(() => detail.getAttribute('data-status')).toBe('cancelled');
    expect(await detail.getByTestId('timeline-event').last().textContent()).toContain('Cancelled — appointment moved');
    await expect.poll(() => row.count()).toBe(0);
  });

  it('made no request that left 127.0.0.1', () => {
    expect(external).toEqual([]);
    // …and the stories ran: their pages made requests, all on 127.0.0.1.
    expect(localRequests(external)).toBeGreaterThan(0);
  });
});
