// Settings → Backup: an administrator is warned while no backup carries the secret key, makes one
// into a folder with a passphrase while the console runs, and sees it as the last backup.
import { existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackupFile } from '../../core/backup/container.js';
import { adminConsole, SITE_MAP, type Host } from './harness.js';

const ADMIN = { email: 'admin@lindenhof.test', name: 'Ada Admin', password: 'correct-horse-battery' };
const POLL = { timeout: 120_000 };

describe('Settings → Backup', () => {
  let host: Host;
  let browser: Browser;
  let page: Page;
  let external: string[];

  beforeAll(async () => {
    ({ host, browser, page, external } = await adminConsole(ADMIN, { width: 1440, height: 900 }));
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('warns until a backup with the key exists, then makes one while the console runs', async () => {
    await page.locator(SITE_MAP).waitFor({ timeout: 180_000 });
    await page.getByTestId('nav-settings').click();
    const panel = page.getByTestId('backup-settings');
    await expect.poll(() => page.getByTestId('backup-key-warning').textContent(), POLL).toMatch(/No backup that includes the secret key/);
    expect(await page.getByTestId('backup-last-success').textContent()).toBe('never');

    const folder = mkdtempSync(join(tmpdir(), 'wf-e2e-backup-'));
    await page.getByTestId('backup-passphrase').fill('short');
    await page.getByTestId('backup-folder').fill(folder);
    await page.getByTestId('backup-now').click();
    await page.getByTestId('backup-error').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('backup-error').textContent()).toMatch(/passphrase: give at least 8 characters/);

    await page.getByTestId('backup-passphrase').fill('a long passphrase');
    await page.getByTestId('backup-now').click();
    // The refusal goes as the new backup starts; its outcome shows when it is written.
    await page.getByTestId('backup-error').waitFor({ state: 'detached', timeout: 60_000 });
    await page.locator('[data-testid="backup-result"], [data-testid="backup-error"]').first().waitFor({ timeout: 400_000 });
    await panel.screenshot({ path: 'test-results/backup-outcome.png' });
    expect(await page.getByTestId('backup-error').count()).toBe(0);
    expect(await page.getByTestId('backup-result').textContent()).toMatch(/Backup written: .*\.wfbackup/);
    await expect.poll(() => page.getByTestId('backup-key-warning').count(), POLL).toBe(0);
    const files = readdirSync(folder).filter((f) => f.endsWith('.wfbackup'));
    expect(files).toHaveLength(1);
    expect(openBackupFile(join(folder, files[0]!)).manifest).toMatchObject({ engine: 'embedded', keysIncluded: true });
    expect(await page.getByTestId('backup-last-success').textContent()).toContain(files[0]);
    mkdirSync('docs/screenshots', { recursive: true });
    await panel.screenshot({ path: 'docs/screenshots/settings-backup.png' });
    expect(existsSync('docs/screenshots/settings-backup.png')).toBe(true);
    expect(external).toEqual([]);
  }, 800_000);
});
