// The residents screen in Chromium, as a nurse or administrator uses it: add residents with
// consent, find them whatever the accents and case, edit, withdraw and record consent, a save
// refused because another console changed the resident (what was typed kept), erase.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminConsole, type Host, hostClient, localRequests } from './harness.js';

const ADMIN = { email: 'admin@care.test', name: 'Ada Admin', password: 'a long admin password' };
const POLL = { timeout: 30_000 };
const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/residents-${name}.png` });

async function addResident(page: Page, r: { first: string; last: string; dob: string; phone?: string }): Promise<void> {
  await page.getByTestId('resident-new').click();
  const form = page.getByTestId('resident-create');
  await form.getByTestId('resident-first').fill(r.first);
  await form.getByTestId('resident-last').fill(r.last);
  await form.getByTestId('resident-dob').fill(r.dob);
  await form.getByTestId('resident-language').fill('nl');
  if (r.phone) {
    await form.getByTestId('resident-contact-name').fill(`Contact of ${r.first}`);
    await form.getByTestId('resident-contact-phone').fill(r.phone);
  }
  await form.getByTestId('resident-create-submit').click();
  await expect.poll(() => page.getByTestId('residents-notice').textContent(), POLL).toContain(`Added ${r.first} ${r.last}, with consent recorded`);
}

/** A resident made from another console (signed in as the administrator), opened in the page by a search. */
async function openNew(host: Host, page: Page, firstName: string, lastName: string) {
  const other = await hostClient(host, page.context());
  await other.client.auth.login.mutate({ email: ADMIN.email, password: ADMIN.password });
  const [site] = await other.client.org.sites.query();
  const r = await other.client.residents.create.mutate({ siteId: site!.id, firstName, lastName, dateOfBirth: '1940-01-02', wheelchairType: 'powered',
    requiresAssistance: true, preferredLanguage: 'nl', emergencyContactPhone: '+31 6 5555 0000', consent: true });
  await page.evaluate(() => (location.hash = '/residents'));
  await page.getByTestId('resident-inactive').uncheck();
  await page.getByTestId('resident-search').fill(lastName);
  await expect.poll(() => rows(page), POLL).toEqual([`${firstName[0]}. ${lastName}`]);
  await page.getByTestId('resident-row').first().click();
  await page.getByTestId('resident-editor').waitFor(POLL);
  return { id: r.id, api: other };
}

const rows = (page: Page) => page.getByTestId('resident-row').locator('.name').allTextContents();

describe('residents screen (administrator, no demo data)', () => {
  let host: Host;
  let browser: Browser;
  let page: Page;
  let external: string[];

  beforeAll(async () => {
    ({ host, browser, page, external } = await adminConsole(ADMIN));
    // Signed in: the nav bar shows (a console without a site yet opens its first-run setup instead of the map).
    await page.getByTestId('nav-residents').waitFor({ timeout: 180_000 });
    await shot(page, 'signed-in');
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    expect(localRequests(external)).toBeGreaterThan(0);
    expect(external).toEqual([]);
  });

  it('adds residents with consent, lists them as people look them up, and finds them whatever the accents and case', async () => {
    await page.evaluate(() => (location.hash = '/residents'));
    await page.getByTestId('view-residents').waitFor(POLL);
    expect(await page.getByTestId('resident-list').textContent()).toContain('No residents yet');
    await addResident(page, { first: 'Ada', last: 'Visser', dob: '1941-03-02' });
    await addResident(page, { first: 'Bram', last: 'de Jong', dob: '1938-11-17', phone: '+31 6 1234 5678' });
    await addResident(page, { first: 'Émile', last: 'Ébert', dob: '1944-05-06' });
    await expect.poll(() => rows(page), POLL).toEqual(['É. Ébert', 'B. de Jong', 'A. Visser']);
    await page.getByTestId('resident-search').fill('EBERT');
    await expect.poll(() => rows(page), POLL).toEqual(['É. Ébert']);
    await page.getByTestId('resident-search').fill('jong');
    await expect.poll(() => rows(page), POLL).toEqual(['B. de Jong']);
    await page.getByTestId('resident-row').first().click();
    const editor = page.getByTestId('resident-editor');
    await editor.waitFor(POLL);
    expect(await editor.getByTestId('resident-contact-phone').inputValue()).toBe('+31 6 1234 5678');
    expect(await editor.getByTestId('consent-state').textContent()).toMatch(/Given on .*recorded by admin@care.test/);
    await shot(page, 'editor');
  });

  it('withdraws and records consent, and keeps what was typed when another console changed the resident meanwhile', async () => {
    const { id, api } = await openNew(host, page, 'Cor', 'van der Berg');
    const editor = page.getByTestId('resident-editor');
    await editor.getByTestId('consent-withdraw').click();
    await expect.poll(() => editor.getByTestId('consent-state').textContent(), POLL).toMatch(/Not given.*Withdrawn on .* by admin@care.test/);
    await editor.getByTestId('consent-record').click();
    await expect.poll(() => editor.getByTestId('consent-state').textContent(), POLL).toMatch(/Given on/);

    // Another console edits the resident: this page's copy is now old.
    const d = await api.client.residents.detail.query({ id });
    await api.client.residents.update.mutate({ id, version: d.version, firstName: d.firstName, lastName: d.lastName, dateOfBirth: d.dateOfBirth!,
      wheelchairType: d.wheelchairType, requiresAssistance: d.requiresAssistance, preferredLanguage: d.preferredLanguage, emergencyContactPhone: '+31 6 9999 0000' });
    api.close();
    await editor.getByTestId('resident-contact-name').fill('Femke van der Berg');
    await editor.getByTestId('resident-save').click();
    await expect.poll(() => page.getByTestId('residents-stale').textContent(), POLL).toMatch(/changed since you loaded it: admin@care.test did "update"/);
    expect(await editor.getByTestId('resident-contact-name').inputValue()).toBe('Femke van der Berg');
    await shot(page, 'stale');
    await editor.getByTestId('resident-reload').click();
    await expect.poll(() => editor.getByTestId('resident-contact-phone').inputValue(), POLL).toBe('+31 6 9999 0000');
    await editor.getByTestId('resident-contact-name').fill('Femke van der Berg');
    await editor.getByTestId('resident-save').click();
    await expect.poll(() => page.getByTestId('residents-notice').textContent(), POLL).toBe('Saved.');
    expect(await editor.getByTestId('resident-contact-phone').inputValue()).toBe('+31 6 9999 0000');
  });

  it('erases a resident: off the list, and shown as erased with the deactivated ones', async () => {
    const { api } = await openNew(host, page, 'Dirk', 'Zeeman');
    api.close();
    const editor = page.getByTestId('resident-editor');
    await editor.getByTestId('resident-retire').locator('summary').click();
    await editor.getByTestId('retire-reason').fill('family asked for erasure');
    expect(await editor.getByTestId('resident-erase').isDisabled()).toBe(true); // not before the box is ticked
    await editor.getByTestId('erase-sure').check();
    await editor.getByTestId('resident-erase').click();
    await expect.poll(() => page.getByTestId('residents-notice').textContent(), POLL).toMatch(/^Erased/);
    await expect.poll(() => rows(page), POLL).toEqual([]);
    await page.getByTestId('resident-search').fill('');
    await expect.poll(() => rows(page), POLL).not.toContain('D. Zeeman');
    await page.getByTestId('resident-inactive').check();
    await expect.poll(() => rows(page), POLL).toContain('Erased resident');
    await shot(page, 'erased');
  });
});
