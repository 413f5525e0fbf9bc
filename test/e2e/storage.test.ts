// The Storage panel on the Transcoding settings page in a real browser: the demo titles are transcoded
// by a first run of the server, a second run measures them at start-up; the panel shows the space used
// of the quota and the free space, the titles biggest first with their size per rung, and the arrow
// keys reach every title.
import { rm } from 'node:fs/promises';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { QueueDto, StorageDto } from '../../server/src/http/api-types.js';
import { startSeed, type RunningSeed } from '../../server/src/main.js';
import { describeBrowser, launchBrowser, screenshot } from '../helpers/browser.js';
import { copyOfDemoLibrary } from '../helpers/library.js';
import { rendererDir } from '../helpers/paths.js';
import { tempDir, testConfig, waitFor } from '../helpers/server.js';

// generous: the demo titles' jobs run one after another on a slow machine
const QUEUE_MS = 90_000;

const activeTestId = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName);
const activeHref = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('href'));

describeBrowser('web UI, the Storage panel', () => {
  let seed: RunningSeed | undefined;
  let browser: Browser | undefined;
  let dataDir = '';
  let libraryDir = '';

  const start = async () => startSeed(testConfig(dataDir, { libraries: [libraryDir] }), pino({ level: 'silent' }), { webRoot: rendererDir() });
  const get = async <T,>(path: string): Promise<T> => {
    const res = await fetch(`${seed!.url}${path}`);
    expect(res.status, path).toBe(200);
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    [dataDir, libraryDir, browser] = await Promise.all([tempDir('seed-e2e-storage-'), copyOfDemoLibrary('seed-e2e-storage-lib-'), launchBrowser()]);
    // a first run scans the demo library and transcodes it…
    seed = await start();
    await waitFor(async () => {
      const queue = await get<QueueDto>('/api/jobs');
      return queue.jobs.length > 0 && !queue.counts.queued && !queue.counts.running;
    }, 'the demo titles transcoded', QUEUE_MS);
    await seed.close();
    // …and the next one finds the transcodes on disk
    seed = await start();
  }, QUEUE_MS + 30_000);

  afterAll(async () => {
    await browser?.close();
    await seed?.close();
    for (const dir of [dataDir, libraryDir]) if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('the space used of the quota, the free space, the biggest titles with their rungs; the arrows reach each title', async () => {
    const storage = await get<StorageDto>('/api/storage');
    expect(storage.titles.length).toBeGreaterThan(0);
    expect(storage.titles[0]!.rungs.length).toBeGreaterThan(0);

    const page = await browser!.newPage({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.stack ?? err.message));
    await page.goto(`${seed!.url}/#/admin/transcoding`);
    const titles = page.getByTestId('storage-title');
    await titles.first().waitFor();

    expect(await titles.count()).toBe(storage.titles.length);
    expect(await page.getByTestId('storage-title-link').evaluateAll((els) => els.map((el) => el.querySelector('.title-text')?.textContent))).toEqual(storage.titles.map((t) => t.title));
    expect(await page.getByTestId('storage-title-link').first().getAttribute('href')).toBe(`#/item/${storage.titles[0]!.itemId}`);
    const firstRungs = await titles.first().getByTestId('storage-rung').locator('.rung-name').allTextContents();
    expect(firstRungs.slice(0, storage.titles[0]!.rungs.length)).toEqual(storage.titles[0]!.rungs.map((r) => r.name));
    expect(await page.getByTestId('storage-usage').textContent()).toMatch(/^\S+\s\S*B of \S+\s\S*B used · \S+\s\S*B free on disk$/);
    // the automatic quota follows the free space, which other programs change meanwhile
    expect(Number(await page.getByTestId('storage-bar').getAttribute('aria-valuemax'))).toBeGreaterThan(0);
    expect(await page.getByTestId('storage-over').count()).toBe(0);

    // the keyboard alone: from Save down into the panel, then from title to title
    await page.getByTestId('settings-save').focus();
    for (let i = 0; i < 4 && (await activeTestId(page)) !== 'storage-title-link'; i++) await page.keyboard.press('ArrowDown');
    expect(await activeTestId(page)).toBe('storage-title-link');
    expect(await activeHref(page)).toBe(`#/item/${storage.titles[0]!.itemId}`);
    if (storage.titles.length > 1) {
      await page.keyboard.press('ArrowDown');
      expect(await activeHref(page)).toBe(`#/item/${storage.titles[1]!.itemId}`);
      await page.keyboard.press('ArrowUp');
    }
    // Refresh sits above the titles, reached going up
    for (let i = 0; i < 3 && (await activeTestId(page)) !== 'storage-refresh'; i++) await page.keyboard.press('ArrowUp');
    expect(await activeTestId(page)).toBe('storage-refresh');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid="storage-refresh"]')?.textContent?.trim() === 'Refresh');
    expect(await titles.count()).toBe(storage.titles.length);

    await page.getByTestId('storage').scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollTo(0, 0)); // a full-page screenshot of a scrolled page draws the sticky header halfway down
    await screenshot(page, 'storage.png');

    // on a phone the panel fits the width
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'storage-phone.png');

    // a title's link opens it
    await page.getByTestId('storage-title-link').first().click();
    await page.waitForFunction((id) => location.hash === `#/item/${id}`, storage.titles[0]!.itemId);
    expect(pageErrors).toEqual([]);
  }, 60_000);

  test('a made-up library over its quota: the bar is full and says by how much; rungs, head starts and just-in-time titles', async () => {
    const GB = 1e9;
    const hour = 3_600_000;
    const answer: StorageDto = {
      usedBytes: 54.2 * GB,
      quotaBytes: 50 * GB,
      freeBytes: 148 * GB,
      measuring: false,
      titles: [
        { itemId: 11, title: 'The Long Voyage', bytes: 14.9 * GB, rungs: [{ name: '240p', bytes: 0.6 * GB }, { name: '360p', bytes: 1.1 * GB }, { name: '480p', bytes: 2 * GB }, { name: '720p', bytes: 3.7 * GB }, { name: '1080p', bytes: 7.5 * GB }], liveBytes: 0, lastServedAt: new Date(Date.now() - 3 * 24 * hour).toISOString() },
        { itemId: 12, title: 'Night Shift — S02E05 · The Lamp', bytes: 2.1 * GB, rungs: [{ name: '240p', bytes: 0.2 * GB }, { name: '360p', bytes: 0.4 * GB }, { name: '720p', bytes: 1.5 * GB }], liveBytes: 0, lastServedAt: new Date(Date.now() - 2 * hour).toISOString() },
        { itemId: 13, title: 'Harbour Lights', bytes: 0.9 * GB, rungs: [], liveBytes: 0.9 * GB, lastServedAt: new Date(Date.now() - 20 * 60_000).toISOString() },
        { itemId: 14, title: 'A Quiet Year', bytes: 0.41 * GB, rungs: [{ name: '240p', bytes: 0.4 * GB }], liveBytes: 0.01 * GB, lastServedAt: null },
      ],
    };
    const page = await browser!.newPage({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.stack ?? err.message));
    await page.route('**/api/storage', (route) => route.fulfill({ json: answer }));
    await page.goto(`${seed!.url}/#/admin/transcoding`);
    await page.getByTestId('storage-title').first().waitFor();

    expect(await page.getByTestId('storage-usage').textContent()).toBe('54 GB of 50 GB used · 148 GB free on disk'.replaceAll(/(\d) (GB)/g, '$1\u00a0$2'));
    expect(await page.getByTestId('storage-over').textContent()).toMatch(/^4\.2\u00a0GB over the quota/);
    expect(await page.getByTestId('storage-bar').getAttribute('aria-valuenow')).toBe(String(50 * GB));
    const rungsOf = (i: number) => page.getByTestId('storage-title').nth(i).locator('.rung-name').allTextContents();
    expect(await rungsOf(0)).toEqual(['240p', '360p', '480p', '720p', '1080p']);
    expect(await rungsOf(2)).toEqual(['Head start & just in time']);
    expect(await rungsOf(3)).toEqual(['240p', 'Head start']);
    expect(await page.getByTestId('storage-title').nth(2).locator('.meta').textContent()).toMatch(/Watched 20 minutes ago · plays just in time/);
    expect(await page.getByTestId('storage-title').nth(3).locator('.meta').textContent()).toMatch(/Never watched/);

    await page.getByTestId('storage').scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'storage-over-quota.png');
    expect(pageErrors).toEqual([]);
  });
});
