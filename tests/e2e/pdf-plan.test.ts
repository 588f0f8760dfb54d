// A floor plan given as a PDF (issue 15): the first page is drawn in the page by pdf.js, bundled
// with its worker, and stored as a PNG at 200 dpi; an unreadable PDF is refused in words and
// leaves the map without a plan. Chromium at 1280×720, no demo data; nothing leaves 127.0.0.1.
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminConsole, type Host, hostClient, localRequests } from './harness.js';

const ADMIN = { email: 'admin@pdf.test', name: 'Ada Admin', password: 'a long admin password' };
const POLL = { timeout: 60_000 };

/** A one-page PDF, `width` × `height` points, drawing `content` (PDF operators); its cross-reference table exact. */
function pdf(width: number, height: number, content: string): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${width} ${height}] /Contents 4 0 R /Resources << >> >>`,
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

describe('a floor plan from a PDF (administrator, no demo data)', () => {
  let host: Host;
  let browser: Browser;
  let page: Page;
  let external: string[];

  beforeAll(async () => {
    ({ host, browser, page, external } = await adminConsole(ADMIN));
    await page.getByTestId('nav-sites').waitFor({ timeout: 180_000 });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    expect(localRequests(external)).toBeGreaterThan(0);
    expect(external).toEqual([]);
  });

  it('draws the first page at 200 dpi and stores it as the plan; a PDF it cannot read is refused in words', async () => {
    const api = await hostClient(host, page.context());
    await api.client.auth.login.mutate({ email: ADMIN.email, password: ADMIN.password });
    const { siteId } = await api.client.org.createSite.mutate({ name: 'Paper Depot', slug: 'paper-depot', timeZone: 'Europe/Amsterdam', lat: 52.37, lon: 4.9 });
    const { siteMapId } = await api.client.org.createMap.mutate({ siteId, mapId: 'paper-ground', name: 'Ground floor' });
    await page.reload();
    await page.getByTestId('nav-sites').click();
    const view = page.getByTestId('view-sites');
    await expect.poll(() => view.getByTestId('map-item').textContent(), POLL).toContain('Ground floor');
    const placer = view.getByTestId('plan-placer');

    // Not a PDF that can be read: refused, and the map still has no plan.
    const broken = join(host.dataDir, '..', `broken-${process.pid}.pdf`);
    writeFileSync(broken, '%PDF-1.7\nthis is not a PDF body\n');
    await placer.getByTestId('plan-file').setInputFiles(broken);
    await expect.poll(() => placer.getByRole('alert').textContent(), POLL).toMatch(/^The PDF could not be read \(.+\): export its page as PNG or JPEG\.$/);
    expect(await api.client.org.planImage.query({ siteMapId })).toBeNull();

    // A 400 × 300 pt page (about 14 × 10.6 cm) with a black wall 10 pt thick along its top and its left.
    const file = join(host.dataDir, '..', `plan-${process.pid}.pdf`);
    writeFileSync(file, pdf(400, 300, '0 0 0 rg 0 290 400 10 re f 0 0 10 300 re f'));
    await placer.getByTestId('plan-file').setInputFiles(file);
    await placer.locator('[data-testid="plan-canvas"][data-loaded="true"]').waitFor(POLL);
    // 200 dpi: 400 pt × 200/72 = 1,111 pixels, 300 pt = 833.
    await expect.poll(() => placer.textContent(), POLL).toContain('1111 × 833 pixels');
    await page.screenshot({ path: 'test-results/pdf-plan.png' });
    const stored = (await api.client.org.planImage.query({ siteMapId }))!;
    expect(stored.mime).toBe('image/png');
    const png = PNG.sync.read(Buffer.from(stored.data, 'base64'));
    expect([png.width, png.height]).toEqual([1111, 833]);
    const grey = (x: number, y: number) => png.data[(y * png.width + x) * 4]!;
    // The walls are black where the PDF drew them (10 pt is 27 pixels); the rest of the page is white, not transparent.
    expect(grey(600, 10)).toBeLessThan(30);
    expect(grey(10, 500)).toBeLessThan(30);
    expect(grey(600, 500)).toBeGreaterThan(240);
    expect(png.data[(500 * png.width + 600) * 4 + 3]).toBe(255);
    api.close();
  }, 300_000);
});
