// The whole path in a real browser: first run → add a library → grid of movies and series → title and
// series pages → play (HLS via video.js); the admin's Libraries page; keyboard navigation; player states.
import { copyFile, rm, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { describeBrowser, launchBrowser, screenshot } from '../helpers/browser.js';
import { clips, demoLibrary } from '../helpers/clips.js';
import { copyOfDemoLibrary } from '../helpers/library.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

// generous: the first play of a title waits for its transcode, and CI machines are slow
const SCAN_MS = 60_000;
const PLAY_MS = 60_000;
const TEST_MS = 150_000;

const CARD = '[data-testid="title-card"]';
const EPISODE = '[data-testid="episode-row"]';

interface Session {
  page: Page;
  /** uncaught exceptions in the page: any is a bug */
  pageErrors: string[];
}

async function openSession(browser: Browser, url: string): Promise<Session> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.stack ?? err.message));
  // for the log of a failed run: which requests went wrong (a 400 from the bad-path step is expected)
  page.on('response', (res) => {
    if (res.status() >= 400) console.warn(`[browser] ${res.status()} ${res.request().method()} ${res.url()}`);
  });
  page.on('requestfailed', (req) => console.warn(`[browser] failed ${req.method()} ${req.url()}: ${req.failure()?.errorText}`));
  await page.goto(url);
  return { page, pageErrors };
}

/** Waits until the grid shows `count` cards whose posters have loaded; answers what it saw if they never do. */
async function waitForGrid(page: Page, count: number): Promise<void> {
  try {
    await page.waitForFunction(
      ({ selector, count }) => {
        const cards = [...document.querySelectorAll(selector)];
        return (
          cards.length === count &&
          cards.every((card) => {
            const img = card.querySelector('img');
            return img !== null && img.complete && img.naturalWidth > 0;
          })
        );
      },
      { selector: CARD, count },
      { timeout: SCAN_MS, polling: 250 },
    );
  } catch (err) {
    const seen = await page.evaluate((selector) => ({
      url: location.href,
      screen: document.body.innerText.slice(0, 300),
      cards: [...document.querySelectorAll(selector)].map((card) => ({
        text: card.textContent?.trim(),
        img: card.querySelector('img')?.src ?? null,
        naturalWidth: card.querySelector('img')?.naturalWidth ?? null,
      })),
    }), CARD);
    throw new Error(`the grid did not show ${count} titles with posters: ${JSON.stringify(seen)}`, { cause: err });
  }
}

/** Waits until video.js's <video> has played past `seconds`; answers the player's state if it never does. */
async function waitForPlayback(page: Page, seconds: number): Promise<void> {
  try {
    await page.waitForFunction(
      (seconds) => {
        const video = document.querySelector<HTMLVideoElement>('video.vjs-tech');
        return video !== null && video.currentTime > seconds;
      },
      seconds,
      { timeout: PLAY_MS, polling: 250 },
    );
  } catch (err) {
    const state = await page.evaluate(() => {
      const video = document.querySelector<HTMLVideoElement>('video.vjs-tech');
      return {
        screen: document.querySelector('main')?.textContent?.trim().slice(0, 200),
        video: video && {
          currentTime: video.currentTime,
          readyState: video.readyState,
          paused: video.paused,
          error: video.error?.message ?? null,
        },
        playerError: document.querySelector('.vjs-error-display')?.textContent?.trim() ?? null,
      };
    });
    throw new Error(`the video did not play past ${seconds} s: ${JSON.stringify(state)}`, { cause: err });
  }
}

/** Waits until the images inside `selector` have loaded (a screenshot with empty frames says nothing). */
async function waitForImages(page: Page, selector: string): Promise<void> {
  await page.waitForFunction(
    (selector) => [...document.querySelectorAll<HTMLImageElement>(`${selector} img`)].every((img) => img.complete && img.naturalWidth > 0),
    selector,
    { timeout: 10_000, polling: 100 },
  );
}

/** the page opened at the server's root comes back to '' (no hash); a redirect leads to '#/' */
const isLibraryHash = (hash: string) => hash === '' || hash === '#/';

/** The grid card that has focus, as "movie-3" or "series-1". */
const focusedCard = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el?.getAttribute('data-testid') === 'title-card' ? `${el.getAttribute('data-type')}-${el.getAttribute('data-id')}` : null;
  });

const cardKey = async (page: Page, title: string) => {
  const card = page.locator(CARD, { hasText: title });
  return `${await card.getAttribute('data-type')}-${await card.getAttribute('data-id')}`;
};

describeBrowser('web UI, first run and the Libraries page', () => {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  /** a copy of the demo library plus a file that is not a video, so the skipped list has something */
  let libraryDir = '';

  beforeAll(async () => {
    libraryDir = await copyOfDemoLibrary('seed-e2e-lib-');
    const broken = join(libraryDir, 'Broken (2001).mp4');
    await copyFile(clips.corrupt, broken);
    const anHourAgo = new Date(Date.now() - 3_600_000);
    await utimes(broken, anHourAgo, anHourAgo);
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (libraryDir) await rm(libraryDir, { recursive: true, force: true });
  });

  test(
    'first run: the server’s error for a bad path, then a grid of one movie and one series',
    async () => {
      const { page, pageErrors } = await openSession(browser!, server!.url);
      await page.getByTestId('first-run').waitFor();
      expect(new URL(page.url()).hash).toBe('#/setup');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Welcome to Seed');

      const missing = `${libraryDir}-does-not-exist`;
      await page.getByTestId('library-path').fill(missing);
      await page.getByTestId('add-library').click();
      const error = page.getByTestId('library-path-error');
      await error.waitFor();
      expect(await error.textContent()).toContain('is not an existing folder');
      expect(await error.textContent()).toContain(missing);
      await screenshot(page, 'first-run.png');

      await page.getByTestId('library-path').fill(libraryDir);
      await page.getByTestId('add-library').click();
      await waitForGrid(page, 2);
      expect(new URL(page.url()).hash).toBe('#/');

      const cards = await page.locator(CARD).evaluateAll((els) =>
        els.map((el) => ({
          title: el.querySelector('.title')?.textContent?.trim(),
          meta: el.querySelector('.meta')?.textContent?.trim(),
          href: el.getAttribute('href'),
        })),
      );
      expect(cards.map((card) => card.title)).toEqual(['Big Buck Test', 'Test Show']);
      expect(cards[0]?.meta).toMatch(/^2020 · \d s$/);
      expect(cards[0]?.href).toMatch(/^#\/item\/\d+$/);
      expect(cards[1]?.meta).toBe('2 episodes');
      expect(cards[1]?.href).toMatch(/^#\/series\/\d+$/);
      expect(await page.getByTestId('offline-badge').count()).toBe(0);

      await screenshot(page, 'grid.png');
      expect(pageErrors).toEqual([]);
    },
    TEST_MS,
  );

  test(
    'the Libraries page shows folders, counts and skipped files; Scan now rescans; Edit renames',
    async () => {
      const { page, pageErrors } = await openSession(browser!, `${server!.url}/#/`);
      await page.getByTestId('nav-manage').click();
      await page.getByTestId('nav-libraries').click();
      await page.waitForURL((url) => url.hash === '#/admin/libraries');

      const panel = page.getByTestId('library-panel');
      await panel.waitFor();
      expect(await panel.count()).toBe(1);
      expect(await page.getByTestId('library-folder').allTextContents()).toEqual([expect.stringContaining(libraryDir)]);
      expect(await page.getByTestId('folder-offline').count()).toBe(0);
      expect(await panel.getAttribute('data-item-count')).toBe('3');
      expect(await page.getByTestId('library-item-count').textContent()).toBe('3 videos');
      expect(await page.getByTestId('library-last-scan').textContent()).toMatch(/^(Last scan (just now|\d+ minutes? ago)|Scanning now)$/);

      const skipped = page.getByTestId('skipped-file');
      await skipped.first().waitFor();
      expect(await skipped.count()).toBe(1);
      const skippedText = await skipped.textContent();
      expect(skippedText).toContain(join(libraryDir, 'Broken (2001).mp4'));
      expect(skippedText).toContain('not a playable video');
      await screenshot(page, 'admin-libraries.png');

      // Scan now: the scan runs (maybe too fast to see) and the last-scan time moves on
      const before = await panel.getAttribute('data-last-scan-at');
      expect(before).not.toBe('');
      await page.getByTestId('scan-now').click();
      await page.waitForFunction(
        (before) => {
          const el = document.querySelector('[data-testid="library-panel"]');
          return el?.getAttribute('data-scanning') === 'false' && el.getAttribute('data-last-scan-at') !== before;
        },
        before,
        { timeout: SCAN_MS, polling: 200 },
      );
      expect(Date.parse((await panel.getAttribute('data-last-scan-at'))!)).toBeGreaterThan(Date.parse(before!));
      expect(await panel.getAttribute('data-item-count')).toBe('3');
      // the file is still unusable after the rescan
      await skipped.first().waitFor();

      await page.getByTestId('edit-library').click();
      const form = page.getByTestId('library-edit-form');
      await form.waitFor();
      expect(await page.getByTestId('library-folder-input').inputValue()).toBe(libraryDir);
      await page.getByTestId('library-name-input').fill('Family videos');
      await screenshot(page, 'admin-libraries-edit.png');
      await page.getByTestId('save-library').click();
      await form.waitFor({ state: 'detached' });
      await page.waitForFunction(() => document.querySelector('[data-testid="library-name"]')?.textContent?.trim() === 'Family videos');
      // the server kept it: a fresh load shows the new name
      await page.reload();
      await page.getByTestId('library-name').waitFor();
      expect(await page.getByTestId('library-name').textContent()).toBe('Family videos');
      // a remote's Back in the form closes the form, not the page
      await page.getByTestId('edit-library').click();
      await page.getByTestId('library-name-input').focus();
      await page.evaluate(() => document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: 'BrowserBack', bubbles: true, cancelable: true })));
      await form.waitFor({ state: 'detached' });
      expect(new URL(page.url()).hash).toBe('#/admin/libraries');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('edit-library');

      // Remove asks first; Cancel (which has focus) keeps the library
      await page.getByTestId('remove-library').click();
      await page.getByTestId('confirm-remove').waitFor();
      await page.keyboard.press('Escape');
      await page.getByTestId('confirm-remove').waitFor({ state: 'detached' });
      expect(await page.getByTestId('library-panel').count()).toBe(1);
      expect(new URL(page.url()).hash).toBe('#/admin/libraries');
      expect(pageErrors).toEqual([]);
    },
    TEST_MS,
  );
});

describeBrowser('web UI, with a library', () => {
  let server: TestServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer({ libraries: [demoLibrary] }), launchBrowser()]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test(
    'a movie’s page shows what it is and its files; Play plays it; Escape comes back to the page',
    async () => {
      const { page, pageErrors } = await openSession(browser!, server!.url);
      await waitForGrid(page, 2);
      const movie = page.locator(CARD, { hasText: 'Big Buck Test' });
      const id = await movie.getAttribute('data-id');
      await movie.click();

      await page.waitForURL((url) => url.hash === `#/item/${id}`);
      await page.getByTestId('title-page').waitFor();
      expect(await page.getByTestId('title-heading').textContent()).toBe('Big Buck Test');
      expect(await page.getByTestId('facts').textContent()).toMatch(/2020.*\d s/);
      await waitForImages(page, '[data-testid="title-page"]');
      // no fanart in the demo library: the backdrop is the poster, blurred
      expect(await page.getByTestId('backdrop').getAttribute('data-source')).toBe('poster');
      await screenshot(page, 'title.png');

      // File details: the path, the size, the codecs and how the name was read
      await page.getByTestId('file-details').locator('summary').click();
      const details = page.getByTestId('file-details');
      expect(await page.getByTestId('file-path').textContent()).toContain(join('Big Buck Test (2020)', 'Big Buck Test (2020).mp4'));
      expect(await details.textContent()).toMatch(/H264 · 320×180/);
      const parse = await page.getByTestId('parse-info').locator('tr').evaluateAll((rows) =>
        Object.fromEntries(rows.map((row) => [row.querySelector('th')?.textContent, row.querySelector('td')?.textContent])),
      );
      expect(parse).toMatchObject({ kind: 'movie', title: 'Big Buck Test', year: '2020' });
      await screenshot(page, 'title-file-details.png');

      await page.getByTestId('play').click();
      await page.waitForURL((url) => url.hash === `#/play/${id}`);
      await waitForPlayback(page, 0.5);
      expect(await page.getByTestId('player-title').textContent()).toBe('Big Buck Test (2020)');
      await screenshot(page, 'player.png');

      await page.keyboard.press('Escape');
      await page.waitForURL((url) => url.hash === `#/item/${id}`);
      await page.getByTestId('play').waitFor();
      // the player is disposed with its page
      expect(await page.locator('video').count()).toBe(0);
      expect(pageErrors).toEqual([]);
    },
    TEST_MS,
  );

  test(
    'a series’ page lists its episodes; a row plays its episode under “Series — S01E02”',
    async () => {
      const { page, pageErrors } = await openSession(browser!, server!.url);
      await waitForGrid(page, 2);
      const show = page.locator(CARD, { hasText: 'Test Show' });
      const id = await show.getAttribute('data-id');
      await show.click();

      await page.waitForURL((url) => url.hash === `#/series/${id}`);
      await page.getByTestId('series-page').waitFor();
      expect(await page.getByTestId('title-heading').textContent()).toBe('Test Show');
      expect(await page.getByTestId('season-tab').allTextContents()).toEqual([expect.stringContaining('Season 1')]);
      const rows = page.locator(EPISODE);
      await rows.first().waitFor();
      expect(await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-code')))).toEqual(['S01E01', 'S01E02']);
      expect(await page.getByTestId('play').textContent()).toContain('Play S01E01');
      await waitForImages(page, '[data-testid="series-page"]');
      await screenshot(page, 'series.png');

      const second = page.locator(EPISODE, { hasText: 'S01E02' });
      const episodeId = await second.getAttribute('data-id');
      await second.click();
      await page.waitForURL((url) => url.hash === `#/play/${episodeId}`);
      await waitForPlayback(page, 0.5);
      expect(await page.getByTestId('player-title').textContent()).toMatch(/^Test Show — S01E02/);
      await screenshot(page, 'player-episode.png');

      // back on the series page, focus is on the row that was played
      await page.keyboard.press('Backspace');
      await page.waitForURL((url) => url.hash === `#/series/${id}`);
      await page.waitForFunction((id) => document.activeElement?.getAttribute('data-id') === id, episodeId);
      expect(pageErrors).toEqual([]);
    },
    TEST_MS,
  );

  test(
    'arrow keys move between cards, Enter opens a title, Escape and Backspace come back to the same card',
    async () => {
      const { page, pageErrors } = await openSession(browser!, server!.url);
      await waitForGrid(page, 2);
      const movie = await cardKey(page, 'Big Buck Test');
      const show = await cardKey(page, 'Test Show');
      const boxes = await page.locator(CARD).evaluateAll((els) => els.map((el) => el.getBoundingClientRect().y));
      expect(Math.abs(boxes[0]! - boxes[1]!), 'the viewport fits two cards side by side').toBeLessThan(2);

      // with nothing focused, the first arrow press lands on the first card
      await page.keyboard.press('ArrowRight');
      expect(await focusedCard(page)).toBe(movie);
      await page.keyboard.press('ArrowRight');
      expect(await focusedCard(page)).toBe(show);
      await page.keyboard.press('ArrowLeft');
      expect(await focusedCard(page)).toBe(movie);

      // Enter opens the movie's page with Play focused; Enter again starts it, Escape comes back
      await page.keyboard.press('Enter');
      await page.waitForURL((url) => url.hash === `#/item/${movie.split('-')[1]}`);
      await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'play');
      await page.keyboard.press('Enter');
      await page.waitForURL((url) => url.hash.startsWith('#/play/'));
      await page.keyboard.press('Escape');
      await page.waitForURL((url) => url.hash === `#/item/${movie.split('-')[1]}`);
      await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'play');

      await page.keyboard.press('Escape');
      await page.waitForURL((url) => isLibraryHash(url.hash));
      await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'title-card');
      expect(await focusedCard(page)).toBe(movie);

      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Enter');
      await page.waitForURL((url) => url.hash === `#/series/${show.split('-')[1]}`);
      await page.locator(EPISODE).first().waitFor();
      // Play has focus; down reaches the first episode, up from there the season tabs
      await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'play');
      await page.keyboard.press('ArrowDown');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-code'))).toBe('S01E01');
      await page.keyboard.press('ArrowUp');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('season-tab');

      await page.keyboard.press('Backspace');
      await page.waitForURL((url) => isLibraryHash(url.hash));
      await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'title-card');
      expect(await focusedCard(page)).toBe(show);
      expect(pageErrors).toEqual([]);
    },
    TEST_MS,
  );

  test(
    'a title being prepared shows its progress; a failed one shows why and Retry asks again; an offline one says so',
    async () => {
      const { page, pageErrors } = await openSession(browser!, server!.url);
      await waitForGrid(page, 2);
      const id = await page.locator(CARD, { hasText: 'Big Buck Test' }).getAttribute('data-id');

      // a failed transcode is hard to provoke for real; the server's answers are replaced instead
      // (the player sends what it plays in the query, so the path alone is matched)
      const PLAYBACK = (url: URL) => /^\/api\/items\/\d+\/playback$/.test(url.pathname);
      let state: 'running' | 'failed' = 'running';
      const fakePlayback = (route: Route) =>
        route.fulfill({
          json: {
            method: 'hls',
            url: null,
            ready: false,
            reason: state === 'running' ? 'transcoding: preparing HLS (42 %)' : 'transcoding failed',
            transcode:
              state === 'running'
                ? { status: 'running', progress: 0.42, error: null }
                : { status: 'failed', progress: 0.42, error: 'ffmpeg exited with code 1: no video stream' },
          },
        });
      await page.route(PLAYBACK, fakePlayback);

      await page.goto(`${server!.url}/#/play/${id}`);
      const preparing = page.getByTestId('preparing');
      await preparing.waitFor();
      expect((await preparing.textContent())?.replace(/\s+/g, ' ')).toContain('Preparing… 42 %');
      await screenshot(page, 'preparing.png');

      state = 'failed';
      const retry = page.getByTestId('retry');
      await retry.waitFor();
      expect(await page.locator('main').textContent()).toContain('ffmpeg exited with code 1: no video stream');
      await screenshot(page, 'failed.png');

      await page.unroute(PLAYBACK, fakePlayback);
      const retryRequest = page.waitForRequest((r) => r.url().includes('/playback'));
      await retry.click();
      // Retry asks the server to queue the failed transcode again; plain polls never do
      expect(new URL((await retryRequest).url()).searchParams.get('retry')).toBe('true');
      await waitForPlayback(page, 0.5);

      // an unplugged disk: the server answers 503 offline, the page says so and offers to try again
      const offline = (route: Route) =>
        route.fulfill({ status: 503, json: { code: 'offline', message: 'Big Buck Test is offline: its folder cannot be reached right now' } });
      await page.route(PLAYBACK, offline);
      await page.goto(`${server!.url}/#/`);
      await page.goto(`${server!.url}/#/play/${id}`);
      await page.getByText('This title is offline').waitFor();
      expect(await page.locator('main').textContent()).toContain('its folder cannot be reached right now');
      await screenshot(page, 'offline.png');
      await page.unroute(PLAYBACK, offline);
      expect(pageErrors).toEqual([]);
    },
    TEST_MS,
  );
});
