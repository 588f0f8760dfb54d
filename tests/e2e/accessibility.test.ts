import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardNetwork, launchChromium, SITE_MAP, startHost, type Host } from './harness.js';

const ADMIN = { email: 'chief@campus.test', password: 'a long admin password' };
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical WCAG 2 A/AA violations on the page as it stands, as "rule: target" lines. */
async function serious(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the console's own CSP (script-src 'self') refuses inline script tags.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
  });
}

/**
 * The sign-in screen, the setup form and every view of the nav, on the demo site as an administrator (who may open
 * them all), have no serious or critical axe-core violation.
 */
describe('accessibility of each view (axe-core, WCAG 2.1 A and AA)', () => {
  let host: Host;
  let browser: Browser;
  const external: string[] = [];
  let ran = 0;
  beforeAll(async () => {
    [host, browser] = await Promise.all([startHost({ WATCHFLOOR_DEMO_VEHICLES: '3', WATCHFLOOR_DEMO_SENSORS: '2', WATCHFLOOR_DEMO_ALERT_SECONDS: '20' }), launchChromium()]);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    expect(ran).toBe(2);
    expect(external).toEqual([]);
  });

  it('the sign-in and setup screens', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    external.push(...(await guardNetwork(context)));
    const page = await context.newPage();
    await page.goto(host.url);
    await page.locator(SITE_MAP).waitFor({ timeout: 60_000 });
    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').click();
    await page.getByTestId('sign-in').waitFor();
    const found = (await serious(page)).map((v) => `sign-in: ${v}`);
    await page.getByTestId('setup-open').click();
    await page.getByTestId('setup-form').waitFor();
    found.push(...(await serious(page)).map((v) => `setup: ${v}`));
    expect(found).toEqual([]);
    // The first administrator, for the next story.
    const form = page.getByTestId('setup-form');
    await form.getByLabel('Email').fill(ADMIN.email);
    await form.getByLabel('Display name').fill('Chief Admin');
    await form.getByLabel('Password').fill(ADMIN.password);
    await form.getByTestId('setup-code').fill(await host.setupCode());
    await form.getByRole('button', { name: 'Create administrator' }).click();
    await expect.poll(() => page.getByTestId('user-menu').textContent()).toContain('Chief Admin');
    await context.close();
    ran++;
  }, 300_000);

  it('every view of the nav', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    external.push(...(await guardNetwork(context)));
    const page = await context.newPage();
    await page.goto(host.url);
    await page.locator(SITE_MAP).waitFor({ timeout: 60_000 });
    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').click();
    const signIn = page.getByTestId('sign-in');
    await signIn.getByLabel('Email').fill(ADMIN.email);
    await signIn.getByLabel('Password').fill(ADMIN.password);
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByTestId('user-menu').textContent()).toContain('Chief Admin');
    const views = await page.locator('nav[aria-label="Views"] button').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-testid')!.replace(/^nav-/, '')));
    expect(views.length).toBeGreaterThanOrEqual(8);
    const found: string[] = [];
    for (const view of views) {
      await page.getByTestId(`nav-${view}`).click();
      await page.locator(`[data-testid="nav-${view}"][aria-current="page"]`).waitFor({ timeout: 10_000 });
      await expect.poll(() => page.locator('[data-testid="view-loading"]').count(), { timeout: 30_000 }).toBe(0);
      found.push(...(await serious(page)).map((v) => `${view}: ${v}`));
    }
    expect(found).toEqual([]);
    await context.close();
    ran++;
  }, 300_000);
});
