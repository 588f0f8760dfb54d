// An administrator limits a user to one site from Settings (Chromium at 1280×720, no demo data):
// the limit is stored and audited, and that user, signed in, can choose only that site.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminConsole, type Host, hostClient, localRequests } from './harness.js';

const ADMIN = { email: 'admin@sites.test', name: 'Ada Admin', password: 'a long admin password' };
const OPERATOR = { email: 'north@sites.test', displayName: 'Noor North', password: 'a long operator password' };
const POLL = { timeout: 30_000 };

describe('a user limited to some sites (administrator, no demo data)', () => {
  let host: Host;
  let browser: Browser;
  let page: Page;
  let external: string[];

  beforeAll(async () => {
    ({ host, browser, page, external } = await adminConsole(ADMIN));
    await page.getByTestId('nav-settings').waitFor({ timeout: 180_000 });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    expect(localRequests(external)).toBeGreaterThan(0);
    expect(external).toEqual([]);
  });

  it('ticks a site for a user in Settings; that user then has only that site to choose', async () => {
    const api = await hostClient(host, page.context());
    await api.client.auth.login.mutate({ email: ADMIN.email, password: ADMIN.password });
    await api.client.org.createSite.mutate({ name: 'North Depot', slug: 'north-depot', timeZone: 'Europe/Amsterdam', lat: 53.2, lon: 6.56 });
    await api.client.org.createSite.mutate({ name: 'South Depot', slug: 'south-depot', timeZone: 'Europe/Amsterdam', lat: 51.44, lon: 5.47 });
    const user = await api.client.iam.createUser.mutate({ ...OPERATOR, roles: ['operator'] });
    const north = (await api.client.org.sites.query()).find((s) => s.name === 'North Depot')!;

    await page.getByTestId('nav-settings').click();
    await page.locator(`[data-testid="user-row"][data-email="${OPERATOR.email}"]`).getByTestId('edit-user').click();
    const sites = page.getByTestId('edit-sites');
    await expect.poll(() => sites.textContent(), POLL).toContain('none ticked: every site');
    await sites.getByLabel('North Depot').check();
    await page.getByTestId('save-sites').click();
    await expect.poll(() => page.getByTestId('users-notice').textContent(), POLL).toBe(`${OPERATOR.email} may work on North Depot.`);
    await page.screenshot({ path: 'test-results/user-sites-editor.png' });
    expect(await api.client.org.userSites.query({ userId: user.id })).toEqual([north.id]);
    // Opened again, the editor reads the limit back.
    await page.getByTestId('user-editor').getByRole('button', { name: 'Close editor' }).click();
    await page.locator(`[data-testid="user-row"][data-email="${OPERATOR.email}"]`).getByTestId('edit-user').click();
    await expect.poll(() => page.getByTestId('edit-sites').getByLabel('North Depot').isChecked(), POLL).toBe(true);
    expect(await page.getByTestId('edit-sites').getByLabel('South Depot').isChecked()).toBe(false);
    api.close();

    // The operator signs in elsewhere: North Depot is the only site there is to choose.
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    try {
      const theirs = await context.newPage();
      await theirs.goto(host.url);
      const form = theirs.getByTestId('sign-in');
      await form.getByLabel('Email').fill(OPERATOR.email);
      await form.getByLabel('Password').fill(OPERATOR.password);
      await form.getByRole('button', { name: 'Sign in' }).click();
      // One site: its name stands where the switcher would be.
      await expect.poll(() => theirs.getByTestId('site-name').textContent(), POLL).toBe('North Depot');
      expect(await theirs.getByTestId('site-switcher').count()).toBe(0);
      // The administrator's page learns of the sites made through the API from the change stream: waited for, not read once.
      await expect.poll(() => page.getByTestId('site-switcher').locator('option').allTextContents(), POLL).toEqual(expect.arrayContaining(['North Depot', 'South Depot']));
    } finally {
      await context.close();
    }
  });
});
