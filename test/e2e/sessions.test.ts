// The Sessions page in a real browser over a real server: three made-up players report through the
// API as the player would (one transcoded with a stall, one direct, one remuxed and still starting),
// and a day of made-up history is recorded through the playback service on a clock set back by the
// hour. The page lists the active sessions, plots the day, links from the admin nav, and the arrow
// keys move from the nav to the first session.
import { rm } from 'node:fs/promises';
import pino from 'pino';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { SessionEventDto } from '../../server/src/http/api-types.js';
import { startSeed, type RunningSeed } from '../../server/src/main.js';
import { createPlaybackService } from '../../server/src/playback/playback.service.js';
import { createPlaybackStore } from '../../server/src/playback/playback.store.js';
import type { SessionEvent } from '../../server/src/playback/playback.types.js';
import { describeBrowser, launchBrowser, screenshot } from '../helpers/browser.js';
import { rendererDir } from '../helpers/paths.js';
import { tempDir, testConfig } from '../helpers/server.js';

const HOUR = 3_600_000;
const MOVIE = 1;
const EPISODE = 2;
const OTHER = 3;

describeBrowser('web UI, the Sessions page', () => {
  let seed: RunningSeed | undefined;
  let browser: Browser | undefined;
  let dataDir = '';

  const post = async (path: string, body: unknown, status: number): Promise<unknown> => {
    const res = await fetch(`${seed!.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status, path).toBe(status);
    return status === 204 ? null : res.json();
  };
  const play = async (itemId: number, method: string, clientId: string, clientName: string, events: SessionEventDto[]) => {
    const { id } = (await post('/api/sessions', { itemId, method, clientId, clientName }, 201)) as { id: number };
    await post(`/api/sessions/${id}/events`, { events }, 204);
    return id;
  };

  beforeAll(async () => {
    [dataDir, browser] = await Promise.all([tempDir('seed-e2e-sessions-'), launchBrowser()]);
    seed = await startSeed(testConfig(dataDir, { watch: false, rescanIntervalMinutes: 0 }), pino({ level: 'silent' }), { webRoot: rendererDir() });
    // titles without files: inserted after start-up, so no scan ever looks for them
    const db = seed.db;
    db.prepare(`INSERT INTO libraries (id, name, kind, created_at) VALUES (1, 'Films & Series', 'mixed', 0)`).run();
    db.prepare(`INSERT INTO series (id, library_id, group_key, title, sort_title, added_at) VALUES (1, 1, 'harbour', 'Harbour Lights', 'harbour lights', 0)`).run();
    const item = db.prepare(`INSERT INTO items (id, library_id, group_key, kind, title, sort_title, series_id, season, episode, duration_ms, added_at) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, 0)`);
    item.run(MOVIE, 'voyage', 'movie', 'The Long Voyage', 'long voyage', null, null, null, 6_420_000);
    item.run(EPISODE, 'harbour-s2e5', 'episode', 'The Lamp', 'lamp', 1, 2, 5, 2_700_000);
    item.run(OTHER, 'quiet', 'movie', 'A Quiet Year', 'quiet year', null, null, null, 5_580_000);

    // a day of history, an hour at a time
    let clock = Date.now() - 23 * HOUR;
    const history = createPlaybackService({ store: createPlaybackStore(db), now: () => clock });
    const ladder = [
      { height: 1080, bitrateBps: 6_000_000 },
      { height: 720, bitrateBps: 3_000_000 },
      { height: 480, bitrateBps: 1_500_000 },
      { height: 360, bitrateBps: 800_000 },
    ];
    for (let h = 23; h >= 1; h--) {
      clock = Date.now() - h * HOUR;
      if (h % 5 === 3) continue; // some hours nobody watched
      for (let n = 0; n < 1 + (h % 3); n++) {
        const rung = ladder[(h + n) % ladder.length]!;
        const lower = ladder[Math.min(ladder.length - 1, ((h + n) % ladder.length) + 1)]!;
        const { id } = history.start({ itemId: [MOVIE, EPISODE, OTHER][(h + n) % 3]!, method: n === 2 ? 'direct' : 'hls', clientId: `history${n}`, clientName: 'Chrome on Linux' });
        const watchedMs = (12 + ((h * 7 + n * 5) % 30)) * 60_000;
        const events: SessionEvent[] = [
          { kind: 'switch', height: rung.height, bitrateBps: rung.bitrateBps },
          { kind: 'start', startupMs: 600 + ((h * 389 + n * 977) % 1900) + (h === 9 ? 4200 : 0) },
          { kind: 'progress', positionMs: Math.round(watchedMs * 0.6), durationMs: 6_000_000, watchedMs: Math.round(watchedMs * 0.6), height: rung.height },
          ...(h % 4 === 0 ? [{ kind: 'stall', ms: 1500 + h * 180 } as const] : []),
          { kind: 'switch', height: lower.height, bitrateBps: lower.bitrateBps },
          { kind: 'progress', positionMs: watchedMs, durationMs: 6_000_000, watchedMs, height: lower.height },
          { kind: 'end', positionMs: watchedMs },
        ];
        history.record(id, events);
      }
    }

    // playing now, through the API as players report
    await play(MOVIE, 'hls', '3f9a1c2b7d4e5f60', 'Chrome on Linux', [
      { kind: 'switch', height: 720, bitrateBps: 3_000_000 },
      { kind: 'start', startupMs: 1240 },
      { kind: 'stall', ms: 2100 },
      { kind: 'progress', positionMs: 2_712_000, durationMs: 6_420_000, watchedMs: 600_000, height: 720, bufferMs: 6_000, bandwidthBps: 4_200_000 },
    ]);
    await play(EPISODE, 'direct', 'a07c55e19b2d4c31', 'Safari on iOS', [
      { kind: 'start', startupMs: 430 },
      { kind: 'progress', positionMs: 754_000, durationMs: 2_700_000, watchedMs: 300_000, height: 1080 },
    ]);
    await play(OTHER, 'remux', '9e11b0c6d3a84f27', 'Firefox on Windows', []);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await seed?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  test('the active sessions with title, client, method, rung, position and start time; a day of QoE charts', async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.stack ?? err.message));
    await page.goto(`${seed!.url}/#/admin/sessions`);
    const rows = page.getByTestId('session-row');
    await rows.first().waitFor();
    await page.getByTestId('qoe-charts').waitFor();

    expect(await rows.count()).toBe(3);
    expect(await page.getByTestId('sessions-count').textContent()).toBe('3');
    // newest first
    expect(await page.getByTestId('session-title').allTextContents()).toEqual(['A Quiet Year', 'Harbour Lights — S02E05 · The Lamp', 'The Long Voyage']);
    expect(await page.getByTestId('session-method').allTextContents()).toEqual(['Remuxed', 'Direct', 'Transcoded']);
    const cells = async (testId: string) => (await page.getByTestId(testId).allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    expect(await cells('session-client')).toEqual(['Admin Firefox on Windows 9e11b0', 'Admin Safari on iOS a07c55', 'Admin Chrome on Linux 3f9a1c']);
    expect(await cells('session-rung')).toEqual(['—', '1080p', '720p 3 Mb/s']);
    expect(await cells('session-network')).toEqual(['—', '—', '4.2 Mb/s 6 s buffered']);
    expect(await cells('session-position')).toEqual(['0:00', '12:34 / 45:00', '45:12 / 1:47:00']);
    expect(await cells('session-startup')).toEqual(['starting… no stalls', '430 ms no stalls', '1.2 s 1 stall · 2.1 s']);
    expect(await page.getByTestId('session-title').last().getAttribute('href')).toBe(`#/item/${MOVIE}`);

    // the charts: lines, bars and a stack per rung, with a legend of the rungs watched
    expect(await page.getByTestId('qoe-startup-chart').locator('polyline').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('qoe-rebuffering-chart').locator('rect').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('qoe-rung-chart').locator('rect').count()).toBeGreaterThan(10);
    expect(await page.getByTestId('qoe-rung-key').locator('.rung-name').allTextContents()).toEqual(['1080p', '720p', '480p', '360p']);
    expect(await page.getByTestId('qoe-summary').textContent()).toMatch(/^\d+ plays · .+ watched · rebuffering \d/);

    // the admin nav has it, marked as the page shown; the first session has the focus, Up reaches the nav
    expect(await page.getByTestId('nav-sessions').getAttribute('aria-current')).toBe('page');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('session-title');
    for (let i = 0; i < 3 && (await page.evaluate(() => document.activeElement?.closest('header') === null)); i++) await page.keyboard.press('ArrowUp');
    expect(await page.evaluate(() => document.activeElement?.closest('header') !== null)).toBe(true);

    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'sessions.png');

    // the numbers behind the charts, for screen readers and the remote
    await page.getByTestId('qoe-numbers').locator('summary').click();
    expect(await page.getByTestId('qoe-numbers').locator('tbody tr').count()).toBe(24);

    // on a phone the table scrolls inside its panel, the page does not
    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'sessions-phone.png');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(pageErrors).toEqual([]);
  }, 60_000);

  test('the Manage menu opens the page from another admin page', async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
    await page.goto(`${seed!.url}/#/admin/queue`);
    await page.getByTestId('nav-manage').click();
    await page.getByTestId('nav-sessions').click();
    await page.getByTestId('admin-sessions').waitFor();
    expect(await page.evaluate(() => location.hash)).toBe('#/admin/sessions');
  });
});
