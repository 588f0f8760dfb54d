// Reports in Chromium: an incident run through its statuses, then each report shown with its
// charts and table, exported as CSV and XLSX (read back), and printed on white.
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardNetwork, hostClient, launchChromium, startHost, type Host } from './harness.js';

const shot = (page: Page, name: string) => page.screenshot({ path: `/tmp/reports-${name}.png` });

describe('reports (demo operator)', () => {
  let host: Host;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let external: string[];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    [host, browser] = await Promise.all([startHost({ WATCHFLOOR_DEMO_VEHICLES: '2', WATCHFLOOR_DEMO_SENSORS: '0', WATCHFLOOR_DEMO_ALERT_SECONDS: '0' }), launchChromium()]);
    context = await browser.newContext({ viewport: { width: 1280, height: 720 }, acceptDownloads: true });
    external = await guardNetwork(context);
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('shows response times for an incident run to resolved, with a chart and a table, and exports them as CSV and XLSX', async () => {
    await page.goto(`${host.url}#/reports`);
    await page.getByTestId('view-reports').waitFor({ timeout: 60_000 });
    const api = await hostClient(host, context);
    await api.client.auth.demoLogin.mutate();
    const [site] = await api.client.org.sites.query();
    const incident = await api.client.ops.createIncident.mutate({ siteId: site!.id, type: 'fall', category: 'medical', priority: 2, title: 'Fall in the garden', location: { lat: 51.4425, lon: 5.4707 }, needs: [] });
    const [resource] = await api.client.ops.suggestResources.query({ incidentId: incident.id });
    let current = await api.client.ops.assignResources.mutate({ incidentId: incident.id, resourceIds: [resource!.resourceId] });
    for (const status of ['en_route', 'on_scene', 'resolved'] as const) {
      current = await api.client.ops.setIncidentStatus.mutate({ id: incident.id, status, version: current.version, reason: status === 'resolved' ? 'Helped up, unhurt' : undefined });
    }
    // A transport requested and cancelled, so the transports report has a row.
    const [resident] = await api.client.missions.residents.query({ siteId: site!.id });
    const mission = await api.client.missions.create.mutate({ residentId: resident!.id, pickupNode: 'ward-west', dropoffNode: 'rehab-south' });
    await api.client.missions.cancel.mutate({ missionId: mission.id, reason: 'resident asleep' });
    api.close();

    await page.getByTestId('report-tab-response').click();
    await page.getByTestId('report-run').click();
    const table = page.getByTestId('report-table-response');
    await table.waitFor();
    const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim())));
    expect(rows.map((r) => r.slice(0, 2))).toEqual([['P2', '1'], ['All', '1']]);
    expect(rows[0]!.at(-1)).toBe('1'); // resolved
    await expect.poll(() => page.getByTestId('report-chart').locator('canvas').count()).toBe(1);
    await shot(page, 'response');

    const [csvFile] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-csv').click()]);
    expect(csvFile.suggestedFilename()).toMatch(/^watchfloor-response-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await csvFile.path())!, 'utf8').split('\r\n');
    expect(csv).toContain('Response times by priority (minutes from the alert)');
    const p2 = csv.find((l) => l.startsWith('P2,'))!.split(',');
    expect([p2[0], p2[1], p2.at(-1)]).toEqual(['P2', '1', '1']);

    const [xlsxFile] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-xlsx').click()]);
    expect(xlsxFile.suggestedFilename()).toMatch(/\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync((await xlsxFile.path())!) as never);
    const sheet = book.worksheets[1]!;
    expect((sheet.getRow(2).values as unknown[]).slice(1, 3)).toEqual(['P2', 1]);
    // The same figures as the page and the CSV, as numbers.
    expect(sheet.getRow(2).getCell(3).value).toBe(Number(p2[2]));
  });

  it('shows the transports, fleet and city reports, and prints the report alone', async () => {
    for (const kind of ['transports', 'fleet', 'city'] as const) {
      await page.getByTestId(`report-tab-${kind}`).click();
      await page.getByTestId('report-run').click();
      await page.locator(`[data-testid="report"][data-kind="${kind}"]`).waitFor();
      await expect.poll(() => page.getByTestId('report-chart').locator('canvas').count()).toBe(2);
      await shot(page, kind);
    }
    // The demo fleet's two vehicles are in the fleet report, each a row.
    await page.getByTestId('report-tab-fleet').click();
    await page.getByTestId('report-run').click();
    await expect.poll(() => page.getByTestId('report-table-vehicles').locator('tbody tr').count()).toBe(2);

    // In Dutch the report on screen is asked again in Dutch, and so is its file.
    await page.getByTestId('user-menu').click();
    await page.getByTestId('language').selectOption('nl');
    await page.getByTestId('user-menu').click();
    await expect.poll(() => page.getByTestId('report-table-vehicles').locator('th').first().textContent()).toBe('Voertuig');
    const [dutch] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-csv').click()]);
    expect(readFileSync((await dutch.path())!, 'utf8').split('\r\n')[0]).toMatch(/^"Vloot, \d{4}-\d\d-\d\d t\/m \d{4}-\d\d-\d\d \(/);
    await page.getByTestId('user-menu').click();
    await page.getByTestId('language').selectOption('en');
    await page.getByTestId('user-menu').click();
    await expect.poll(() => page.getByTestId('report-table-vehicles').locator('th').first().textContent()).toBe('Vehicle');

    // A range that ends before it starts is refused with a sentence, and the last report stays away.
    await page.getByTestId('report-from').fill('2026-12-31');
    await page.getByTestId('report-to').fill('2026-01-01');
    await page.getByTestId('report-run').click();
    expect(await page.getByTestId('report-error').textContent()).toMatch(/the range ends before it starts/);

    await page.getByTestId('report-to').fill(await page.getByTestId('report-from').inputValue());
    await page.getByTestId('report-from').fill('2026-01-01');
    await page.getByTestId('report-run').click();
    await page.locator('[data-testid="report"][data-kind="fleet"]').waitFor();
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('nav-live').evaluate((e) => getComputedStyle(e).visibility)).toBe('hidden');
    expect(await page.getByTestId('report-run').isVisible()).toBe(false);
    expect(await page.getByTestId('view-reports').evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(255, 255, 255)');
    await shot(page, 'print');
    await page.emulateMedia({ media: 'screen' });
    expect(pageErrors).toEqual([]);
    expect(external).toEqual([]);
  });
});
