// The watch history in a real browser over a real server, driven by the keyboard as a TV remote would:
// the home page's Continue watching and Next up rows (a title taken off with Remove), Mark played and
// Mark unplayed on a title's page, the Watch history page with Export and Import, and the rows
// following a play on another screen when the page is shown again.
import { readFile, rm } from 'node:fs/promises';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { HistoryDocumentDto, ResumeDto, SessionEventDto, WatchListDto } from '../../server/src/http/api-types.js';
import { startSeed, type RunningSeed } from '../../server/src/main.js';
import { describeBrowser, launchBrowser, screenshot } from '../helpers/browser.js';
import { rendererDir } from '../helpers/paths.js';
import { tempDir, testConfig } from '../helpers/server.js';

const MIN = 60_000;
const VOYAGE = 1;
const QUIET = 2;
const S1E1 = 11;
const S1E2 = 12;

describeBrowser('web UI, the watch history', () => {
  let seed: RunningSeed | undefined;
  let browser: Browser | undefined;
  let dataDir = '';

  const api = async <T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> => {
    const res = await fetch(`${seed!.url}${path}`, {
      method: init.method ?? 'GET',
      headers: { 'content-type': 'application/json' },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (res.status === 204 ? null : await res.json()) as T;
  };
  /** a player that played `itemId` up to `positionMs` and paused there */
  const played = async (itemId: number, positionMs: number, durationMs: number) => {
    const { id } = await api<{ id: number }>('/api/sessions', { method: 'POST', body: { itemId, method: 'hls', clientId: 'e2e', clientName: 'Chrome on Linux' } });
    const events: SessionEventDto[] = [
      { kind: 'start', startupMs: 800 },
      { kind: 'progress', positionMs: positionMs - 10_000, durationMs, watchedMs: 600_000, height: 720 },
      { kind: 'progress', positionMs, durationMs, watchedMs: 610_000, height: 720, paused: true },
    ];
    await api(`/api/sessions/${id}/events`, { method: 'POST', body: { seq: 1, events } });
  };
  const focused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? null);

  beforeAll(async () => {
    [dataDir, browser] = await Promise.all([tempDir('seed-e2e-history-'), launchBrowser()]);
    seed = await startSeed(testConfig(dataDir, { watch: false, rescanIntervalMinutes: 0 }), pino({ level: 'silent' }), { webRoot: rendererDir() });
    // titles without files: inserted after start-up, so no scan ever looks for them
    const db = seed.db;
    db.prepare(`INSERT INTO libraries (id, name, kind, created_at) VALUES (1, 'Films & Series', 'mixed', 0)`).run();
    db.prepare(`INSERT INTO series (id, library_id, group_key, title, sort_title, added_at) VALUES (1, 1, 'harbour', 'Harbour Lights', 'harbour lights', 0)`).run();
    const item = db.prepare(`INSERT INTO items (id, library_id, group_key, kind, title, sort_title, year, series_id, season, episode, duration_ms, added_at) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`);
    item.run(VOYAGE, 'voyage', 'movie', 'The Long Voyage', 'long voyage', 1940, null, null, null, 107 * MIN);
    item.run(QUIET, 'quiet', 'movie', 'A Quiet Year', 'quiet year', 2021, null, null, null, 93 * MIN);
    item.run(S1E1, 'h-s1e1', 'episode', 'Arrival', 'arrival', null, 1, 1, 1, 45 * MIN);
    item.run(S1E2, 'h-s1e2', 'episode', 'The Lamp', 'lamp', null, 1, 1, 2, 45 * MIN);

    await played(VOYAGE, 45 * MIN + 12_000, 107 * MIN);
    await played(QUIET, 20 * MIN, 93 * MIN); // the newest: first in the row
    await api(`/api/items/${S1E1}/played`, { method: 'POST' });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await seed?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  test('Continue watching and Next up on the home page; Remove takes a title off with the keyboard', async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.stack ?? err.message));
    await page.goto(`${seed!.url}/#/`);
    const continuing = page.getByTestId('shelf-continue');
    await continuing.waitFor();
    await page.getByTestId('shelf-next').waitFor();
    await page.getByTestId('title-grid').waitFor();
    const titles = (shelf: string) => page.getByTestId(shelf).locator('[data-testid="watch-card"] .title').allTextContents();
    const metas = (shelf: string) => page.getByTestId(shelf).locator('[data-testid="watch-card"] .meta').allTextContents();
    expect(await titles('shelf-continue')).toEqual(['A Quiet Year', 'The Long Voyage']);
    expect(await metas('shelf-continue')).toEqual(['2021 · 1 h 13 min left', '1940 · 1 h 2 min left']);
    expect(await page.getByTestId('shelf-continue').getByTestId('watched-bar').count()).toBe(2);
    expect(await titles('shelf-next')).toEqual(['Harbour Lights']);
    expect(await metas('shelf-next')).toEqual(['S01E02 · The Lamp']);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'home-rows.png');

    // the first arrow press lands on the first card of the first row; Down reaches its Remove
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-id'))).toBe(String(QUIET));
    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toBe('remove-from-row');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Remove A Quiet Year from Continue watching');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="shelf-continue"] [data-testid="watch-card"]').length === 1);
    // focus stays in the row: the card that took its place
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-id'))).toBe(String(VOYAGE));
    expect((await api<WatchListDto>('/api/continue-watching')).items.map((e) => e.item.id)).toEqual([VOYAGE]);
    await page.getByText('Removed “A Quiet Year” from Continue watching').waitFor();
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 60_000);

  test("Mark played and Mark unplayed on a title's page, with the keyboard; the state and the rows follow", async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.stack ?? err.message));
    await page.goto(`${seed!.url}/#/item/${VOYAGE}`);
    await page.getByTestId('watch-status').waitFor();
    expect(await page.getByTestId('watch-state').textContent()).toBe('Stopped at 45:12 · 1 h 2 min left');
    expect(await page.getByTestId('watch-status').getByRole('progressbar').getAttribute('aria-valuenow')).toBe('42');
    // Play has the focus on arrival; the mark is just below it
    expect(await focused(page)).toBe('play');
    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toBe('mark-played');
    expect(await page.getByTestId('mark-played').textContent()).toContain('Mark played');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid="watch-status"]')?.getAttribute('data-played') === 'true');
    expect(await page.getByTestId('mark-played').textContent()).toContain('Mark unplayed');
    expect(await page.getByTestId('mark-played').getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('watch-state').textContent()).toMatch(/^Played · last on /);
    expect(await api<ResumeDto>(`/api/items/${VOYAGE}/resume`)).toMatchObject({ played: true, playCount: 1, positionMs: 0 });
    expect((await api<WatchListDto>('/api/continue-watching')).items).toEqual([]);
    await screenshot(page, 'title-played.png');

    expect(await focused(page)).toBe('mark-played'); // still there for a second press
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid="watch-status"]')?.getAttribute('data-played') === 'false');
    expect(await page.getByTestId('watch-state').textContent()).toBe('Not played yet');
    expect(await api<ResumeDto>(`/api/items/${VOYAGE}/resume`)).toMatchObject({ played: false, playCount: 0, positionMs: 0 });

    // Back: the home page, where the title is no longer in progress
    await page.keyboard.press('Escape');
    await page.getByTestId('title-grid').waitFor();
    await page.getByTestId('shelf-next').waitFor();
    expect(await page.getByTestId('shelf-continue').count()).toBe(0);
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 60_000);

  test('the Watch history page: events in words, from the header; Export downloads the JSON, Import of it adds nothing', async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce', acceptDownloads: true });
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.stack ?? err.message));
    await page.goto(`${seed!.url}/#/`);
    await page.getByTestId('nav-history').click();
    await page.getByTestId('history-lines').waitFor();
    expect(await page.getByTestId('nav-history').getAttribute('aria-current')).toBe('page');
    const lines = (await page.getByTestId('history-line').locator('.what').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    expect(lines).toEqual([
      'The Long Voyage Marked unplayed',
      'The Long Voyage Marked played',
      'A Quiet Year Removed from Continue watching',
      'Harbour Lights — S01E01 · Arrival Marked played',
      'A Quiet Year Paused at 20:00',
      'A Quiet Year Watched up to 19:50',
      'A Quiet Year Started playing',
      'The Long Voyage Paused at 45:12',
      'The Long Voyage Watched up to 45:02',
      'The Long Voyage Started playing',
    ]);
    await screenshot(page, 'history.png');

    // opened afresh (a remote has nothing focused yet), Export takes the focus; Enter downloads the document
    await page.reload();
    await page.getByTestId('history-lines').waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'history-export');
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(download.suggestedFilename()).toMatch(/^seed-history-Admin-\d{4}-\d{2}-\d{2}\.json$/);
    const file = await download.path();
    const doc = JSON.parse(await readFile(file, 'utf8')) as HistoryDocumentDto;
    expect(doc).toMatchObject({ format: 'seed-watch-history', version: 1, profile: { name: 'Admin' } });
    expect(doc.events).toHaveLength(10);

    // Import of the same file: nothing new
    await page.getByTestId('history-file').setInputFiles(file);
    await page.getByText('Nothing new to import (10 events already here).').waitFor();
    expect(await page.getByTestId('history-line').count()).toBe(10);
    // the arrow keys reach Import from Export
    await page.keyboard.press('ArrowRight');
    expect(await focused(page)).toBe('history-import');
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 60_000);

  test('a play on another screen moves the rows when the page is shown again, and a remote keeps its place on the title', async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.stack ?? err.message));
    const rowsLoaded = page.waitForResponse((r) => r.url().endsWith('/api/next-up'));
    await page.goto(`${seed!.url}/#/`);
    await rowsLoaded;
    await page.getByTestId('title-grid').waitFor();
    const ids = (row: string) => page.locator(`[data-testid="${row}"] [data-testid="watch-card"]`).evaluateAll((cards) => cards.map((c) => Number(c.getAttribute('data-id'))));
    // as the tests above left it: nothing to continue, the series' next episode up
    expect(await ids('shelf-continue')).toEqual([]);
    expect(await ids('shelf-next')).toEqual([S1E2]);

    // a title opened from the grid and back: the page remembers that card for its first load
    await page.getByTestId('title-card').first().focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/(item|series)\//);
    await page.goBack();
    await page.getByTestId('shelf-next').waitFor();
    // then up to Next up, at the top of the page
    await page.locator('[data-testid="shelf-next"] [data-testid="watch-card"]').focus();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));

    // the phone plays that episode halfway while this tab is in the background, then the tab is shown again
    await played(S1E2, 20 * MIN, 45 * MIN);
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await page.waitForFunction((id) => document.querySelector('[data-testid="shelf-continue"] [data-testid="watch-card"]')?.getAttribute('data-id') === String(id), S1E2);
    expect(await ids('shelf-continue')).toEqual([S1E2]);
    expect(await ids('shelf-next')).toEqual([]);
    // the same page (no reload), and the remote is on the same title, now in Continue watching, not sent down to the grid
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.closest('[data-testid="shelf-continue"]') !== null)).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-id'))).toBe(String(S1E2));
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 60_000);
});
