// The admin's newer pages and the pairing screens driven as a TV remote drives them: arrows, Enter and
// Back (Escape) alone, in 10-foot mode at 720p. Going up walks the page before the sticky header, and
// what the focus lands on is never hidden under it; the fields of a row are reached one by one; Start,
// Cancel, Refuse and "Pair another TV" leave the focus on something, never on <body>; Back from
// "Pair with a phone" returns to the button that opened it.
import { rm } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { appPages, describeBrowser, launchBrowser, screenshot } from '../helpers/browser.js';
import { copyOfDemoLibrary } from '../helpers/library.js';
import { addScannedLibrary, call, startTestServer, type TestServer } from '../helpers/server.js';

const TIZEN_UA = 'Mozilla/5.0 (SMART-TV; LINUX; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko) 76.0.3809.146/6.0 TV Safari/537.36';
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true } as const;
const TV = { viewport: { width: 1280, height: 720 }, userAgent: TIZEN_UA } as const;

const focused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? null);

/** Presses `key` until the element with `testid` has the focus (at most `tries` times). */
async function pressUntil(page: Page, key: string, testid: string, tries = 12): Promise<void> {
  for (let i = 0; i < tries && (await focused(page)) !== testid; i++) await page.keyboard.press(key);
  expect(await focused(page)).toBe(testid);
}

/** Where the focused element lies against the sticky header: its top must be below the header's bottom. */
const clearOfHeader = (page: Page) =>
  page.evaluate(() => {
    const header = document.querySelector('[data-nav-top]')!.getBoundingClientRect();
    return document.activeElement!.getBoundingClientRect().top - header.bottom;
  });

describeBrowser('web UI, a TV remote on the admin pages and the pairing screens', () => {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  let libraryDir = '';
  const pages = appPages(() => ({ browser: browser!, url: server!.url }));
  const pageErrors = pages.errors;
  const open = pages.open;

  const api = (path: string, init: RequestInit & { expect?: number } = {}) => call(server!, path, init);


  beforeAll(async () => {
    libraryDir = await copyOfDemoLibrary('seed-e2e-tv-pages-');
    // every interface: the Network page then lists addresses (links) below its Save button
    [server, browser] = await Promise.all([startTestServer({ config: { host: '0.0.0.0' } }), launchBrowser()]);
    await addScannedLibrary(server!, [libraryDir], 2);
  }, 120_000);

  afterAll(async () => {
    await pages.closeAll();
    await browser?.close();
    await server?.close();
    if (libraryDir) await rm(libraryDir, { recursive: true, force: true });
  });

  test('Network: up from Save walks back through the page, each control clear of the sticky header; from the header, up stays in it', async () => {
    const page = await open(TV, '#/admin/network');
    await page.getByTestId('server-name').waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'server-name');
    // the name field's ring is the thick white one of every other control in 10-foot mode
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineWidth)).toBe('5px');
    await pressUntil(page, 'ArrowDown', 'network-save');
    // past Save, to the addresses at the bottom: the page has scrolled far under the header
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.closest('[data-testid="lan-urls"]') !== null)).toBe(true);
    await page.keyboard.press('ArrowUp');
    expect(await focused(page)).toBe('network-save');
    await page.keyboard.press('ArrowUp');
    // the switch above Save, not the header that stays on screen over the page
    expect(await focused(page)).toBe('remoteAccess-switch');
    await page.waitForFunction(() => {
      const header = document.querySelector('[data-nav-top]')!.getBoundingClientRect();
      return document.activeElement!.getBoundingClientRect().top >= header.bottom;
    });
    expect(await clearOfHeader(page)).toBeGreaterThanOrEqual(0);
    await page.keyboard.press('ArrowUp');
    expect(['interface-all', 'interface']).toContain(await focused(page));
    await page.keyboard.press('ArrowUp');
    expect(await focused(page)).toBe('announce-switch');
    await page.keyboard.press('ArrowUp');
    expect(await focused(page)).toBe('server-name');
    await page.keyboard.press('ArrowUp');
    expect(await focused(page)).toBe('settings-tab-network');
    // past the page's top, the header; up again stays in it, never back into the page scrolled off above
    await page.keyboard.press('ArrowUp');
    expect(await page.evaluate(() => document.activeElement!.closest('[data-nav-top]') !== null), `${await focused(page)} ${await page.evaluate(() => JSON.stringify([document.activeElement!.outerHTML.slice(0, 200), window.scrollY]))}`).toBe(true);
    await page.keyboard.press('ArrowUp');
    expect(await page.evaluate(() => document.activeElement!.closest('[data-nav-top]') !== null)).toBe(true);
    await screenshot(page, 'tv-network-up.png');
    expect(pageErrors).toEqual([]);
  });

  test('Experiments: the editor\'s fields in a row reached with left and right; Cancel back on Edit; Start leaves the focus on Stop', async () => {
    const draft = (await (
      await api('/api/experiments', {
        method: 'POST',
        body: JSON.stringify({ name: 'Blend vs EASE', description: '', surface: 'home', variants: [{ key: 'a', name: 'Control', weight: 1, config: {} }, { key: 'b', name: 'EASE', weight: 1, config: { ranker: 'ease' } }] }),
        expect: 201,
      })
    ).json()) as { id: number };
    const page = await open(TV, '#/admin/experiments');
    await page.getByTestId('experiment-row').first().waitFor();
    await page.waitForFunction(() => document.activeElement !== document.body);
    await pressUntil(page, 'ArrowDown', 'experiment-edit');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'experiment-name');
    // the caret at the end of the name: right goes on to Surface beside it
    await page.keyboard.press('ArrowRight');
    expect(await focused(page)).toBe('experiment-surface');
    // a field reached with the arrows has its text selected: one press collapses it, the next leaves
    await page.keyboard.press('ArrowLeft');
    expect(await focused(page)).toBe('experiment-surface');
    await page.keyboard.press('ArrowLeft');
    expect(await focused(page)).toBe('experiment-name');
    // the control's row: key, name, traffic share and ranker, one after another
    await pressUntil(page, 'ArrowDown', 'variant-name', 3);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    expect(await focused(page)).toBe('variant-key');
    const along: (string | null)[] = [];
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('ArrowRight');
      along.push(await focused(page));
    }
    expect(along).toContain('variant-weight');
    expect(along).toContain('variant-ranker');
    // and each of the blend's weights under them
    await page.keyboard.press('ArrowDown');
    const weights = new Set<string | null>([await focused(page)]);
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('ArrowLeft');
      weights.add(await focused(page));
    }
    expect(weights.size).toBeGreaterThanOrEqual(5);
    await screenshot(page, 'tv-experiment-editor.png');
    await pressUntil(page, 'ArrowDown', 'experiment-cancel', 10);
    await page.keyboard.press('Enter');
    await page.getByTestId('experiment-form').waitFor({ state: 'detached' });
    expect(await page.evaluate((id) => document.activeElement?.closest('[data-experiment-id]')?.getAttribute('data-experiment-id') === String(id) && document.activeElement.getAttribute('data-action'), draft.id)).toBe('edit');

    // Start: the row's buttons change under the focus, which lands on Stop
    await page.keyboard.press('ArrowRight');
    expect(await focused(page)).toBe('experiment-start');
    await page.keyboard.press('Enter');
    await page.getByTestId('experiment-stop').waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'experiment-stop');
    // Results open with the focus in them; Close returns to the Results button
    await page.keyboard.press('ArrowLeft');
    expect(await focused(page)).toBe('experiment-results-button');
    await page.keyboard.press('Enter');
    await page.getByTestId('results-table').waitFor();
    await page.waitForFunction(() => document.activeElement?.closest('[data-testid="experiment-results"]') !== null);
    await pressUntil(page, 'ArrowRight', 'results-close', 2);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'experiment-results-button');
    expect(pageErrors).toEqual([]);
  });

  test('pairing: Back from "Pair with a phone" returns to its button; on the phone, Refuse and "Pair another TV" keep the focus', async () => {
    // a second profile with a PIN: every screen now starts at the picker
    await api('/api/profiles', { method: 'POST', body: JSON.stringify({ name: 'Mia', avatar: 'owl', role: 'kid', movieCeiling: 'PG', allowUnrated: true, pin: '1234' }), expect: 201 });
    const tv = await open(TV);
    await tv.getByTestId('profile-picker').waitFor();
    await pressUntil(tv, 'ArrowDown', 'pair-with-phone', 4);
    await tv.keyboard.press('Enter');
    await tv.waitForFunction(() => document.querySelector('[data-testid="pair-screen"]')?.getAttribute('data-state') === 'waiting');
    expect(await focused(tv)).toBe('pair-back');
    await tv.keyboard.press('Escape');
    await tv.getByTestId('profile-picker').waitFor();
    await tv.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'pair-with-phone');
    await tv.keyboard.press('Enter');
    await tv.waitForFunction(() => document.querySelector('[data-testid="pair-screen"]')?.getAttribute('data-state') === 'waiting');
    const code = (await tv.getByTestId('pair-code').textContent())!.replace(/\s+/g, '');

    const phone = await open(PHONE, '#/pair');
    await phone.getByTestId('profile-tile').filter({ hasText: 'Admin' }).click();
    await phone.getByTestId('pair-code-input').fill(code);
    await phone.getByTestId('pair-asker').waitFor();
    await phone.getByTestId('pair-refuse').focus();
    await phone.keyboard.press('Enter');
    await phone.getByTestId('pair-done').waitFor();
    // the form that held the focus is gone: it is on "Pair another TV", and Enter there goes back to the code
    await phone.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'pair-again');
    await phone.keyboard.press('Enter');
    await phone.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'pair-code-input');
    await tv.getByTestId('pair-refused').waitFor({ timeout: 15_000 });
    expect(pageErrors).toEqual([]);
  });
});
