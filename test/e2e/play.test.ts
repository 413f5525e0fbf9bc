// The whole path in a real browser: first run → add a library → grid with posters → play (HLS via video.js).
import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { describeBrowser, launchBrowser, screenshot } from '../helpers/browser.js';
import { demoLibrary } from '../helpers/clips.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

// generous: the first play of a title waits for its transcode, and CI machines are slow
const SCAN_MS = 60_000;
const PLAY_MS = 60_000;
const TEST_MS = 150_000;

const CARD = '[data-testid="title-card"]';

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

/** the page opened at the server's root comes back to '' (no hash); a redirect leads to '#/' */
const isLibraryHash = (hash: string) => hash === '' || hash === '#/';

const activeItemId = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-item-id') ?? null);

describeBrowser('web UI, first run', () => {
  let server: TestServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test(
    'opens on the first-run page, shows the server’s error for a bad path, then fills the grid',
    async () => {
      const { page, pageErrors } = await openSession(browser!, server!.url);
      await page.getByTestId('first-run').waitFor();
      expect(new URL(page.url()).hash).toBe('#/setup');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Welcome to Seed');

      const missing = `${demoLibrary}-does-not-exist`;
      await page.getByTestId('library-path').fill(missing);
      await page.getByTestId('add-library').click();
      const error = page.getByTestId('library-path-error');
      await error.waitFor();
      expect(await error.textContent()).toContain('is not an existing folder');
      expect(await error.textContent()).toContain(missing);
      await screenshot(page, 'first-run.png');

      await page.getByTestId('library-path').fill(demoLibrary);
      await page.getByTestId('add-library').click();
      await waitForGrid(page, 3);
      expect(new URL(page.url()).hash).toBe('#/');

      const cards = await page.locator(CARD).evaluateAll((els) =>
        els.map((el) => ({
          title: el.querySelector('.title')?.textContent?.trim(),
          meta: el.querySelector('.meta')?.textContent?.trim(),
          href: el.getAttribute('href'),
        })),
      );
      expect(cards.map((card) => card.title)).toEqual(['Big Buck Test', 'Test Show', 'Test Show']);
      expect(cards[0]?.meta).toMatch(/^2020 · /);
      expect(cards[1]?.meta).toMatch(/^S01E01/);
      expect(cards[2]?.meta).toMatch(/^S01E02/);
      for (const card of cards) expect(card.href).toMatch(/^#\/play\/\d+$/);

      await screenshot(page, 'grid.png');
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
    'clicking a title plays it, and Escape returns to the grid',
    async () => {
      const { page, pageErrors } = await openSession(browser!, server!.url);
      await waitForGrid(page, 3);
      const movie = page.locator(CARD, { hasText: 'Big Buck Test' });
      const id = await movie.getAttribute('data-item-id');
      await movie.click();

      await page.waitForURL((url) => url.hash === `#/play/${id}`);
      await waitForPlayback(page, 0.5);
      expect(await page.getByTestId('player-title').textContent()).toBe('Big Buck Test (2020)');
      await screenshot(page, 'player.png');

      await page.keyboard.press('Escape');
      await page.waitForURL((url) => isLibraryHash(url.hash));
      await page.locator(CARD).first().waitFor();
      // the player is disposed with its page
      expect(await page.locator('video').count()).toBe(0);
      expect(pageErrors).toEqual([]);
    },
    TEST_MS,
  );

  test(
    'arrow keys move focus between cards, Enter plays, Backspace comes back to the same card',
    async () => {
      const { page, pageErrors } = await openSession(browser!, server!.url);
      await waitForGrid(page, 3);
      const boxes = await page.locator(CARD).evaluateAll((els) =>
        els.map((el) => {
          const box = el.getBoundingClientRect();
          return { id: el.getAttribute('data-item-id'), x: box.x, y: box.y };
        }),
      );
      const [first] = boxes;
      // the card right of the first one, by geometry, not by document order
      const right = boxes
        .filter((box) => Math.abs(box.y - first!.y) < 2 && box.x > first!.x)
        .sort((a, b) => a.x - b.x)[0];
      expect(right, 'the viewport fits two cards side by side').toBeDefined();

      // with nothing focused, the first arrow press lands on the first card
      await page.keyboard.press('ArrowRight');
      expect(await activeItemId(page)).toBe(first!.id);
      await page.keyboard.press('ArrowRight');
      expect(await activeItemId(page)).toBe(right!.id);
      await page.keyboard.press('ArrowLeft');
      expect(await activeItemId(page)).toBe(first!.id);
      await page.keyboard.press('ArrowRight');

      await page.keyboard.press('Enter');
      await page.waitForURL((url) => url.hash === `#/play/${right!.id}`);
      await waitForPlayback(page, 0.5);

      await page.keyboard.press('Backspace');
      await page.waitForURL((url) => isLibraryHash(url.hash));
      await page.waitForFunction((id) => document.activeElement?.getAttribute('data-item-id') === id, right!.id);
      expect(pageErrors).toEqual([]);
    },
    TEST_MS,
  );

  test(
    'a title being prepared shows its progress; a failed one shows why and Retry asks again',
    async () => {
      const { page, pageErrors } = await openSession(browser!, server!.url);
      await waitForGrid(page, 3);
      const id = await page.locator(CARD).last().getAttribute('data-item-id');

      // a failed transcode is hard to provoke for real; the server's answers are replaced instead
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
      await page.route('**/api/items/*/playback', fakePlayback);

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

      await page.unroute('**/api/items/*/playback', fakePlayback);
      const retryRequest = page.waitForRequest((r) => r.url().includes('/playback'));
      await retry.click();
      // Retry asks the server to queue the failed transcode again; plain polls never do
      expect(new URL((await retryRequest).url()).searchParams.get('retry')).toBe('true');
      await waitForPlayback(page, 0.5);
      expect(pageErrors).toEqual([]);
    },
    TEST_MS,
  );
});
