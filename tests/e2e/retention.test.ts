// Settings → Retention and archiving: an administrator sees the periods of every site, gives a
// site its own period for incidents, sets the archive schedule (a relative folder is refused and
// what was typed stays), and archives now: the audit segment's file appears in the folder.
import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminConsole, hostClient, SITE_MAP, type Host } from './harness.js';

const ADMIN = { email: 'admin@lindenhof.test', name: 'Ada Admin', password: 'correct-horse-battery' };
const POLL = { timeout: 120_000 };

describe('Settings → Retention and archiving', () => {
  let host: Host;
  let browser: Browser;
  let page: Page;
  let external: string[];

  beforeAll(async () => {
    ({ host, browser, page, external } = await adminConsole(ADMIN));
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('shows and sets periods per site, refuses a relative folder, and archives now', async () => {
    await page.locator(SITE_MAP).waitFor({ timeout: 180_000 });
    await page.getByTestId('nav-settings').click();
    const panel = page.getByTestId('retention-settings');
    await page.getByTestId('retention-rules').waitFor({ timeout: 120_000 });
    await expect.poll(() => page.getByTestId('retention-row').first().textContent(), POLL).toMatch(/Every site.*2557 days \(7\.0 years\)/);

    // Lindenhof keeps closed incidents 3 years.
    const site = await page.getByTestId('retention-rule-site').locator('option').nth(1).getAttribute('value');
    await page.getByTestId('retention-rule-site').selectOption(site!);
    await page.getByTestId('retention-rule-subject').selectOption('incidents');
    await page.getByTestId('retention-rule-days').fill('1096');
    await page.getByTestId('retention-rule-save').click();
    await expect.poll(() => page.getByTestId('retention-row').count(), POLL).toBe(2);
    expect(await page.getByTestId('retention-row').nth(1).textContent()).toMatch(/1096 days/);

    // A period set on another console shows here without reloading.
    const other = await hostClient(host, page.context());
    try {
      await other.client.auth.login.mutate({ email: ADMIN.email, password: ADMIN.password });
      await other.client.retention.setRule.mutate({ siteId: site!, subject: 'alerts', keepDays: 400 });
    } finally {
      other.close();
    }
    await expect.poll(() => page.getByTestId('retention-row').nth(1).textContent(), POLL).toMatch(/400 days/);

    await page.getByTestId('archive-folder').fill('archive/here');
    await page.getByTestId('archive-schedule-save').click();
    await expect.poll(() => page.getByTestId('retention-error').textContent().catch(() => ''), POLL).toMatch(/folder: must be an absolute path/);
    expect(await page.getByTestId('archive-folder').inputValue()).toBe('archive/here');

    const folder = mkdtempSync(join(tmpdir(), 'wf-e2e-archive-'));
    await page.getByTestId('archive-folder').fill(folder);
    await page.getByTestId('archive-audit-days').fill('1');
    await page.getByTestId('archive-enabled').check();
    await page.getByTestId('archive-schedule-save').click();
    await expect.poll(() => page.getByTestId('retention-error').count(), POLL).toBe(0);
    await page.getByTestId('archive-now').click();
    // Nothing is a day old on a new console: the pass runs and says so.
    await expect.poll(() => page.getByTestId('archive-last').textContent(), POLL).toMatch(/no records due; no audit entries due/);
    expect(readdirSync(folder)).toEqual([]);
    mkdirSync('docs/screenshots', { recursive: true });
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'docs/screenshots/settings-retention.png' });
    await panel.screenshot({ path: 'test-results/settings-retention-panel.png' });
    expect(external).toEqual([]);
  }, 800_000);
});
