import { afterEach, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { scratchPostgresUrl } from '../db/engines.js';
import { launchChromium, startHost, type Host } from './harness.js';

/** What a person sees in the console and on the command line when the database is not usable. */
describe('database faults and modes', () => {
  const hosts: Host[] = [];
  let browser: Browser | undefined;
  afterEach(async () => {
    await browser?.close();
    browser = undefined;
    await Promise.all(hosts.splice(0).map((h) => h.stop()));
  });

  /** Opens the console and waits until the element shows text matching `pattern`. */
  async function expectConsole(host: Host, testId: string, pattern: RegExp): Promise<void> {
    browser ??= await launchChromium();
    const page = await browser.newPage();
    await page.goto(host.url);
    await expect.poll(() => page.getByTestId(testId).textContent({ timeout: 30_000 }), { timeout: 30_000 }).toMatch(pattern);
    await page.close();
  }

  it('an unreachable central database: a clear message in the console and on the command line', async () => {
    const host = await startHost({ DATABASE_URL: 'postgres://postgres:secret@127.0.0.1:1/watchfloor' });
    hosts.push(host);
    await expect.poll(() => host.output.join('')).toMatch(/Database problem.*central database at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/watchfloor did not answer/);
    expect(host.output.join('')).not.toContain('secret');
    await expectConsole(host, 'fault', /cannot use its database.*did not answer.*Check DATABASE_URL/s);
  });

  it('a site broker that does not answer: the top bar says so in words and keeps trying', async () => {
    const host = await startHost({ WATCHFLOOR_BROKER_URL: 'mqtt://127.0.0.1:1' });
    hosts.push(host);
    await expectConsole(host, 'broker-status', /Broker (connecting|reconnecting)….*refused the connection \(is it running on that host and port\?\)/);
  });

  it('a second console on the same embedded folder refuses and names the first', async () => {
    const first = await startHost();
    hosts.push(first);
    const second = await startHost({ WATCHFLOOR_DATA_DIR: first.dataDir });
    hosts.push(second);
    expect(second.output.join('')).toContain(`in use by another Watchfloor (pid ${first.proc.pid})`);
    await expectConsole(second, 'fault', /in use by another Watchfloor/);
    await expectConsole(first, 'db-status', /Embedded database · PostgreSQL/);
  });

  it.skipIf(!inject('pgAdminUrl'))('runs on a central PostgreSQL and says so', async () => {
    const host = await startHost({ DATABASE_URL: await scratchPostgresUrl() });
    hosts.push(host);
    await expectConsole(host, 'db-status', /Central database · PostgreSQL 1\d/);
  });
});
