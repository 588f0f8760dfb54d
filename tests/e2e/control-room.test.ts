// Two operators on two consoles sharing one central PostgreSQL, each in their own browser:
// what one does shows on the other without a reload, and each sees who else is there and
// which case they have open.
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { migrate, openPostgres, type Db } from '../../db/index.js';
import { insertUser } from '../../core/iam/auth.js';
import { upsertAlert } from '../../core/ops/alerts.js';
import { scratchPostgresUrl } from '../db/engines.js';
import { testCore } from '../../core/testing.js';
import { guardNetwork, launchChromium, startHost, type Host } from './harness.js';

const PASSWORD = 'correct horse battery';

describe.skipIf(!inject('pgAdminUrl'))('a control room: two consoles on one central database', () => {
  let db: Db;
  let hosts: Host[] = [];
  let browser: Browser;
  let ann: Page;
  let bob: Page;
  let siteId: string;

  async function signIn(host: Host, email: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    await guardNetwork(context);
    const page = await context.newPage();
    await page.goto(`${host.url}#/incidents`);
    const form = page.getByTestId('sign-in');
    await form.getByLabel('Email').fill(email);
    await form.getByLabel('Password').fill(PASSWORD);
    await form.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('tab-inbox').waitFor({ timeout: 60_000 });
    return page;
  }

  beforeAll(async () => {
    const url = await scratchPostgresUrl();
    db = await openPostgres(url);
    await migrate(db);
    await db.transaction(async (tx) => {
      // An administrator exists already (the site was set up), so neither console asks for the first one.
      await insertUser(tx, { email: 'admin@site.test', displayName: 'Site admin', password: PASSWORD, roles: ['admin'] });
      await insertUser(tx, { email: 'ann@site.test', displayName: 'Ann de Vries', password: PASSWORD, roles: ['operator'] });
      await insertUser(tx, { email: 'bob@site.test', displayName: 'Bob Jansen', password: PASSWORD, roles: ['dispatcher'] });
    });
    const env = { DATABASE_URL: url, WATCHFLOOR_DEMO: 'false', WATCHFLOOR_SECRET_KEY: randomBytes(32).toString('base64') };
    [hosts, browser] = await Promise.all([Promise.all([startHost(env), startHost(env)]), launchChromium()]);
    siteId = (await db.query<{ id: string }>("SELECT id FROM org.sites WHERE slug = 'lindenhof'"))[0]!.id;
    [ann, bob] = await Promise.all([signIn(hosts[0]!, 'ann@site.test'), signIn(hosts[1]!, 'bob@site.test')]);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await Promise.all(hosts.map((h) => h.stop()));
    await db?.close();
  });

  it("acknowledging an alert on A's console shows on B's without a reload", async () => {
    const alert = await upsertAlert(db, {
      siteId, source: 'fire-panel', externalId: 'CR-1', type: 'smoke', severity: 2, title: 'Smoke in the east wing',
      lat: 51.44236, lon: 5.47066, raw: {}, occurredAt: new Date(), receivedAt: new Date(),
    });
    for (const page of [ann, bob]) {
      await page.getByTestId('tab-inbox').click();
      await page.locator(`[data-testid="alert-row"][data-id="${alert.id}"]`).waitFor({ timeout: 30_000 });
    }
    const onBob = bob.locator(`[data-testid="alert-row"][data-id="${alert.id}"]`);
    await onBob.locator('[role="row"]').click();
    const onAnn = ann.locator(`[data-testid="alert-row"][data-id="${alert.id}"]`);
    await onAnn.locator('[role="row"]').click();
    await onAnn.getByTestId('alert-ack').click();
    await expect.poll(() => onBob.getAttribute('data-status'), { timeout: 10_000 }).toBe('acknowledged');
    expect(await onBob.getByTestId('alert-acked-by').textContent()).toMatch(/^Acknowledged by ann@site\.test at /);
  });

  it("B sees that A is signed in, in which role, and that A has the incident open", async () => {
    // A third console (a core of the test's own on the same database) opens the incident.
    const third = await testCore({ db });
    const incident = await (await third.signedIn(['operator'], 'carol@site.test')).ops.createIncident({
      siteId, type: 'fall', title: 'Resident fell in the garden', category: 'medical', priority: 2, location: { lat: 51.4419, lon: 5.4701 },
    });
    for (const page of [ann, bob]) {
      await page.getByTestId('tab-board').click();
      await page.locator(`[data-testid="incident-row"][data-id="${incident.id}"]`).click();
      await page.getByTestId('incident-detail').waitFor();
    }
    await expect.poll(() => bob.getByTestId('case-watchers').textContent(), { timeout: 30_000 }).toContain('Ann de Vries (operator)');
    await bob.getByTestId('presence').getByRole('button').click();
    await expect.poll(() => bob.getByTestId('presence-list').textContent()).toMatch(/Ann de Vries \(operator\) · viewing an incident/);
    await bob.screenshot({ path: '/tmp/control-room-presence.png' });
  });
});
