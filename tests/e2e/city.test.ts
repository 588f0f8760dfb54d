import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { guardNetwork, hostClient, launchChromium, localRequests, SITE_MAP, startHost, type Host } from './harness.js';

const shot = (page: Page, name: string) => page.screenshot({ path: `/tmp/city-${name}.png` });
type LatLon = { lat: number; lon: number };
type Point = { x: number; y: number };
/** On the page, right of the board and a panel (about 1080 px) and left of the legend (about 1700 px). */
const FREE: Point = { x: 1380, y: 520 };

/** A tRPC client from Node on the same host, signed in as the demo operator. */
async function nodeClient(host: Host, context: BrowserContext) {
  const api = await hostClient(host, context);
  await api.client.auth.demoLogin.mutate();
  return api;
}

/** Waits for the map to stand still (a selection eases it), so projected points stay put. */
async function still(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const m = (window as { __watchfloorMap?: { isMoving(): boolean; loaded(): boolean } }).__watchfloorMap;
    return m !== undefined && !m.isMoving();
  });
  // …and has drawn two more frames there.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}

/** Where a coordinate is on the page, through the map's own projection. */
async function onPage(page: Page, p: LatLon): Promise<Point> {
  await still(page);
  const box = (await page.getByTestId('map').boundingBox())!;
  const q = await page.evaluate(([lon, lat]) => {
    const m = (window as unknown as { __watchfloorMap: { project(l: [number, number]): Point } }).__watchfloorMap;
    return m.project([lon, lat]);
  }, [p.lon, p.lat] as [number, number]);
  return { x: box.x + q.x, y: box.y + q.y };
}

/** The coordinate under a point of the page. */
async function atPage(page: Page, pt: Point): Promise<LatLon> {
  await still(page);
  const box = (await page.getByTestId('map').boundingBox())!;
  const ll = await page.evaluate(([x, y]) => {
    const m = (window as unknown as { __watchfloorMap: { unproject(p: [number, number]): { lat: number; lng: number } } }).__watchfloorMap;
    return m.unproject([x, y]);
  }, [pt.x - box.x, pt.y - box.y] as [number, number]);
  return { lat: ll.lat, lon: ll.lng };
}

/**
 * Pans the map (without easing) so a coordinate lies at a point of the page: the panels
 * cover the map's left and the legend its right, and clicks must land on the map.
 */
async function bring(page: Page, p: LatLon, to: Point): Promise<Point> {
  const at = await onPage(page, p);
  await page.evaluate(([dx, dy]) => {
    const m = (window as unknown as { __watchfloorMap: { panBy(d: [number, number], o: object): void } }).__watchfloorMap;
    m.panBy([dx, dy], { duration: 0 });
  }, [at.x - to.x, at.y - to.y] as [number, number]);
  return onPage(page, p);
}

const east = (p: LatLon, m: number): LatLon => ({ lat: p.lat, lon: p.lon + m / (111_195 * Math.cos((p.lat * Math.PI) / 180)) });

describe('city operations (demo operator)', () => {
  let host: Host;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let external: string[];
  let first: LatLon;
  let firstId: string;

  beforeAll(async () => {
    [host, browser] = await Promise.all([startHost({ WATCHFLOOR_DEMO_VEHICLES: '0', WATCHFLOOR_DEMO_SENSORS: '0' }), launchChromium()]);
    context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, acceptDownloads: true });
    external = await guardNetwork(context);
    // The map hands itself to the test (MapView does this only when the flag is set before load).
    await context.addInitScript(() => ((window as { __watchfloorTest?: boolean }).__watchfloorTest = true));
    page = await context.newPage();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await shot(page, `failed-${ctx.task.name.slice(0, 20).replace(/\W+/g, '-')}`);
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('opens the city view with the demo service requests', async () => {
    await page.goto(`${host.url}#/city`);
    await page.locator(SITE_MAP).waitFor({ timeout: 60_000 });
    const board = page.getByTestId('city-board');
    await expect.poll(() => board.getByTestId('city-row').count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(8);
    expect(await board.getAttribute('data-tab')).toBe('requests');
    // Server-side search narrows the board.
    await board.getByTestId('city-search').fill('gate');
    await expect.poll(() => board.getByTestId('city-row').count()).toBe(2);
    for (const row of await board.getByTestId('city-row').allTextContents()) expect(row).toMatch(/gate/i);
    await board.getByTestId('city-search').fill('');
    await expect.poll(() => board.getByTestId('city-row').count()).toBeGreaterThanOrEqual(8);
    await shot(page, 'board');
  });

  it('creates a request by clicking the map; a second one nearby is offered as its duplicate and linked', async () => {
    await page.getByTestId('city-new').click();
    const form = page.getByTestId('case-form');
    await form.getByTestId('form-category').selectOption('noise');
    // Right of the panels, where the map is not covered.
    const spot = FREE;
    await page.mouse.click(spot.x, spot.y);
    await expect.poll(async () => Number(await form.getByTestId('location-lat').inputValue())).not.toBe(0);
    first = { lat: Number(await form.getByTestId('location-lat').inputValue()), lon: Number(await form.getByTestId('location-lon').inputValue()) };
    const expected = await atPage(page, spot);
    expect(Math.abs(first.lat - expected.lat)).toBeLessThan(1e-5);
    await form.getByTestId('form-description').fill('Generator humming all night behind ward C');
    await form.getByText('Citizen contact').click();
    await form.getByTestId('form-contact-name').fill('Jan Jansen');
    await form.getByTestId('form-contact-email').fill('jan.jansen@example.org');
    await page.locator('[data-testid="case-form"][data-duplicates-checked="true"]').waitFor(); // core answered: no duplicates
    expect(await form.getByTestId('duplicates').count()).toBe(0);
    await form.getByTestId('form-submit').click();
    const detail = page.getByTestId('city-detail');
    await detail.waitFor();
    firstId = (await detail.getAttribute('data-id'))!;
    expect(await detail.getAttribute('data-status')).toBe('open');
    expect(await detail.getByTestId('case-event').first().getAttribute('data-kind')).toBe('created');
    expect(await page.locator(`[data-testid="city-row"][data-id="${firstId}"]`).getAttribute('aria-selected')).toBe('true');

    // The same category 20 m away: suggested as a duplicate, with distance and age.
    await page.getByTestId('city-new').click();
    await form.getByTestId('form-category').selectOption('noise');
    const near = await onPage(page, east(first, 20));
    await page.mouse.click(near.x, near.y);
    const dup = form.getByTestId('duplicate');
    await dup.first().waitFor({ timeout: 60_000 });
    expect(await dup.count()).toBe(1);
    expect(await dup.getAttribute('data-id')).toBe(firstId);
    expect(await dup.getByTestId('duplicate-facts').textContent()).toMatch(/^(19|20|21) m away · just now · open$/);
    await shot(page, 'duplicate');
    await dup.getByTestId('duplicate-link').click();
    await form.getByTestId('duplicate-confirm-link').click();
    await form.waitFor({ state: 'detached' });
    // The original is shown, with the duplicate linked to it in its timeline.
    await expect.poll(() => detail.getAttribute('data-id')).toBe(firstId);
    await expect.poll(() => detail.getByTestId('duplicates-here').textContent(), { timeout: 60_000 }).toContain('1 duplicate linked here');
    expect(await detail.locator('[data-testid="case-event"][data-kind="link"]').count()).toBe(1);
  });

  it('moves a request through its legal statuses with a public message and an internal note', async () => {
    const detail = page.getByTestId('city-detail');
    // The citizen's contact only on request (core records the read in the audit log).
    expect(await detail.getByTestId('contact-details').count()).toBe(0);
    await detail.getByTestId('show-contact').click();
    await expect.poll(() => detail.getByTestId('contact-details').textContent()).toContain('jan.jansen@example.org');
    expect(await detail.getByTestId('contact-details').textContent()).toContain('Jan Jansen');
    const moves = detail.getByTestId('status-actions').getByRole('button');
    expect(await moves.allTextContents()).toEqual(['Start work', 'Close']);
    await detail.getByTestId('move-in_progress').click();
    await detail.getByTestId('move-public').fill('A technician is on the way.');
    await detail.getByTestId('move-internal').fill('Generator belongs to the kitchen contractor.');
    await detail.getByTestId('move-submit').click();
    await expect.poll(() => detail.getAttribute('data-status')).toBe('in_progress');
    expect(await moves.allTextContents()).toEqual(['Reopen', 'Close']);
    const events = detail.getByTestId('case-event');
    await expect.poll(() => events.evaluateAll((es) => es.map((e) => `${e.getAttribute('data-kind')}:${e.getAttribute('data-visibility')}`)))
      .toEqual(expect.arrayContaining(['status:public', 'comment:public', 'comment:internal']));
    expect(await detail.locator('[data-visibility="internal"]').last().textContent()).toContain('kitchen contractor');
    await shot(page, 'request-detail');
  });

  it('a map click on a request selects its row', async () => {
    await page.getByTestId('city-detail').getByLabel('Close').click();
    await page.getByTestId('city-tab-reports').click();
    await page.getByTestId('city-tab-requests').click();
    // Close in, so the request and its duplicate 20 m away are two points, not one cluster.
    await page.evaluate(() => (window as unknown as { __watchfloorMap: { jumpTo(o: object): void } }).__watchfloorMap.jumpTo({ zoom: 19.5 }));
    const target = await bring(page, first, FREE);
    await page.mouse.click(target.x, target.y);
    await expect.poll(() => page.getByTestId('city-detail').getAttribute('data-id'), { timeout: 60_000 }).toBe(firstId);
    expect(await page.locator(`[data-testid="city-row"][data-id="${firstId}"]`).getAttribute('aria-selected')).toBe('true');
  });

  it('draws an announcement polygon: a crossing one is refused, a good one lists what it covers and is published', async () => {
    // A report inside the area, made through the API first.
    const api = await nodeClient(host, context);
    const [site] = await api.client.org.sites.query();
    const inside = east(first, -25);
    await api.client.city.createReport.mutate({ siteId: site!.id, reportType: 'road', title: 'Seeded: blocked drain', description: 'inside the closure', lat: inside.lat, lon: inside.lon });
    api.close();

    await page.getByTestId('city-tab-announcements').click();
    await page.getByTestId('city-new').click();
    const editor = page.getByTestId('announcement-editor');
    await editor.getByTestId('ann-title').fill('Path closed for resurfacing');
    await page.evaluate(() => (window as unknown as { __watchfloorMap: { jumpTo(o: object): void } }).__watchfloorMap.jumpTo({ zoom: 17 }));
    const c = await bring(page, first, FREE);
    const corners = [{ x: c.x - 90, y: c.y - 70 }, { x: c.x + 90, y: c.y - 70 }, { x: c.x + 90, y: c.y + 70 }, { x: c.x - 90, y: c.y + 70 }];
    const [a, b, cc, d] = corners as [Point, Point, Point, Point];
    // Corners in bow-tie order, closed on the first corner: refused here and by core.
    for (const p of [a, cc, b, d, a]) await page.mouse.click(p.x, p.y);
    await shot(page, 'polygon-bowtie');
    await expect.poll(() => editor.getByTestId('area-refusal').textContent()).toBe('Refused: the polygon crosses itself (edge 1 crosses edge 3)');
    await expect.poll(() => editor.getByTestId('area-server-refusal').textContent(), { timeout: 60_000 }).toContain('the polygon crosses itself (edge 1 crosses edge 3)');
    await expect.poll(() => editor.getByTestId('ann-publish').isDisabled()).toBe(true);
    await shot(page, 'polygon-refused');

    // Undo opens it, three undos leave the first corner; then the right order, closed by a double-click.
    for (let i = 0; i < 4; i++) await editor.getByTestId('draw-undo').click();
    await expect.poll(() => page.getByTestId('draw-area').getAttribute('data-corners')).toBe('1');
    for (const p of [b, cc]) await page.mouse.click(p.x, p.y);
    await page.mouse.dblclick(d.x, d.y);
    const drawn = page.getByTestId('draw-area');
    await expect.poll(() => drawn.getAttribute('data-closed')).toBe('true');
    await expect.poll(() => drawn.getAttribute('data-corners')).toBe('4');
    await expect.poll(() => editor.getByTestId('area-refusal').count()).toBe(0);
    const covered = editor.getByTestId('covered');
    await expect.poll(() => covered.allTextContents(), { timeout: 60_000 }).toEqual(expect.arrayContaining([
      expect.stringContaining('Seeded: blocked drain'),
      expect.stringContaining('Generator humming all night'),
    ]));
    await shot(page, 'polygon-covers');

    // A circle's negative radius is refused with core's sentence too; back to the polygon after.
    await editor.getByTestId('shape-circle').click();
    // Pressed at the centre and dragged 100 px: about 37 m at this zoom.
    await page.mouse.move(c.x, c.y);
    await page.mouse.down();
    await page.mouse.move(c.x + 50, c.y, { steps: 4 });
    await page.mouse.move(c.x + 100, c.y, { steps: 4 });
    await page.mouse.up();
    await expect.poll(async () => Number(await page.getByTestId('draw-area').getAttribute('data-radius'))).toBeGreaterThan(30);
    expect(Number(await editor.getByTestId('draw-radius').inputValue())).toBeLessThan(45);
    await expect.poll(() => covered.count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
    await editor.getByTestId('draw-radius').fill('-40');
    await expect.poll(() => editor.getByTestId('area-refusal').textContent()).toBe('Refused: a circle needs a radius above 0 m');
    await expect.poll(() => editor.getByTestId('area-server-refusal').textContent(), { timeout: 60_000 }).toContain('a circle needs a radius above 0 m');
    await editor.getByTestId('shape-polygon').click();
    for (const p of [a, b, cc, d, a]) await page.mouse.click(p.x, p.y);
    await expect.poll(() => covered.count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);

    await editor.getByTestId('ann-publish').click();
    const published = page.getByTestId('announcement-detail');
    await published.waitFor();
    expect(await published.getAttribute('data-status')).toBe('published');
    expect(await published.getAttribute('data-phase')).toBe('active');
    const announcementId = (await published.getAttribute('data-id'))!;
    await expect.poll(() => page.locator(`[data-testid="city-row"][data-id="${announcementId}"]`).count()).toBe(1);
    expect(await page.getByTestId('city-group').allTextContents()).toEqual(['Active now']);
    // The map's announcements layer has it now.
    await expect.poll(() => page.getByTestId('case-layers').getAttribute('data-counts'), { timeout: 60_000 }).toMatch(/announcements:[1-9]/);
    await shot(page, 'published');
  }, 180_000); // every click waits for the map to stand still, which software rendering makes slow on a busy machine

  it('a public report moves on with a public message and an internal note', async () => {
    await page.getByTestId('city-tab-reports').click();
    const board = page.getByTestId('city-board');
    await board.getByTestId('city-search').fill('Seeded');
    await expect.poll(() => board.getByTestId('city-row').count()).toBe(1);
    await board.getByTestId('city-row').click();
    const detail = page.getByTestId('city-detail');
    await expect.poll(() => detail.getAttribute('data-status')).toBe('new');
    expect(await detail.getByTestId('status-actions').getByRole('button').allTextContents()).toEqual(['Review', 'Reject']);
    await detail.getByTestId('move-under_review').click();
    await detail.getByTestId('move-public').fill('Thank you, a crew will look at it.');
    await detail.getByTestId('move-internal').fill('Drain crew on Tuesday.');
    await detail.getByTestId('move-submit').click();
    await expect.poll(() => detail.getAttribute('data-status')).toBe('under_review');
    expect(await detail.getByTestId('status-actions').getByRole('button').allTextContents()).toEqual(['Assign', 'Reject']);
    const entries = () => detail.getByTestId('case-event').evaluateAll((es) => es.map((e) => `${e.getAttribute('data-visibility')}:${e.textContent}`));
    await expect.poll(entries).toEqual(expect.arrayContaining([expect.stringMatching(/^public:.*Thank you, a crew/), expect.stringMatching(/^internal:.*Drain crew on Tuesday/)]));
    await board.getByTestId('city-search').fill('');
  });

  it('a ticket about the request: internal comments only, resolved with its notes', async () => {
    await page.getByTestId('city-tab-tickets').click();
    await page.getByTestId('city-new').click();
    const form = page.getByTestId('ticket-form');
    await form.getByTestId('ticket-subject').fill('Silence the generator behind ward C');
    await form.getByTestId('ticket-priority').selectOption('high');
    await form.getByLabel('About').selectOption('service_request');
    await form.getByLabel('Which').selectOption(firstId);
    await form.getByTestId('ticket-submit').click();
    const detail = page.getByTestId('city-detail');
    await expect.poll(() => detail.getAttribute('data-status')).toBe('open');
    expect(await detail.textContent()).toContain('service request: ');
    // No public side: no Public choice, no visibility tags.
    expect(await detail.getByTestId('comment-public').count()).toBe(0);
    await detail.getByTestId('comment-body').fill('Called the contractor.');
    await detail.getByTestId('comment-submit').click();
    await expect.poll(() => detail.locator('[data-testid="case-event"][data-kind="comment"]').getAttribute('data-visibility')).toBe('internal');
    await detail.getByTestId('move-resolved').click();
    expect(await detail.getByTestId('move-submit').isDisabled()).toBe(true); // resolution notes first
    await detail.getByTestId('move-resolution').fill('Generator moved to the east yard.');
    await detail.getByTestId('move-submit').click();
    await expect.poll(() => detail.getAttribute('data-status')).toBe('resolved');
    expect(await detail.textContent()).toContain('Generator moved to the east yard.');
    await shot(page, 'ticket');
  });

  it('Open311: a file is previewed record by record; all-or-nothing refuses it with every reason; the good records land; XML and JSON export', async () => {
    await page.getByTestId('city-tab-requests').click();
    await page.getByTestId('open311').click();
    const panel = page.getByTestId('open311-panel');
    const at = { status: 'open', service_code: 'pothole', requested_datetime: '2026-11-20T10:00:00+01:00' };
    const file = [
      { ...at, service_request_id: 'X-1', lat: first.lat, long: first.lon, media_url: 'javascript:alert(1)' },
      { ...at, service_request_id: 'X-2', service_code: 'no_such_service', lat: 52.09, long: 5.12 },
      { ...at, service_request_id: 'X-3', lat: 0, long: 0 },
      { ...at, service_request_id: 'X-4', address: 'Markt 1, Eindhoven', lat: null, long: null },
      { ...at, service_request_id: 'X-9', description: 'Imported hole', lat: first.lat, long: first.lon },
    ];
    await panel.getByTestId('open311-requests').setInputFiles({ name: 'city.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
    await panel.getByTestId('open311-check').click();
    const records = panel.getByTestId('open311-record');
    await expect.poll(() => records.count(), { timeout: 60_000 }).toBe(5);
    // Refused first, with their reasons; then the suspect 0,0; then the one without a point.
    expect(await records.nth(0).getAttribute('data-state')).toBe('refused');
    expect(await records.nth(0).textContent()).toContain('is not an http or https link');
    expect(await records.nth(1).textContent()).toContain("unknown service_code 'no_such_service'");
    expect(await records.nth(2).textContent()).toContain('at exactly 0,0');
    expect(await records.nth(3).textContent()).toContain('needs a location');
    expect(await panel.getByTestId('open311-counts').textContent()).toContain('Requests: 3 new, 0 changed, 0 unchanged, 2 refused');
    await shot(page, 'open311-preview');

    await panel.getByTestId('open311-choice-all').check();
    await panel.getByTestId('open311-import').click();
    const items = panel.getByTestId('open311-refusal-item');
    await expect.poll(() => items.count(), { timeout: 60_000 }).toBe(3);
    expect(await items.nth(2).textContent()).toContain("requests[2] (id 'X-3'): at exactly 0,0");
    await shot(page, 'open311-refused');

    await panel.getByTestId('open311-choice-good').check();
    await panel.getByTestId('open311-import').click();
    await expect.poll(() => panel.getByTestId('open311-result').textContent(), { timeout: 60_000 })
      .toContain('Imported (good records only): 2 new requests, 0 changed, 0 unchanged, 2 refused, 1 with a suspect location left out');
    // The address-only request is on the board, saying it needs a location.
    await expect.poll(() => page.getByTestId('city-board').textContent(), { timeout: 60_000 }).toContain('Markt 1, Eindhoven · needs a location');
    // The board lists only those when asked.
    await page.getByTestId('city-filter-status').selectOption('needs_location');
    await expect.poll(() => page.getByTestId('city-row').count(), { timeout: 60_000 }).toBe(1);

    await panel.getByTestId('open311-export-format').selectOption('xml');
    const [xml] = await Promise.all([page.waitForEvent('download'), panel.getByTestId('open311-export').click()]);
    expect(xml.suggestedFilename()).toMatch(/^open311-requests-[\w-]+-\d{4}-\d{2}-\d{2}\.xml$/);
    const xmlText = readFileSync((await xml.path())!, 'utf8');
    expect(xmlText).toContain('<service_request_id>X-9</service_request_id>');
    expect(xmlText).toContain('<requested_datetime>2026-11-20T10:00:00+01:00</requested_datetime>');

    await panel.getByTestId('open311-export-format').selectOption('json');
    const [download] = await Promise.all([page.waitForEvent('download'), panel.getByTestId('open311-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^open311-requests-[\w-]+-\d{4}-\d{2}-\d{2}\.json$/);
    const data = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { service_request_id: string; status_notes: string | null }[];
    expect(data.map((r) => r.service_request_id)).toEqual(expect.arrayContaining(['X-4', 'X-9']));
    // Public status notes go out; the internal note does not.
    const text = JSON.stringify(data);
    expect(text).toContain('A technician is on the way.');
    expect(text).not.toContain('kitchen contractor');
    expect(text).not.toContain('jan.jansen@example.org'); // nor the citizen's contact

    // More than a browser call may carry (the host takes 1 MiB a message): the file goes up in chunks,
    // with a progress bar; Cancel stops it with nothing kept; sent again, it is previewed and imported.
    const many = Array.from({ length: 2200 }, (_, i) => ({ ...at, service_request_id: `BIG-${i}`, description: 'x'.repeat(400), lat: first.lat, long: first.lon }));
    const big = Buffer.from(JSON.stringify(many));
    expect(big.length).toBeGreaterThan(1 << 20);
    await panel.getByTestId('open311-requests').setInputFiles({ name: 'big.json', mimeType: 'application/json', buffer: big });
    await panel.getByTestId('open311-check').click();
    const progress = panel.getByTestId('transfer-progress');
    await progress.waitFor({ timeout: 30_000 });
    await shot(page, 'open311-progress');
    await progress.getByTestId('transfer-cancel').click();
    await progress.waitFor({ state: 'detached', timeout: 30_000 });
    expect(await panel.getByTestId('open311-preview').count()).toBe(0);
    expect(await panel.getByTestId('open311-refusal').count()).toBe(0);
    await panel.getByTestId('open311-check').click();
    await expect.poll(() => panel.getByTestId('open311-counts').textContent(), { timeout: 300_000 }).toContain('Requests: 2,200 new, 0 changed, 0 unchanged, 0 refused');
    await panel.getByTestId('open311-choice-all').check();
    await panel.getByTestId('open311-import').click();
    await expect.poll(() => panel.getByTestId('open311-result').textContent(), { timeout: 300_000 }).toContain('Imported (all or nothing): 2,200 new requests');

    // The address-only request is placed from its detail with a click on the map.
    await page.getByTestId('city-row').filter({ hasText: 'needs a location' }).first().click();
    const detail = page.getByTestId('city-detail');
    await detail.getByTestId('place-start').click();
    await page.mouse.click(FREE.x, FREE.y);
    await expect.poll(async () => Number(await detail.getByTestId('location-lat').inputValue())).not.toBe(0);
    await detail.getByTestId('place-save').click();
    await expect.poll(() => page.getByTestId('city-board').textContent(), { timeout: 60_000 }).not.toContain('needs a location');
    expect(await detail.getByTestId('place-request').count()).toBe(0);
    await expect.poll(() => page.getByTestId('city-row').count(), { timeout: 60_000 }).toBe(0);
    await page.getByTestId('city-filter-status').selectOption('');
  }, 600_000); // the 1.3 MB file is previewed and written on the embedded database, a slice at a time;

  it('nothing left 127.0.0.1', () => {
    expect(external).toEqual([]);
    // …and the stories ran: their pages made requests, all on 127.0.0.1.
    expect(localRequests(external)).toBeGreaterThan(0);
  });
});
