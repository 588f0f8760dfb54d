import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import dutchRefusals from '../../core/contract/errors/nl.js';
import { guardNetwork, launchChromium, SITE_MAP, startHost, type Host } from './harness.js';

const VIEWS = ['live', 'missions', 'incidents', 'city', 'audit', 'settings'] as const;
const SIZES = [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }];
const LANGUAGES = ['en', 'nl'] as const;

/**
 * Text cut short without a tooltip saying it in full: in the top bar any box whose content is wider
 * than it, elsewhere a box that clips (overflow hidden or clip, as an ellipsis does) its own words.
 * A scrolling list or a popover overflowing its anchor cuts nothing.
 */
const truncated = (page: Page) => page.evaluate(() => {
  const cut: string[] = [];
  const bar = document.querySelector<HTMLElement>('header.topbar')!;
  const ownText = (el: Element) => [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim());
  for (const el of document.querySelectorAll<HTMLElement>('body *')) {
    if (el.closest('[hidden]') || !el.offsetParent || !el.textContent?.trim() || el.closest('.maplibregl-map canvas')) continue;
    const overflow = getComputedStyle(el).overflowX;
    const clips = bar.contains(el) ? overflow !== 'visible' : (overflow === 'hidden' || overflow === 'clip') && ownText(el);
    if (clips && el.scrollWidth > el.clientWidth + 1 && !el.closest('[title]')?.getAttribute('title')) cut.push(`${el.tagName.toLowerCase()}.${el.className}: ${el.textContent.trim().slice(0, 80)}`);
  }
  // The bar itself fits the window: nothing pushed out past its right edge.
  if (bar.scrollWidth > bar.clientWidth + 1) cut.push(`top bar overflows by ${bar.scrollWidth - bar.clientWidth} px`);
  return cut;
});

/**
 * Each view at 1280×720 and 1920×1080, in English and in Dutch: no text is cut without a tooltip,
 * the statuses are one indicator whose details show in full, and a screenshot of each view for
 * docs/screenshots (`-nl` for Dutch).
 */
describe('views at 1280×720 and 1920×1080, in English and Dutch', () => {
  let host: Host;
  let browser: Browser;
  const external: string[] = [];
  let ran = 0;
  beforeAll(async () => {
    mkdirSync('docs/screenshots', { recursive: true });
    [host, browser] = await Promise.all([startHost({ WATCHFLOOR_DEMO_VEHICLES: '6', WATCHFLOOR_DEMO_SENSORS: '4' }), launchChromium()]);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    expect(ran).toBe(SIZES.length * LANGUAGES.length + 3);
    expect(external).toEqual([]);
  });

  /** A new browser context on the console, with the map drawn; `lang`: the language this workstation chose earlier (the picker stores it). */
  async function open(viewport: { width: number; height: number }, lang?: string) {
    const context = await browser.newContext({ viewport });
    external.push(...(await guardNetwork(context)));
    if (lang) await context.addInitScript((l) => localStorage.setItem('watchfloor.locale', l), lang);
    const page = await context.newPage();
    await page.goto(host.url);
    await page.locator(SITE_MAP).waitFor({ timeout: 60_000 });
    return { context, page };
  }

  for (const lang of LANGUAGES) for (const size of SIZES) {
    const suffix = lang === 'en' ? '' : `-${lang}`;
    it(`${lang} ${size.width}×${size.height}: every view with no text cut`, async () => {
      const { context, page } = await open(size, lang);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
      await expect.poll(() => page.getByTestId('health').getAttribute('data-level'), { timeout: 30_000 }).toBe('ok');
      expect(await page.getByTestId('health').textContent()).toContain(lang === 'en' ? 'All systems normal' : 'Alle systemen normaal');
      for (const view of VIEWS) {
        await page.evaluate((v) => (location.hash = `/${v}`), view);
        await page.locator(`[data-testid="nav-${view}"][aria-current="page"]`).waitFor({ timeout: 10_000 });
        await page.locator(SITE_MAP).waitFor({ timeout: 60_000 });
        if (view === 'live') await expect.poll(() => page.getByTestId('map').getAttribute('data-vehicles'), { timeout: 30_000 }).toBe('6');
        expect(await truncated(page), `${view} at ${size.width} in ${lang}`).toEqual([]);
        await page.screenshot({ path: `docs/screenshots/${view}-${size.width}x${size.height}${suffix}.png` });
      }
      // The statuses in full, on a click.
      await page.getByTestId('health').click();
      const details = page.getByTestId('health-details');
      await details.waitFor();
      if (lang === 'en') expect(await details.textContent()).toMatch(/Embedded database · PostgreSQL.*Embedded broker connected/s);
      expect(await truncated(page)).toEqual([]);
      await page.screenshot({ path: `docs/screenshots/health-${size.width}x${size.height}${suffix}.png` });
      await page.keyboard.press('Escape');
      await details.waitFor({ state: 'hidden' });
      await context.close();
      ran++;
    }, 300_000);
  }

  it('the language picker switches the open console to Dutch and back, without a reload, and the choice stays', async () => {
    const { context, page } = await open(SIZES[0]!);
    const nav = page.getByTestId('nav-missions');
    const english = (await nav.textContent())!.trim();
    expect(english).toMatch(/Missions$/);
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    await page.getByTestId('user-menu').click();
    await page.getByTestId('language').selectOption('nl');
    await expect.poll(() => nav.textContent()).toMatch(/Transporten$/);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('nl');
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
    const dutch = (await nav.textContent())!.trim();
    await page.reload();
    await page.locator(SITE_MAP).waitFor({ timeout: 60_000 });
    expect((await nav.textContent())!.trim()).toBe(dutch);
    await page.getByTestId('user-menu').click();
    await page.getByTestId('language').selectOption('en');
    await expect.poll(async () => (await nav.textContent())!.trim()).toBe(english);
    await context.close();
    ran++;
  }, 300_000);

  it('core refuses in Dutch: a wrong password on the Dutch sign-in screen', async () => {
    const { context, page } = await open(SIZES[0]!, 'nl');
    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').click();
    const form = page.getByTestId('sign-in');
    await form.waitFor();
    await form.locator('input[type="email"]').fill('operator@demo.watchfloor');
    await form.locator('input[type="password"]').fill('not the password');
    await form.locator('button[type="submit"]').click();
    await expect.poll(() => page.getByTestId('sign-in-error').textContent()).toBe(dutchRefusals.iam.wrongPassword);
    await context.close();
    ran++;
  }, 300_000);

  it('keyboard: ? lists the shortcuts, a number switches the view, Escape closes the list (typing in a field is left alone: unit test)', async () => {
    const { context, page } = await open(SIZES[0]!);
    await page.keyboard.press('?');
    const list = page.getByTestId('shortcuts');
    await list.waitFor();
    expect(await list.textContent()).toMatch(/Go to Missions.*Open the most urgent unacknowledged alert.*Acknowledge the open alert/s);
    await page.screenshot({ path: 'docs/screenshots/shortcuts-1280x720.png' });
    await page.keyboard.press('Escape');
    await list.waitFor({ state: 'detached' });
    await page.keyboard.press('3');
    await page.locator('[data-testid="nav-missions"][aria-current="page"]').waitFor();
    await page.keyboard.press('4');
    await page.locator('[data-testid="nav-incidents"][aria-current="page"]').waitFor();
    await page.keyboard.press('1');
    await page.locator('[data-testid="nav-live"][aria-current="page"]').waitFor();
    await context.close();
    ran++;
  }, 300_000);
});
