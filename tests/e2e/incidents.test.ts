import mqtt from 'mqtt';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardNetwork, launchChromium, localRequests, SITE_MAP, startHost, type Host } from './harness.js';

const shot = (page: Page, name: string) => page.screenshot({ path: `/tmp/incidents-${name}.png` });

/** The timeline's entries as [kind, visibility, text]. */
const entries = (detail: Locator) =>
  detail.getByTestId('case-event').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-kind')!, r.getAttribute('data-visibility')!, r.textContent!.replace(/\s+/g, ' ').trim()]));

describe('incidents (demo operator, an external alert over MQTT to a closed incident)', () => {
  let host: Host;
  let browser: Browser;
  let page: Page;
  let external: string[];
  let publisher: mqtt.MqttClient;
  let incidentId: string;
  let resourceName: string;
  const pageErrors: string[] = [];

  /** Publishes an alert as an external system would, on the console's own broker. */
  const publish = (source: string, body: Record<string, unknown>) =>
    publisher.publishAsync(`watchfloor/v1/lindenhof/alerts/${source}`, JSON.stringify(body), { qos: 1 });

  beforeAll(async () => {
    [host, browser] = await Promise.all([startHost({ WATCHFLOOR_DEMO_VEHICLES: '0', WATCHFLOOR_DEMO_SENSORS: '0', WATCHFLOOR_DEMO_ALERT_SECONDS: '0' }), launchChromium()]);
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    external = await guardNetwork(context);
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });
  afterAll(async () => {
    await publisher?.endAsync();
    await browser?.close();
    await host?.stop();
  });

  it('shows published alerts in the inbox, most severe first, and sounds the alarm for the severe one', async () => {
    await page.goto(`${host.url}#/incidents`);
    await page.locator(SITE_MAP).waitFor({ timeout: 60_000 });
    await page.getByTestId('alert-empty').waitFor();
    // A browser lets a page make sound only after the person interacted with it.
    await page.getByTestId('tab-inbox').click();
    expect(await page.getByTestId('alarm').count()).toBe(0);

    // The embedded broker takes only its per-run credentials; the host leaves its URL for local tools.
    const url = host.brokerUrl();
    publisher = await mqtt.connectAsync(url, { clientId: `e2e-alerts-${process.pid}`, reconnectPeriod: 0 });
    await publish('door-panel', { externalId: 'door-7', type: 'door_open', severity: 4, title: 'Back door open', location: { lat: 51.4421, lon: 5.4702 } });
    await publish('fire-panel', {
      externalId: 'smoke-b2', type: 'smoke', severity: 2, title: 'Smoke detector Main House floor 2',
      description: 'Detector 2.14 in the corridor', location: { lat: 51.44262, lon: 5.47115, address: 'Main House, floor 2' }, zone: 'B2',
    });

    const rows = page.getByTestId('alert-row');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);
    expect(await rows.evaluateAll((r) => r.map((x) => x.getAttribute('data-severity')))).toEqual(['2', '4']);
    const smoke = rows.first();
    expect(await smoke.textContent()).toContain('fire-panel');
    expect(await smoke.textContent()).toContain('Main House, floor 2');
    expect(await smoke.getByTestId('alert-age').textContent()).toMatch(/^\d+ s$/);
    expect(await page.getByTestId('inbox-count').textContent()).toBe('2');
    // Both are drawn on the map's alerts layer too.
    await expect.poll(() => page.getByTestId('case-layers').getAttribute('data-counts'), { timeout: 15_000 }).toMatch(/\balerts:2\/2\b/);

    const alarm = page.getByTestId('alarm');
    await alarm.waitFor();
    expect(await alarm.getAttribute('data-count')).toBe('1');
    expect(await alarm.getByTestId('alarm-title').textContent()).toBe('Smoke detector Main House floor 2');
    await expect.poll(async () => Number(await alarm.getAttribute('data-beeps'))).toBeGreaterThanOrEqual(1);
    await shot(page, 'inbox-alarm');
  });

  it('a click on an alert on the map selects its row in the inbox', async () => {
    // The map's view is read from the point picker of the new incident form (a test hook), then the form is closed.
    await page.getByTestId('new-incident').click();
    const view = JSON.parse((await page.getByTestId('draw-area').getAttribute('data-view'))!) as { lon: number; lat: number; zoom: number; width: number; height: number };
    await page.getByTestId('incident-form').getByRole('button', { name: 'Cancel' }).click();
    const box = (await page.getByTestId('map').boundingBox())!;
    // Web Mercator with MapLibre's 512-pixel tiles.
    const world = 512 * 2 ** view.zoom;
    const x = (lon: number) => ((lon + 180) / 360) * world;
    const y = (lat: number) => ((1 - Math.log(Math.tan((lat * Math.PI) / 180) + 1 / Math.cos((lat * Math.PI) / 180)) / Math.PI) / 2) * world;
    const at = { lat: 51.4421, lon: 5.4702 }; // the back door alert
    await page.mouse.click(box.x + view.width / 2 + x(at.lon) - x(view.lon), box.y + view.height / 2 + y(at.lat) - y(view.lat));
    const door = page.locator('[data-testid="alert-row"][data-severity="4"]');
    await expect.poll(() => door.locator('[role="row"]').getAttribute('aria-selected')).toBe('true');
    expect(await page.getByTestId('tab-inbox').getAttribute('aria-selected')).toBe('true');
  });

  it('opens the alert from the alarm, acknowledges it (the alarm stops) and dismisses the other with a reason', async () => {
    await page.getByTestId('alarm-open').click();
    const smoke = page.locator('[data-testid="alert-row"][data-severity="2"]');
    expect(await smoke.locator('[role="row"]').getAttribute('aria-selected')).toBe('true');
    await smoke.getByTestId('alert-ack').click();
    await expect.poll(() => smoke.getAttribute('data-status')).toBe('acknowledged');
    expect(await smoke.getByTestId('alert-acked-by').textContent()).toMatch(/^Acknowledged by \S+@\S+ at \d\d:\d\d:\d\d$/);
    await page.getByTestId('alarm').waitFor({ state: 'detached' });

    // The keyboard moves through the inbox.
    const door = page.locator('[data-testid="alert-row"][data-severity="4"]');
    await smoke.locator('[role="row"]').focus();
    await page.keyboard.press('ArrowDown');
    expect(await door.locator('[role="row"]').getAttribute('aria-selected')).toBe('true');
    await shot(page, 'alert-actions');
    await door.getByTestId('alert-dismiss').click();
    const submit = door.getByTestId('reason-submit');
    expect(await submit.isDisabled()).toBe(true);
    await door.getByTestId('reason-input').fill('caretaker propped it for a delivery');
    await submit.click();
    await expect.poll(() => door.count()).toBe(0);
  });

  it('converts the alert to an incident from a prefilled form', async () => {
    const smoke = page.locator('[data-testid="alert-row"][data-severity="2"]');
    await smoke.locator('[role="row"]').click();
    await smoke.getByTestId('alert-convert').click();
    const form = smoke.getByTestId('convert-form');
    expect(await form.getByTestId('convert-type').inputValue()).toBe('smoke');
    // The category is what happened (from the list), not the system that sent it.
    expect(await form.getByTestId('convert-category').inputValue()).toBe('fire');
    expect(await form.getByTestId('convert-priority').inputValue()).toBe('2');
    expect(await form.getByTestId('convert-title').inputValue()).toBe('Smoke detector Main House floor 2');
    await form.getByTestId('convert-needs').fill('first_aid');
    await shot(page, 'convert-form');
    await form.getByTestId('convert-submit').click();

    const detail = page.getByTestId('incident-detail');
    await detail.waitFor();
    incidentId = (await detail.getAttribute('data-id'))!;
    expect(await detail.getAttribute('data-status')).toBe('new');
    expect(await detail.getByTestId('incident-number').textContent()).toMatch(/^\S+-\d{4}-\d+$/);
    expect(await detail.getByTestId('source-alert').textContent()).toBe('fire-panel · Smoke detector Main House floor 2');
    expect(await detail.textContent()).toContain('smoke · fire');
    expect(await detail.textContent()).toContain('Main House, floor 2');
    expect(await page.getByTestId('tab-board').getAttribute('aria-selected')).toBe('true');
    const row = page.locator(`[data-testid="incident-row"][data-id="${incidentId}"]`);
    await row.waitFor();
    expect(await row.getAttribute('aria-selected')).toBe('true');
    expect(await row.getByTestId('level').textContent()).toBe('2');
    // The converted alert leaves the inbox.
    await expect.poll(() => page.getByTestId('inbox-count').textContent()).toBe('0');
  });

  it('ranks the resources with their reasons and assigns the top one', async () => {
    const detail = page.getByTestId('incident-detail');
    await detail.getByTestId('suggest').click();
    const suggestions = detail.getByTestId('suggestion');
    await expect.poll(() => suggestions.count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    const top = suggestions.first();
    expect(await top.getAttribute('data-eligible')).toBe('true');
    expect(await top.getByTestId('suggestion-reason').textContent()).toMatch(/^available · \d+ m away · has first_aid$/);
    // Those that cannot go are greyed with the reason, below the eligible ones, and cannot be ticked.
    const ineligible = detail.locator('[data-testid="suggestion"][data-eligible="false"]');
    expect(await ineligible.count()).toBeGreaterThanOrEqual(1);
    expect(await ineligible.first().getByTestId('suggestion-reason').textContent()).toMatch(/^lacks first_aid · \d+ m away$/);
    expect(await ineligible.first().getByTestId('suggestion-check').isDisabled()).toBe(true);
    resourceName = (await top.getAttribute('data-name'))!;
    await shot(page, 'suggestions');

    expect(await detail.getByTestId('assign').isDisabled()).toBe(true);
    await top.getByTestId('suggestion-check').check();
    await detail.getByTestId('assign').click();
    await expect.poll(() => detail.getAttribute('data-status')).toBe('assigned');
    await expect.poll(() => detail.getByTestId('incident-resource').getAttribute('data-name')).toBe(resourceName);
    expect(await detail.getByTestId('incident-resource').textContent()).toContain('assigned');
    // The ranking is asked again: the assigned one is now busy on this incident.
    await expect.poll(() => detail.locator(`[data-testid="suggestion"][data-name="${resourceName}"]`).getAttribute('data-eligible')).toBe('false');
    expect(await page.locator(`[data-testid="incident-row"][data-id="${incidentId}"]`).getByTestId('incident-resources').textContent()).toBe(resourceName);

    // A second one sent, then released with a reason: the incident stays assigned with the first.
    const second = detail.locator('[data-testid="suggestion"][data-eligible="true"]').first();
    const secondName = (await second.getAttribute('data-name'))!;
    await second.getByTestId('suggestion-check').check();
    await detail.getByTestId('assign').click();
    const onIt = detail.getByTestId('incident-resource');
    await expect.poll(() => onIt.count()).toBe(2);
    await detail.locator(`[data-testid="incident-resource"][data-name="${secondName}"]`).getByTestId('release').click();
    await detail.getByTestId('reason-input').fill('needed in Linden Ward');
    await detail.getByTestId('reason-submit').click();
    await expect.poll(() => onIt.count()).toBe(1);
    expect(await onIt.getAttribute('data-name')).toBe(resourceName);
    expect(await detail.getAttribute('data-status')).toBe('assigned');
    expect((await entries(detail)).map((e) => e[2])).toContainEqual(expect.stringContaining(`Released ${secondName}: needed in Linden Ward`));
  });

  it('offers only the legal next statuses and moves the incident on scene, with its resource', async () => {
    const detail = page.getByTestId('incident-detail');
    const buttons = () => detail.getByTestId('status-buttons').locator('button').evaluateAll((b) => b.map((x) => x.getAttribute('data-testid')));
    expect(await buttons()).toEqual(['move-en_route', 'move-cancelled']);
    await detail.getByTestId('move-en_route').click();
    await expect.poll(() => detail.getAttribute('data-status')).toBe('en_route');
    expect(await buttons()).toEqual(['move-on_scene', 'move-assigned', 'move-cancelled']);
    await detail.getByTestId('move-on_scene').click();
    await expect.poll(() => detail.getAttribute('data-status')).toBe('on_scene');
    await expect.poll(() => detail.getByTestId('incident-resource').textContent()).toContain('on scene');
    expect(await detail.textContent()).toMatch(/En route\d\d:\d\d:\d\dOn scene\d\d:\d\d:\d\d/);
  });

  it('adds a public and an internal comment, each marked in the timeline', async () => {
    const detail = page.getByTestId('incident-detail');
    await detail.getByTestId('comment-body').fill('Fire brigade informed, no open flames.');
    await detail.getByTestId('comment-public').check();
    await detail.getByTestId('comment-submit').click();
    await expect.poll(async () => (await entries(detail)).filter((e) => e[0] === 'comment').length).toBe(1);
    // The choice stays as made, so the internal note is chosen on purpose.
    await detail.getByTestId('comment-internal').check();
    await detail.getByTestId('comment-body').fill('Detector 2.14 was replaced last month; check the supplier.');
    await detail.getByTestId('comment-submit').click();
    await expect.poll(async () => (await entries(detail)).filter((e) => e[0] === 'comment').length).toBe(2);
    const comments = (await entries(detail)).filter((e) => e[0] === 'comment');
    expect(comments[0]![1]).toBe('public');
    expect(comments[0]![2]).toMatch(/Public Fire brigade informed, no open flames\./);
    expect(comments[1]![1]).toBe('internal');
    expect(comments[1]![2]).toMatch(/Internal Detector 2\.14 was replaced last month; check the supplier\./);
    await detail.locator('[data-testid="case-event"][data-kind="comment"][data-visibility="internal"]').scrollIntoViewIfNeeded();
    await shot(page, 'timeline');
  });

  it('resolves and closes the incident; the resource is released and the timeline tells it all', async () => {
    const detail = page.getByTestId('incident-detail');
    // Resolving asks for notes: too short, the button stays off.
    await detail.getByTestId('move-resolved').click();
    await detail.getByTestId('reason-input').fill('ok');
    expect(await detail.getByTestId('reason-submit').isDisabled()).toBe(true);
    await detail.getByTestId('reason-input').fill('Detector cleaned, no fire');
    await detail.getByTestId('reason-submit').click();
    await expect.poll(() => detail.getAttribute('data-status')).toBe('resolved');
    expect(await detail.getByTestId('move-on_scene').textContent()).toBe('Reopen on scene');
    await detail.getByTestId('move-closed').click();
    await detail.getByTestId('reason-input').fill('Family informed, report filed');
    await detail.getByTestId('reason-submit').click();
    await expect.poll(() => detail.getAttribute('data-status')).toBe('closed');
    expect(await detail.textContent()).toContain('Detector cleaned, no fire');
    expect(await detail.getByTestId('status-buttons').count()).toBe(0);
    expect(await detail.getByTestId('incident-resource').count()).toBe(0);

    const kinds = (await entries(detail)).map((e) => `${e[0]}:${e[2]}`);
    const want = ['created:', 'link:', 'assignment:', 'status:new → assigned', 'status:assigned → en route', 'status:en route → on scene', 'comment:', 'comment:', 'status:on scene → resolved', 'status:resolved → closed'];
    let at = 0;
    for (const w of want) {
      at = kinds.findIndex((k, i) => i >= at && k.startsWith(w.split(':')[0]!) && k.includes(w.split(':')[1]!)) + 1;
      expect(at, `${w} in order in:\n${kinds.join('\n')}`).toBeGreaterThan(0);
    }
    expect(kinds.find((k) => k.startsWith('assignment:'))).toContain(`Assigned ${resourceName} (available ·`);

    // Closed incidents leave the open board and are found by status and by search.
    const row = page.locator(`[data-testid="incident-row"][data-id="${incidentId}"]`);
    await expect.poll(() => row.count()).toBe(0);
    await page.getByTestId('filter-status').selectOption('closed');
    await row.waitFor();
    const number = (await row.getAttribute('data-number'))!;
    await page.getByTestId('filter-status').selectOption('');
    await page.getByTestId('filter-search').fill('no match at all xyz');
    await expect.poll(() => row.count()).toBe(0);
    await page.getByTestId('filter-search').fill('Smoke detector');
    await row.waitFor();
    await page.getByTestId('filter-search').fill(number);
    await row.waitFor();
    await shot(page, 'closed');
  });

  it('creates an incident from the form: bad coordinates are refused inline, a map click sets them', async () => {
    await page.getByTestId('new-incident').click();
    const form = page.getByTestId('incident-form');
    await form.getByTestId('form-type').fill('fall');
    // Categories come from a list.
    expect(await form.getByTestId('form-category').locator('option').allTextContents()).toContain('medical');
    await form.getByTestId('form-category').selectOption('medical');
    await form.getByTestId('form-priority-1').check();
    await form.getByTestId('form-title').fill('Resident fell in the garden');
    await form.getByTestId('form-lat').fill('95');
    await form.getByTestId('form-lon').fill('5.47');
    await form.getByTestId('form-submit').click();
    // Shown once, next to the location.
    expect(await form.getByTestId('form-location-error').textContent()).toBe('The latitude must be a number from -90 to 90.');
    expect(await form.getByTestId('form-error').count()).toBe(0);
    expect(await form.getByTestId('form-title').inputValue()).toBe('Resident fell in the garden');
    // A place in Sydney for a campus in the Netherlands asks for confirmation before it is taken.
    await form.getByTestId('form-lat').fill('-33.8688');
    await form.getByTestId('form-lon').fill('151.2093');
    await form.getByTestId('form-submit').click();
    await expect.poll(() => form.getByTestId('form-far').textContent()).toMatch(/This place is 16,\d{3} km from Lindenhof Care Campus, further than its 10 km: confirm it is right\./);
    expect(await form.getByTestId('form-submit').isDisabled()).toBe(true);
    await form.getByTestId('form-confirm-far').check();
    expect(await form.getByTestId('form-submit').isEnabled()).toBe(true);
    // A click on the map, right of the panels, sets the location (and clears the refusal).
    await page.getByTestId('draw-area').waitFor({ state: 'attached' });
    await page.mouse.click(1120, 500);
    await expect.poll(() => form.getByTestId('form-far').count()).toBe(0);
    expect(await form.getByTestId('form-location-error').count()).toBe(0);
    const lat = Number(await form.getByTestId('form-lat').inputValue());
    const lon = Number(await form.getByTestId('form-lon').inputValue());
    expect(Math.abs(lat - 51.4426), `${lat}`).toBeLessThan(0.01);
    expect(Math.abs(lon - 5.4711), `${lon}`).toBeLessThan(0.01);
    expect(await page.getByTestId('draw-area').getAttribute('data-corners')).toBe('1');
    await form.getByTestId('form-needs').fill('first_aid, lift');
    await shot(page, 'new-form');
    await form.getByTestId('form-submit').click();
    await form.waitFor({ state: 'detached' });
    const detail = page.getByTestId('incident-detail');
    await expect.poll(() => detail.getByTestId('incident-title').textContent()).toBe('Resident fell in the garden');
    expect(await detail.getAttribute('data-status')).toBe('new');
    expect(await detail.textContent()).toContain('first_aid, lift');
    expect(await detail.textContent()).toContain(`${lat.toFixed(5)}, ${lon.toFixed(5)}`);
    // New may only be cancelled by a button (assigning makes it assigned); cancelling needs a reason.
    await detail.getByTestId('move-cancelled').click();
    await detail.getByTestId('reason-input').fill('duplicate of a call');
    await detail.getByTestId('reason-submit').click();
    await expect.poll(() => detail.getAttribute('data-status')).toBe('cancelled');
    expect(await detail.textContent()).toContain('duplicate of a call');
  });

  it('an alert its source clears leaves the inbox by itself, and the alarm stops; alerts of one source and kind are grouped', async () => {
    await page.goto(`${host.url}#/incidents`);
    await page.getByTestId('tab-inbox').click();
    const fall = { externalId: 'room-12', type: 'fall', severity: 2, title: 'Fall detected, room 12' };
    await publish('nurse-call', fall);
    const row = page.locator('[data-testid="alert-row"]', { hasText: 'Fall detected, room 12' });
    await row.waitFor({ timeout: 15_000 });
    await page.getByTestId('alarm').waitFor();
    await publish('nurse-call', { ...fall, cleared: true });
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => page.getByTestId('alarm').count(), { timeout: 15_000 }).toBe(0);

    // Two door alerts from one system are one group: the most urgent shows, the other on opening it.
    await publish('access-control', { externalId: 'door-1', type: 'door_forced', severity: 3, title: 'Door held open, kitchen' });
    await publish('access-control', { externalId: 'door-2', type: 'door_forced', severity: 4, title: 'Door held open, cellar' });
    const group = page.getByTestId('alert-group');
    await expect.poll(() => group.getAttribute('data-count'), { timeout: 15_000 }).toBe('2');
    expect(await group.textContent()).toContain('2 × door forced');
    const doors = page.locator('[data-testid="alert-row"]', { hasText: 'Door held open' });
    expect(await doors.allTextContents()).toEqual([expect.stringContaining('kitchen')]);
    await group.click();
    await expect.poll(() => doors.count()).toBe(2);
    for (const id of ['door-1', 'door-2']) await publish('access-control', { externalId: id, type: 'door_forced', severity: 3, title: 'x', cleared: true });
    await expect.poll(() => group.count(), { timeout: 15_000 }).toBe(0);
  });

  it('Settings has no alert rules for an operator without settings:manage', async () => {
    await page.goto(`${host.url}#/settings`);
    await page.getByTestId('view-settings').waitFor();
    expect(await page.getByTestId('alert-rules').count()).toBe(0);
  });

  it('made no request that left 127.0.0.1, and the page threw nothing', () => {
    expect(external).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

describe('alert rules and escalation in Settings (the first administrator, no demo)', () => {
  let host: Host;
  let browser: Browser;
  let page: Page;
  let external: string[];
  let publisher: mqtt.MqttClient | undefined;

  beforeAll(async () => {
    [host, browser] = await Promise.all([startHost({ WATCHFLOOR_DEMO: 'false' }), launchChromium()]);
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    external = await guardNetwork(context);
    page = await context.newPage();
  });
  afterAll(async () => {
    await publisher?.endAsync();
    await browser?.close();
    await host?.stop();
  });

  it('edits the alert rules and escalation in Settings; an unacknowledged severe alert then escalates', { timeout: 120_000 }, async () => {
    await page.goto(host.url);
    const setup = page.getByTestId('setup-form');
    await setup.getByLabel('Email').fill('admin@lindenhof.test');
    await setup.getByLabel('Display name').fill('Ada Admin');
    await setup.getByLabel('Password').fill('correct-horse-battery');
    await setup.getByTestId('setup-code').fill(await host.setupCode());
    await setup.getByRole('button', { name: 'Create administrator' }).click();
    await page.locator(SITE_MAP).waitFor({ timeout: 60_000 });
    await page.getByTestId('nav-settings').click();
    const rules = page.getByTestId('alert-rules');
    await rules.waitFor();
    expect(await rules.getByTestId('rule-row').count()).toBe(0);
    await rules.getByTestId('rule-add').click();
    const form = rules.getByTestId('rule-form');
    await form.getByTestId('rule-name').fill('Cold room');
    await form.getByTestId('rule-kind').fill('temperature');
    await form.getByTestId('rule-comparison').selectOption('lt');
    await form.getByTestId('rule-threshold').fill('cold');
    await form.getByTestId('rule-duration').fill('300');
    await form.getByTestId('rule-save').click();
    // Shown once, under the threshold.
    expect(await form.getByTestId('rule-threshold-error').textContent()).toBe('The threshold must be a number.');
    expect(await form.getByTestId('rule-error').count()).toBe(0);
    await form.getByTestId('rule-threshold').fill('16');
    await form.getByTestId('rule-save').click();
    const cold = rules.locator('[data-testid="rule-row"][data-name="Cold room"]');
    await cold.waitFor();
    expect(await cold.textContent()).toContain('< 16');
    await cold.getByTestId('rule-edit').click();
    await rules.getByTestId('rule-form').getByTestId('rule-severity').selectOption('2');
    await rules.getByTestId('rule-form').getByTestId('rule-save').click();
    await expect.poll(() => cold.locator('td').nth(4).textContent()).toBe('2');
    await cold.getByTestId('rule-delete').click();
    await rules.getByTestId('rule-delete-yes').click();
    await expect.poll(() => cold.count()).toBe(0);

    const seconds = page.getByTestId('escalation-seconds');
    await expect.poll(() => seconds.inputValue()).toBe('120');
    await seconds.fill('5');
    await page.getByTestId('escalation-save').click();
    expect(await page.getByTestId('escalation-error').textContent()).toMatch(/at least 10 seconds/);
    await seconds.fill('10');
    await page.getByTestId('escalation-save').click();
    await expect.poll(() => page.getByTestId('escalation-save').isDisabled()).toBe(true);
    await rules.scrollIntoViewIfNeeded();
    await shot(page, 'settings');

    const url = host.brokerUrl();
    publisher = await mqtt.connectAsync(url, { clientId: `e2e-alerts-admin-${process.pid}`, reconnectPeriod: 0 });
    await publisher.publishAsync('watchfloor/v1/lindenhof/alerts/fire-panel', JSON.stringify( { externalId: 'smoke-k1', type: 'smoke', severity: 1, title: 'Smoke in the kitchen' }), { qos: 1 });
    const alarm = page.getByTestId('alarm');
    await alarm.waitFor({ timeout: 15_000 });
    expect(await alarm.getAttribute('data-escalated')).toBe('false');
    // Escalation runs every 5 s in core; 10 s after arrival it is escalated.
    await expect.poll(() => alarm.getAttribute('data-escalated'), { timeout: 40_000, interval: 1000 }).toBe('true');
    expect(await alarm.getByTestId('alarm-escalated').textContent()).toBe('escalated');
    await shot(page, 'escalated');
    await alarm.getByTestId('alarm-open').click();
    const row = page.locator('[data-testid="alert-row"][data-severity="1"]');
    await row.waitFor();
    expect(await row.getByTestId('alert-escalated').textContent()).toBe('escalated');
    expect(await page.evaluate(() => location.hash)).toBe('#/incidents');
  });

  it('made no request that left 127.0.0.1', () => {
    expect(external).toEqual([]);
    // …and the stories ran: their pages made requests, all on 127.0.0.1.
    expect(localRequests(external)).toBeGreaterThan(0);
  });
});
