// The app header in a real browser: for an admin at 1280 px it keeps to one row with the server's
// name readable, the admin pages sit behind a "Manage" menu button (Enter opens it, arrows move,
// Enter opens a page, Escape closes it and the focus returns to the button); it fits a phone and a
// TV (10-foot mode at 720p and 1080p, the menu reached with the remote's arrows); other profiles
// have no Manage button.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { describeBrowser, launchBrowser, screenshot } from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const TIZEN_UA = 'Mozilla/5.0 (SMART-TV; LINUX; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko) 76.0.3809.146/6.0 TV Safari/537.36';
const DESKTOP = { viewport: { width: 1280, height: 800 } } as const;
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true } as const;
const TV_720 = { viewport: { width: 1280, height: 720 }, userAgent: TIZEN_UA } as const;
const TV_1080 = { viewport: { width: 1920, height: 1080 }, userAgent: TIZEN_UA } as const;
const SERVER_NAME = 'Living Room Seed';
const ADMIN_LINKS = ['nav-libraries', 'nav-queue', 'nav-sessions', 'nav-settings', 'nav-profiles', 'nav-experiments'];

const active = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);

/**
 * The header's layout: its height against its one-row minimum, and the band every visible child of
 * the header and of its nav crosses (none when something wrapped onto another row).
 */
const headerLayout = (page: Page) =>
  page.evaluate(() => {
    const header = document.querySelector<HTMLElement>('[data-nav-top]')!;
    const nav = header.querySelector('nav')!;
    const boxes = [...header.children, ...nav.children]
      .map((el) => ({ name: el.getAttribute('data-testid') ?? el.className, box: el.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0 && box.height > 0);
    const bounds = header.getBoundingClientRect();
    return {
      height: bounds.height,
      minHeight: parseFloat(getComputedStyle(header).minHeight),
      band: Math.min(...boxes.map(({ box }) => box.bottom)) - Math.max(...boxes.map(({ box }) => box.top)),
      outside: boxes.filter(({ box }) => box.top < bounds.top || box.bottom > bounds.bottom || box.left < bounds.left || box.right > bounds.right).map(({ name }) => name),
    };
  });

async function expectOneRow(page: Page) {
  const layout = await headerLayout(page);
  expect(layout.outside, 'children outside the header').toEqual([]);
  expect(layout.band, 'children on one row').toBeGreaterThan(0);
  expect(layout.height).toBeLessThanOrEqual(layout.minHeight + 1);
}

/** The server's name, and whether it shows whole (not cut with an ellipsis). */
const serverName = (page: Page) =>
  page.locator('.server-name').evaluate((el) => ({ text: el.textContent, whole: el.scrollWidth <= el.clientWidth, width: el.clientWidth }));

const overflowX = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describeBrowser('web UI, the header', () => {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  async function open(options: Parameters<Browser['newContext']>[0], hash = '#/'): Promise<Page> {
    const context = await browser!.newContext({ reducedMotion: 'reduce', ...options });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.stack ?? err.message));
    await page.goto(`${server!.url}/${hash}`);
    return page;
  }

  const api = async (method: string, path: string, body: unknown) => {
    const res = await fetch(`${server!.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return res.status;
  };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    // a library with a few titles (rows only: no files to scan) so the home page, not the first-run page, shows
    const db = server.seed.db;
    db.prepare(`INSERT INTO libraries (id, name, kind, created_at) VALUES (1, 'Films', 'movies', 0)`).run();
    const item = db.prepare(`INSERT INTO items (id, library_id, group_key, kind, title, sort_title, duration_ms, added_at) VALUES (?, 1, ?, 'movie', ?, ?, 60000, 0)`);
    ['Arrival', 'Fog', 'Harbour Lights'].forEach((title, i) => item.run(i + 1, `t${i + 1}`, title, title.toLowerCase()));
    // one profile, so far: everyone is its admin without signing in
    expect(await api('PUT', '/api/settings/network', { name: SERVER_NAME })).toBe(200);
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  test('an admin at 1280 px: one row, the server name whole, the Manage menu by keyboard', async () => {
    const page = await open(DESKTOP);
    await page.getByTestId('nav-manage').waitFor();
    await expectOneRow(page);
    expect(await serverName(page)).toMatchObject({ text: SERVER_NAME, whole: true });
    await screenshot(page, 'header-desktop.png');

    // closed: the pages' links are hidden, yet say where they go
    const manage = page.getByTestId('nav-manage');
    expect(await manage.getAttribute('aria-haspopup')).toBe('menu');
    expect(await manage.getAttribute('aria-expanded')).toBe('false');
    expect(await manage.getAttribute('aria-current')).toBeNull();
    expect(await page.getByTestId('nav-settings').isVisible()).toBe(false);
    expect(await page.getByTestId('nav-settings').getAttribute('href')).toBe('#/admin/transcoding');

    // Enter opens it on the first page; Down and Up move, round the ends
    await manage.focus();
    await page.keyboard.press('Enter');
    expect(await manage.getAttribute('aria-expanded')).toBe('true');
    expect(await active(page)).toBe('nav-libraries');
    for (const link of ADMIN_LINKS) expect(await page.getByTestId(link).isVisible(), link).toBe(true);
    await page.keyboard.press('ArrowDown');
    expect(await active(page)).toBe('nav-queue');
    // sideways arrows stay in the menu
    await page.keyboard.press('ArrowRight');
    expect(await active(page)).toBe('nav-queue');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    expect(await active(page)).toBe('nav-experiments');
    // the open menu lies over the page, within the screen
    const menu = (await page.getByRole('menu', { name: 'Manage' }).boundingBox())!;
    expect(menu.x + menu.width).toBeLessThanOrEqual(1280);
    await screenshot(page, 'header-manage-menu.png');

    // Escape closes it where it was: the focus back on the button, no page opened
    await page.keyboard.press('Escape');
    expect(await manage.getAttribute('aria-expanded')).toBe('false');
    expect(await active(page)).toBe('nav-manage');
    expect(new URL(page.url()).hash).toBe('#/');

    // Enter on a page opens it; the button then shows an admin page is open, the link which one
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await active(page)).toBe('nav-sessions');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => location.hash === '#/admin/sessions');
    expect(await manage.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByTestId('nav-sessions').getAttribute('aria-current')).toBe('page');
    expect(await manage.getAttribute('aria-current')).toBe('true');
    expect(await page.getByTestId('nav-home').getAttribute('aria-current')).toBeNull();
    await expectOneRow(page);

    // opened again, it starts on the page open now; a click outside closes it
    await manage.click();
    expect(await active(page)).toBe('nav-sessions');
    await page.mouse.click(640, 600);
    expect(await manage.getAttribute('aria-expanded')).toBe('false');
    // and a click on a page's link opens it
    await manage.click();
    await page.getByTestId('nav-profiles').click();
    await page.waitForFunction(() => location.hash === '#/admin/profiles');
    expect(await page.getByTestId('nav-profiles').getAttribute('aria-current')).toBe('page');
    expect(await page.getByTestId('nav-sessions').getAttribute('aria-current')).toBeNull();
    expect(pageErrors).toEqual([]);
  });

  test('a phone: the header fits 390 px in one row', async () => {
    const page = await open(PHONE);
    await page.getByTestId('nav-manage').waitFor();
    expect(await overflowX(page)).toBe(0);
    await expectOneRow(page);
    await page.getByTestId('nav-manage').tap();
    const menu = (await page.getByRole('menu', { name: 'Manage' }).boundingBox())!;
    expect(menu.x).toBeGreaterThanOrEqual(0);
    expect(menu.x + menu.width).toBeLessThanOrEqual(390);
    await screenshot(page, 'header-phone.png');
    expect(pageErrors).toEqual([]);
  });

  for (const [label, options] of [
    ['720p', TV_720],
    ['1080p', TV_1080],
  ] as const) {
    test(`a TV at ${label}: one row in 10-foot mode; the remote's arrows reach Manage, Back closes it`, async () => {
      const page = await open(options);
      await page.getByTestId('title-card').first().waitFor();
      expect(await page.evaluate(() => document.documentElement.classList.contains('tv'))).toBe(true);
      expect(await overflowX(page)).toBe(0);
      await expectOneRow(page);
      expect(await serverName(page)).toMatchObject({ text: SERVER_NAME, whole: true });

      // from the first card (the taste picker's, for a new profile) up into the header, then sideways to Manage
      await page.keyboard.press('ArrowDown');
      expect(await page.evaluate(() => document.activeElement?.closest('main, [data-nav-top]')?.tagName)).not.toBe('HEADER');
      expect(await active(page)).not.toBeNull();
      await page.keyboard.press('ArrowUp');
      for (let i = 0; i < 6 && (await active(page)) !== 'nav-manage'; i++) {
        const at = await page.evaluate(() => document.activeElement!.getBoundingClientRect().x);
        const manageX = (await page.getByTestId('nav-manage').boundingBox())!.x;
        await page.keyboard.press(manageX > at ? 'ArrowRight' : 'ArrowLeft');
      }
      expect(await active(page)).toBe('nav-manage');
      await page.keyboard.press('Enter');
      expect(await active(page)).toBe('nav-libraries');
      await page.keyboard.press('ArrowDown');
      expect(await active(page)).toBe('nav-queue');
      // the thick ring shows on the focused page
      expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineWidth)).toBe('5px');
      if (label === '1080p') await screenshot(page, 'header-tv-menu.png');
      // Back closes the menu only: still home, the focus on the button
      await page.keyboard.press('Escape');
      expect(await page.getByTestId('nav-manage').getAttribute('aria-expanded')).toBe('false');
      expect(await active(page)).toBe('nav-manage');
      expect(new URL(page.url()).hash).toBe('#/');
      await screenshot(page, `header-tv-${label}.png`);
      expect(pageErrors).toEqual([]);
    });
  }

  test('another profile: no Manage button, nor any admin link', async () => {
    expect(await api('POST', '/api/profiles', { name: 'Sam', avatar: 'owl', role: 'adult' })).toBe(201);
    const page = await open(DESKTOP);
    await page.getByTestId('profile-picker').waitFor();
    await page.getByTestId('profile-tile').filter({ hasText: 'Sam' }).click();
    await page.getByTestId('nav-home').waitFor();
    expect(await page.getByTestId('current-profile').textContent()).toBe('Sam');
    expect(await page.getByTestId('nav-manage').count()).toBe(0);
    for (const link of ADMIN_LINKS) expect(await page.getByTestId(link).count(), link).toBe(0);
    await expectOneRow(page);
    expect(await serverName(page)).toMatchObject({ text: SERVER_NAME, whole: true });
    expect(pageErrors).toEqual([]);
  });
});
