// The web UI on the household's other screens, in a real browser over a real server. A phone: the
// app is installable (a manifest with reachable icons, served as application/manifest+json) and the
// home, a title and the player fit 390 px without scrolling sideways. A TV (by its user agent): the
// 10-foot mode turns on by itself (the toggle overrides it and is remembered), and arrows and Enter
// walk from the home screen into a title and Back returns. Pairing: once sign-in is needed, a TV
// shows a code, an admin signed in on a phone approves it for a kid, and the TV opens as the kid; a
// second TV's code is refused and it says so.
import { rm } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { appPages, describeBrowser, launchBrowser, screenshot } from '../helpers/browser.js';
import { copyOfDemoLibrary } from '../helpers/library.js';
import { addScannedLibrary, call, startTestServer, type TestServer } from '../helpers/server.js';

const TIZEN_UA = 'Mozilla/5.0 (SMART-TV; LINUX; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko) 76.0.3809.146/6.0 TV Safari/537.36';
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true } as const;
const TV = { viewport: { width: 1280, height: 720 }, userAgent: TIZEN_UA } as const;

const active = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return { testid: el?.getAttribute('data-testid') ?? null, text: el?.textContent?.trim() ?? '', href: el?.getAttribute('href') ?? null };
  });

/** Sideways overflow of the page: 0 when it fits the screen. */
const overflowX = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** The elements sticking out of the screen on the right, to say what is too wide. */
const tooWide = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`),
  );

describeBrowser('web UI on phones and TVs', () => {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  let libraryDir = '';
  const pages = appPages(() => ({ browser: browser!, url: server!.url }));
  const pageErrors = pages.errors;
  const open = pages.open;
  let movieId = 0;
  let seriesId = 0;

  const api = (path: string, init: RequestInit & { expect?: number } = {}) => call(server!, path, init);


  beforeAll(async () => {
    libraryDir = await copyOfDemoLibrary('seed-e2e-tv-');
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    const { titles } = await addScannedLibrary(server!, [libraryDir], 2);
    movieId = titles.find((t) => t.type === 'movie')!.id;
    seriesId = titles.find((t) => t.type === 'series')!.id;
  }, 120_000);

  afterAll(async () => {
    await pages.closeAll();
    await browser?.close();
    await server?.close();
    if (libraryDir) await rm(libraryDir, { recursive: true, force: true });
  });

  test('installable: the manifest is linked, served as application/manifest+json, and its icons are there', async () => {
    const page = await open(PHONE);
    await page.getByTestId('title-card').first().waitFor();
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    expect(href).toBe('./manifest.webmanifest');
    const manifestUrl = new URL(href!, page.url()).href;
    const res = await page.request.get(manifestUrl);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toMatch(/^application\/manifest\+json/);
    const manifest = (await res.json()) as { name: string; short_name: string; start_url: string; display: string; theme_color: string; background_color: string; icons: { src: string; sizes: string; type: string; purpose: string }[] };
    expect(manifest).toMatchObject({ name: 'Seed', short_name: 'Seed', start_url: './', display: 'standalone' });
    // the colours of app.css, so the splash screen and the status bar match the app
    const background = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--bg').trim());
    expect(manifest.background_color).toBe(background);
    expect(manifest.theme_color).toBe(background);
    expect(await page.locator('meta[name="theme-color"]').getAttribute('content')).toBe(background);

    const pngs = manifest.icons.filter((icon) => icon.type === 'image/png');
    expect(pngs.map((icon) => `${icon.sizes} ${icon.purpose}`).sort()).toEqual(['192x192 any', '512x512 any', '512x512 maskable']);
    expect(manifest.icons.some((icon) => icon.type === 'image/svg+xml')).toBe(true);
    for (const icon of manifest.icons) {
      const got = await page.request.get(new URL(icon.src, manifestUrl).href);
      expect(got.status(), icon.src).toBe(200);
      expect(got.headers()['content-type'], icon.src).toBe(icon.type);
      if (icon.type !== 'image/png') continue;
      // the PNG's own header says its size: width and height at bytes 16 and 20
      const bytes = await got.body();
      expect(`${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`, icon.src).toBe(icon.sizes);
    }
    const touchIcon = await page.request.get(new URL((await page.locator('link[rel="apple-touch-icon"]').getAttribute('href'))!, page.url()).href);
    expect(touchIcon.headers()['content-type']).toBe('image/png');
  });

  test('a phone (390×844): home, a title, a series and the player fit the width', async () => {
    const page = await open(PHONE);
    await page.getByTestId('title-card').first().waitFor();
    await page.waitForLoadState('networkidle');
    expect(await overflowX(page), `too wide: ${(await tooWide(page)).join(', ')}`).toBe(0);
    await screenshot(page, 'phone-home.png');

    await page.goto(`${server!.url}/#/item/${movieId}`);
    await page.locator('.detail-heading').waitFor();
    await page.waitForLoadState('networkidle');
    expect(await overflowX(page), `too wide: ${(await tooWide(page)).join(', ')}`).toBe(0);
    await screenshot(page, 'phone-title.png');

    await page.goto(`${server!.url}/#/series/${seriesId}`);
    await page.getByTestId('episode-row').first().waitFor();
    expect(await overflowX(page), `too wide: ${(await tooWide(page)).join(', ')}`).toBe(0);
    await screenshot(page, 'phone-series.png');

    await page.goto(`${server!.url}/#/play/${movieId}`);
    await page.locator('.player-page').waitFor();
    await page.locator('.player-page video, [data-testid="preparing"]').first().waitFor();
    expect(await overflowX(page), `too wide: ${(await tooWide(page)).join(', ')}`).toBe(0);
    await screenshot(page, 'phone-player.png');
    expect(pageErrors).toEqual([]);
  });

  test('a TV: 10-foot mode by its user agent; arrows and Enter from the home screen into a title, Back returns', async () => {
    const page = await open(TV);
    await page.getByTestId('title-card').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.classList.contains('tv'))).toBe(true);
    expect(await page.getByTestId('tv-mode-toggle').getAttribute('aria-pressed')).toBe('true');
    // larger type than a laptop's at the same width (16.8 px)
    expect(await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize))).toBeGreaterThanOrEqual(20);
    // an admin's header (its pages behind Manage) in the larger type still fits a 720p screen
    expect(await overflowX(page), `too wide: ${(await tooWide(page)).join(', ')}`).toBe(0);

    // nothing is focused yet: the first arrow press lands on the first card, as a remote expects
    await page.keyboard.press('ArrowDown');
    const first = await active(page);
    expect(first.testid).toBe('title-card');
    await page.keyboard.press('ArrowRight');
    const second = await active(page);
    expect(second.testid).toBe('title-card');
    expect(second.href).not.toBe(first.href);
    // the ring round the focused card's picture is the thick one, and shows
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!.querySelector('.poster')!).outlineWidth)).toBe('5px');
    await page.keyboard.press('ArrowLeft');
    expect((await active(page)).href).toBe(first.href);
    // up reaches the header (and the toggle), down comes back to the cards
    await page.keyboard.press('ArrowUp');
    expect((await active(page)).testid).not.toBe('title-card');
    await page.keyboard.press('ArrowDown');
    expect((await active(page)).testid).toBe('title-card');
    await screenshot(page, 'tv-home.png');

    // Enter opens the title
    const movieCard = page.locator(`[data-testid="title-card"][href="#/item/${movieId}"]`);
    if ((await active(page)).href !== `#/item/${movieId}`) await page.keyboard.press((await movieCard.boundingBox())!.x > (await page.evaluate(() => document.activeElement!.getBoundingClientRect().x)) ? 'ArrowRight' : 'ArrowLeft');
    expect((await active(page)).href).toBe(`#/item/${movieId}`);
    await page.keyboard.press('Enter');
    await page.locator('.detail-heading').waitFor();
    expect(new URL(page.url()).hash).toBe(`#/item/${movieId}`);
    // the title page takes the focus (its Play button): Enter would play
    await page.waitForFunction(() => document.activeElement !== document.body);
    await page.keyboard.press('ArrowDown');
    expect(await overflowX(page), `too wide: ${(await tooWide(page)).join(', ')}`).toBe(0);
    await screenshot(page, 'tv-title.png');

    // Back: home again, on the card it left
    await page.keyboard.press('Escape');
    await page.getByTestId('title-card').first().waitFor();
    await page.waitForFunction((href) => document.activeElement?.getAttribute('href') === href, `#/item/${movieId}`);

    // the toggle overrides the user agent, and this device remembers it
    await page.getByTestId('tv-mode-toggle').click();
    expect(await page.evaluate(() => document.documentElement.classList.contains('tv'))).toBe(false);
    await page.reload();
    await page.getByTestId('title-card').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.classList.contains('tv'))).toBe(false);
    expect(await page.getByTestId('tv-mode-toggle').getAttribute('aria-pressed')).toBe('false');
    await page.getByTestId('tv-mode-toggle').click();
    expect(await page.evaluate(() => document.documentElement.classList.contains('tv'))).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  test('pairing: the TV shows a code, an admin approves it on a phone for a kid, the TV opens as the kid', async () => {
    // a second profile (with a PIN) makes sign-in needed: every screen now starts at the picker
    await api('/api/profiles', { method: 'POST', body: JSON.stringify({ name: 'Mia', avatar: 'owl', role: 'kid', movieCeiling: 'PG', allowUnrated: true, pin: '1234' }), expect: 201 });

    const tv = await open(TV);
    await tv.getByTestId('profile-picker').waitFor();
    expect(await tv.getByTestId('pair-with-phone').getAttribute('class')).toMatch(/btn-primary/);
    // with the remote: down from the profiles to "Pair with a phone", Enter
    for (let i = 0; i < 4 && (await active(tv)).testid !== 'pair-with-phone'; i++) await tv.keyboard.press('ArrowDown');
    expect((await active(tv)).testid).toBe('pair-with-phone');
    await screenshot(tv, 'tv-picker.png');
    await tv.keyboard.press('Enter');
    await tv.waitForFunction(() => document.querySelector('[data-testid="pair-screen"]')?.getAttribute('data-state') === 'waiting');
    const code = (await tv.getByTestId('pair-code').textContent())!.replace(/\s+/g, '');
    expect(code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTVWXYZ]{6}$/);
    const pairUrl = (await tv.getByTestId('pair-url').textContent())!;
    expect(pairUrl).toBe(`${server!.url}/#/pair`);
    await screenshot(tv, 'tv-pair-code.png');

    // the phone opens the address, signs in as the admin, types the code as a person would
    const phone = await open(PHONE, '#/pair');
    await phone.getByTestId('profile-picker').waitFor();
    await phone.getByTestId('profile-tile').filter({ hasText: 'Admin' }).click();
    await phone.getByTestId('pair-page').waitFor();
    // a code no screen shows is said to be so before anything is approved
    await phone.getByTestId('pair-code-input').fill('ZZZZZZ');
    await phone.getByTestId('pair-asker-unknown').waitFor();
    await phone.getByTestId('pair-code-input').fill(`${code.slice(0, 3).toLowerCase()} ${code.slice(3)}`);
    // the admin sees which device asked, from where and when, before approving
    await phone.getByTestId('pair-asker').waitFor();
    expect(await phone.getByTestId('pair-asker').textContent()).toMatch(/^\s*Safari on a TV\s+at 127\.0\.0\.1 asked for this code just now\.\s*$/);
    // no profile chosen yet: said so, nothing sent
    await phone.getByTestId('pair-approve').click();
    expect(await phone.getByTestId('pair-page-error').textContent()).toBe('Choose who watches on the TV.');
    await phone.getByTestId('pair-profile').filter({ hasText: 'Mia' }).click();
    expect(await overflowX(phone), `too wide: ${(await tooWide(phone)).join(', ')}`).toBe(0);
    await screenshot(phone, 'phone-pair.png');
    await phone.getByTestId('pair-approve').click();
    await phone.getByTestId('pair-done').waitFor();
    expect(await phone.getByTestId('pair-done').textContent()).toMatch(/now watches as Mia/);
    await screenshot(phone, 'phone-pair-done.png');

    // the TV is in, as Mia, with a session cookie of its own
    await tv.getByTestId('title-card').first().waitFor({ timeout: 15_000 });
    expect(await tv.getByTestId('current-profile').textContent()).toBe('Mia');
    expect((await tv.context().cookies()).some((c) => c.name === 'seed_session' && c.httpOnly)).toBe(true);
    await screenshot(tv, 'tv-paired-home.png');

    // a second TV's code is refused: it says so and offers a new one
    const otherTv = await open(TV);
    await otherTv.getByTestId('pair-with-phone').click();
    await otherTv.waitForFunction(() => document.querySelector('[data-testid="pair-screen"]')?.getAttribute('data-state') === 'waiting');
    const otherCode = (await otherTv.getByTestId('pair-code').textContent())!.replace(/\s+/g, '');
    await phone.getByTestId('pair-again').click();
    await phone.getByTestId('pair-code-input').fill(otherCode);
    await phone.getByTestId('pair-refuse').click();
    await phone.getByTestId('pair-done').waitFor();
    await otherTv.getByTestId('pair-refused').waitFor({ timeout: 15_000 });
    expect(await otherTv.getByTestId('pair-new-code').isVisible()).toBe(true);
    await screenshot(otherTv, 'tv-pair-refused.png');
    expect(pageErrors).toEqual([]);
  });
});
