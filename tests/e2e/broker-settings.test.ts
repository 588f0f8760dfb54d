// The Broker section of Settings: an administrator sees the live connection, a refusal
// keeps what was typed, and a saved broker URL moves the console's connection to it.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedBroker } from '../../core/mqtt/embedded-broker.js';
import { createFirstAdmin, guardNetwork, launchChromium, localRequests, SITE_MAP, startHost, type Host } from './harness.js';

const ADMIN = { email: 'admin@lindenhof.test', name: 'Ada Admin', password: 'correct-horse-battery' };
const VIEWER = { email: 'viewer@lindenhof.test', name: 'Vic Viewer', password: 'viewer-password-1' };
// Fixed by the environment, so the form shows it read-only; unique, so a shared Mosquitto keeps other clients.
const CLIENT_ID = `wf-e2e-broker-${process.pid}`;
const POLL = { timeout: 30_000 };
const shot = (page: Page, name: string) => page.getByTestId('broker-settings').screenshot({ path: `test-results/broker-${name}.png` });

/** Whether something answers on 127.0.0.1:1883 (Mosquitto on this machine and in CI). */
const mosquittoAnswers = () =>
  new Promise<boolean>((ok) => {
    const s = connect(1883, '127.0.0.1', () => (s.end(), ok(true)));
    s.on('error', () => ok(false));
  });

/** Mosquitto when it runs here, else a second embedded broker of the test's own. */
async function otherBroker(): Promise<{ url: string; protocol: string; close(): Promise<void> }> {
  if (await mosquittoAnswers()) return { url: 'mqtt://127.0.0.1:1883', protocol: 'MQTT 5', close: async () => {} };
  const b = await startEmbeddedBroker();
  return { url: b.url, protocol: 'MQTT 3.1.1', close: () => b.close() };
}

describe('broker settings in the console (demo off)', () => {
  let host: Host;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let external: string[];
  let target: Awaited<ReturnType<typeof otherBroker>>;
  let configFile: string;

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    const env = { WATCHFLOOR_DEMO: 'false', WATCHFLOOR_BROKER_CLIENT_ID: CLIENT_ID, WATCHFLOOR_VDA_INTERFACE: `e2e${process.pid}` };
    [host, browser, target] = await Promise.all([startHost(env), launchChromium(), otherBroker()]);
    configFile = join(host.dataDir, 'watchfloor.json');
    context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    external = await guardNetwork(context);
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    await target?.close();
  });

  it('the first administrator sees the Broker section with the embedded broker connected', async () => {
    await createFirstAdmin(page, host, ADMIN);
    await page.locator(SITE_MAP).waitFor({ timeout: 60_000 });
    await page.getByTestId('nav-settings').click();
    const connection = page.getByTestId('broker-connection');
    await expect.poll(() => connection.getAttribute('data-state'), POLL).toBe('connected');
    expect(await connection.textContent()).toMatch(/Connected · embedded broker · MQTT 3\.1\.1\s+mqtt:\/\/127\.0\.0\.1:\d+/);
    // The same connection as the top bar's.
    const url = (await connection.getAttribute('data-url'))!;
    expect(await page.getByTestId('broker-status').getAttribute('title')).toBe(`Embedded broker connected · MQTT 3.1.1 — ${url}`);
    expect(await page.getByTestId('broker-url').inputValue()).toBe('');
    expect(await page.getByTestId('broker-url').getAttribute('placeholder')).toBe('empty: embedded broker');
    await expect.poll(() => page.getByTestId('broker-file').textContent(), POLL).toContain(`Saved in ${configFile}`);
    // The environment fixes the client id: shown, read-only, with the variable to change instead.
    expect(await page.getByTestId('broker-client-id').inputValue()).toBe(CLIENT_ID);
    expect(await page.getByTestId('broker-client-id').isDisabled()).toBe(true);
    expect(await page.getByTestId('broker-client-id-locked').textContent()).toContain('set by WATCHFLOOR_BROKER_CLIENT_ID');
    expect(await page.getByTestId('broker-password-saved').count()).toBe(0);
    await shot(page, 'embedded');
  });

  it('an unreadable CA file is refused with the reason, and the form keeps what was typed', async () => {
    const missing = join(host.dataDir, 'no-such-ca.pem');
    await page.getByTestId('broker-url').fill(target.url);
    await page.getByTestId('broker-password').fill('s3cret-pass');
    // MQTT sends a password only with a username: said before anything is sent.
    await page.getByTestId('broker-save').click();
    expect(await page.getByTestId('broker-settings-error').textContent()).toMatch(/^A broker password needs a username/);
    expect(await page.getByTestId('broker-confirm-box').count()).toBe(0);
    await page.getByTestId('broker-username').fill('ops');
    await page.getByTestId('broker-ca-file').fill(missing);
    await page.getByTestId('broker-save').click();
    // Nothing is sent before the confirmation, and cancelling sends nothing either.
    expect(await page.getByTestId('broker-confirm-box').textContent()).toContain(`Consoles on this machine will reconnect to ${target.url}.`);
    await page.getByTestId('broker-cancel').click();
    await page.getByTestId('broker-save').click();
    await page.getByTestId('broker-confirm').click();
    await expect.poll(() => page.getByTestId('broker-settings-error').textContent(), POLL).toBe(`The CA file ${missing} does not exist or cannot be read.`);
    expect(await page.getByTestId('broker-url').inputValue()).toBe(target.url);
    expect(await page.getByTestId('broker-username').inputValue()).toBe('ops');
    expect(await page.getByTestId('broker-password').inputValue()).toBe('s3cret-pass');
    expect(await page.getByTestId('broker-ca-file').inputValue()).toBe(missing);
    expect(existsSync(configFile)).toBe(false);
    expect(await page.getByTestId('broker-connection').textContent()).toContain('embedded broker');
    await shot(page, 'refused');
  });

  it('saving another broker moves the connection there, shown in the top bar', async () => {
    await page.getByTestId('broker-ca-file').fill('');
    await page.getByTestId('broker-save').click();
    await page.getByTestId('broker-confirm').click();
    await expect.poll(() => page.getByTestId('broker-settings-note').textContent(), POLL).toBe(`Saved. Connecting to ${target.url}.`);
    expect(await page.getByTestId('broker-settings-error').count()).toBe(0);
    const status = page.getByTestId('broker-status');
    const seen = async () => `${await status.getAttribute('data-state')}: ${await status.getAttribute('title')}`;
    await expect.poll(seen, POLL).toBe(`connected: Broker connected · ${target.protocol} — ${target.url}`);
    expect(await status.textContent()).toContain(`Broker connected · ${target.protocol}`);
    const connection = page.getByTestId('broker-connection');
    await expect.poll(() => connection.getAttribute('data-url'), POLL).toBe(target.url);
    expect(await connection.textContent()).toContain(`Connected · site broker · ${target.protocol}`);
    // The password went in and is not shown again; the rest is saved as typed.
    await page.getByTestId('broker-password-saved').waitFor();
    expect(await page.getByTestId('broker-password').inputValue()).toBe('');
    expect(JSON.parse(readFileSync(configFile, 'utf8'))).toMatchObject({ brokerUrl: target.url, brokerUsername: 'ops', brokerPassword: 's3cret-pass' });
    await shot(page, 'site');
  });

  it('after a reload the form shows the saved settings; removing the password keeps the rest', async () => {
    await page.reload();
    await page.locator(SITE_MAP).waitFor({ timeout: 60_000 });
    await page.getByTestId('nav-settings').click();
    await expect.poll(() => page.getByTestId('broker-url').inputValue(), POLL).toBe(target.url);
    expect(await page.getByTestId('broker-username').inputValue()).toBe('ops');
    await page.getByTestId('broker-remove-password').check();
    expect(await page.getByTestId('broker-password').isDisabled()).toBe(true);
    await page.getByTestId('broker-save').click();
    await page.getByTestId('broker-confirm').click();
    await expect.poll(() => page.getByTestId('broker-settings-note').textContent(), POLL).toBe(`Saved. Connecting to ${target.url}.`);
    await expect.poll(() => page.getByTestId('broker-password-saved').count(), POLL).toBe(0);
    expect(JSON.parse(readFileSync(configFile, 'utf8'))).not.toHaveProperty('brokerPassword');
    expect(JSON.parse(readFileSync(configFile, 'utf8'))).toMatchObject({ brokerUrl: target.url, brokerUsername: 'ops' });
    await expect.poll(() => page.getByTestId('broker-status').getAttribute('data-state'), POLL).toBe('connected');
  });

  it('a user without settings:manage does not see the section', async () => {
    await page.getByTestId('new-email').fill(VIEWER.email);
    await page.getByTestId('new-name').fill(VIEWER.name);
    await page.getByTestId('new-password').fill(VIEWER.password);
    await page.getByTestId('new-roles').getByLabel('viewer').check();
    await page.getByTestId('create-user-submit').click();
    await page.locator(`[data-testid="user-row"][data-email="${VIEWER.email}"]`).waitFor();
    const other = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const blocked = await guardNetwork(other);
    try {
      const viewer = await other.newPage();
      await viewer.goto(host.url);
      const form = viewer.getByTestId('sign-in');
      await form.getByLabel('Email').fill(VIEWER.email);
      await form.getByLabel('Password').fill(VIEWER.password);
      await form.getByRole('button', { name: 'Sign in' }).click();
      await viewer.locator(SITE_MAP).waitFor({ timeout: 60_000 });
      await viewer.getByTestId('nav-settings').click();
      await viewer.getByTestId('my-account').waitFor();
      expect(await viewer.getByTestId('broker-settings').count()).toBe(0);
      expect(blocked).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('made no request that left 127.0.0.1', () => {
    expect(external).toEqual([]);
    // …and the stories ran: their pages made requests, all on 127.0.0.1.
    expect(localRequests(external)).toBeGreaterThan(0);
  });
});
