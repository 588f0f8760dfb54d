// A live console whose session or roles change elsewhere: it says why, on the sign-in screen or above the map.
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardNetwork, hostClient, launchChromium, SITE_MAP, startHost, type Host } from './harness.js';

const ADMIN = { email: 'admin@lindenhof.test', displayName: 'Ada Admin', password: 'correct-horse-battery' };
const OPERATOR = { email: 'op@lindenhof.test', displayName: 'Otto Operator', password: 'operator-password-1' };

describe('a signed-in console when its session or roles change elsewhere', () => {
  let host: Host;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let admin: Awaited<ReturnType<typeof hostClient>>['client'];
  let closeAdmin = () => {};
  let operatorId: string;
  let external: string[];

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    [host, browser] = await Promise.all([startHost({ WATCHFLOOR_DEMO: 'false' }), launchChromium()]);
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    external = await guardNetwork(context);
    page = await context.newPage();
    await page.goto(host.url);
    // The administrator works from another connection (as from another console).
    const api = await hostClient(host, context);
    closeAdmin = api.close;
    admin = api.client;
    await admin.auth.setup.mutate({ ...ADMIN, code: await host.setupCode() });
    operatorId = (await admin.iam.createUser.mutate({ ...OPERATOR, roles: ['operator'] })).id;
  });
  afterAll(async () => {
    closeAdmin();
    await browser?.close();
    await host?.stop();
  });

  async function signIn() {
    const form = page.getByTestId('sign-in');
    await form.waitFor();
    await form.getByLabel('Email').fill(OPERATOR.email);
    await form.getByLabel('Password').fill(OPERATOR.password);
    await form.getByRole('button', { name: 'Sign in' }).click();
    await page.locator(SITE_MAP).waitFor({ timeout: 60_000 });
  }

  it('a live view stopped by a role change says why, and the console follows the new roles', async () => {
    await page.reload();
    await signIn();
    await page.getByTestId('ingest-counter').waitFor();
    await admin.iam.setRoles.mutate({ userId: operatorId, roles: ['caregiver'] });
    const notice = page.getByTestId('session-notice');
    await notice.waitFor({ timeout: 15_000 });
    expect(await notice.textContent()).toMatch(/Your roles changed: this view needs the [a-z]+:[a-z_]+ permission/);
    await page.screenshot({ path: 'test-results/session-roles-changed.png' });
    // The console took the new permissions: a caregiver sees no fleet, so no ingest counter.
    await expect.poll(() => page.getByTestId('ingest-counter').count()).toBe(0);
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    expect(await page.getByTestId('session-notice').count()).toBe(0);
    await admin.iam.setRoles.mutate({ userId: operatorId, roles: ['operator'] });
  });

  it('a disabled account goes back to the sign-in screen, saying why', async () => {
    await page.reload();
    await page.locator(SITE_MAP).waitFor({ timeout: 60_000 });
    await admin.iam.setStatus.mutate({ userId: operatorId, status: 'inactive' });
    await page.getByTestId('sign-in').waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByTestId('sign-in-error').textContent()).toBe('Your account was disabled; ask an administrator.');
    // The status stream opened signed in ended with the session; the one started signed out shows the database, not a lost link.
    await expect.poll(() => page.getByTestId('db-status').getAttribute('data-level')).toBe('ok');
    await page.screenshot({ path: 'test-results/session-disabled.png' });
    expect(external).toEqual([]);
  });
});
