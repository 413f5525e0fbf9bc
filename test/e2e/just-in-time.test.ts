// A title nobody transcoded yet plays at once in a real browser: the queue is paused (no ladder, no
// head start), video.js loads the up-front playlists and every segment is made as it is asked for;
// a seek far ahead plays too. Then the ladder is made and the same URLs serve it.
import { rm } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { describeBrowser, launchBrowser, screenshot } from '../helpers/browser.js';
import { nightTrainLibrary } from '../helpers/long-clip.js';
import { startTestServer, waitFor, type TestServer } from '../helpers/server.js';

const PLAY_MS = 45_000;
const TEST_MS = 120_000;

const api = async (server: TestServer, path: string, init?: RequestInit) => {
  const res = await fetch(`${server.url}${path}`, { ...init, headers: { 'content-type': 'application/json', ...init?.headers } });
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
};

async function playedPast(page: Page, seconds: number): Promise<void> {
  await page.waitForFunction(
    (seconds) => {
      const video = document.querySelector<HTMLVideoElement>('video.vjs-tech');
      return video !== null && video.currentTime > seconds && !video.paused;
    },
    seconds,
    { timeout: PLAY_MS, polling: 100 },
  );
}

describeBrowser('just-in-time playback', () => {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  let libraryDir = '';

  beforeAll(async () => {
    // MPEG-4 Part 2: no browser plays it as it is, so the player gets HLS
    libraryDir = await nightTrainLibrary();
    server = await startTestServer({ config: { segmentSeconds: 2 } });
    await api(server, '/api/jobs/pause', { method: 'POST' });
    await api(server, '/api/libraries', { method: 'POST', body: JSON.stringify({ path: libraryDir, kind: 'movies' }) });
    browser = await launchBrowser();
  }, TEST_MS);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rm(libraryDir, { recursive: true, force: true });
  });

  test(
    'plays at once without a ladder, seeks far ahead, then the finished ladder takes over',
    async () => {
      const { url } = server!;
      const { titles } = await waitFor(async () => {
        const body = (await api(server!, '/api/titles')) as { titles: { id: number }[] };
        return body.titles.length === 1 ? body : undefined;
      }, 'the scan');
      const id = titles[0]!.id;
      const playback = await api(server!, `/api/items/${id}/playback`);
      expect(playback).toMatchObject({ method: 'hls', ready: true, url: expect.stringMatching(new RegExp(`^/api/items/${id}/hls/master\\.m3u8\\?token=`)), transcode: { status: 'queued' } });
      expect(playback.reason).toMatch(/^transcoding: this browser cannot play MPEG4; HLS just in time/);
      // stream URLs carry the token /playback signed
      const token = new URL(playback.url, url).searchParams.get('token');

      const page = await browser!.newPage({ viewport: { width: 1280, height: 800 } });
      const pageErrors: string[] = [];
      page.on('pageerror', (err) => pageErrors.push(err.message));
      const segments: string[] = [];
      page.on('response', (res) => {
        const { pathname } = new URL(res.url());
        if (pathname.endsWith('.ts')) segments.push(`${res.status()} ${pathname.split('/hls/')[1]}`);
      });
      await page.goto(`${url}/#/play/${id}`);
      await playedPast(page, 1.5);
      await screenshot(page, 'just-in-time-playing.png');
      expect(segments.length).toBeGreaterThan(0);
      expect(segments.every((s) => s.startsWith('200 '))).toBe(true);

      // a seek far ahead (into segment 4 of 6) plays too
      await page.evaluate(() => {
        const video = document.querySelector<HTMLVideoElement>('video.vjs-tech')!;
        video.currentTime = 8.5;
      });
      await playedPast(page, 9);
      expect(segments.some((s) => /seg-0000[45]\.ts$/.test(s))).toBe(true);

      // starting at a resume point is a seek before anything there is buffered: the player asks for
      // that segment itself at once (a fetch, seek-ahead.ts), before VHS's own request (an XHR)
      const resumed = await browser!.newPage({ viewport: { width: 1280, height: 800 } });
      const askedThere: string[] = [];
      resumed.on('request', (req) => {
        const { pathname } = new URL(req.url());
        if (pathname.endsWith('.ts')) askedThere.push(`${req.resourceType()} ${pathname.split('/hls/')[1]!.split('/')[1]}`);
      });
      await resumed.goto(`${url}/#/play/${id}?t=8.5`);
      await playedPast(resumed, 9);
      const sought = askedThere.filter((a) => a.endsWith('seg-00004.ts'));
      expect(sought[0], askedThere.join(', ')).toBe('fetch seg-00004.ts');
      expect(sought.length, askedThere.join(', ')).toBeLessThanOrEqual(2);
      await resumed.close();

      // a player open for over an hour renews its stream token (they last 6 hours): every request VHS
      // makes from then on carries the fresh one (the page's clock is moved on by an hour)
      const renewing = await browser!.newPage({ viewport: { width: 1280, height: 800 } });
      await renewing.clock.install();
      const streamTokens: { path: string; token: string | null }[] = [];
      renewing.on('request', (req) => {
        const url = new URL(req.url());
        if (/\/hls\//.test(url.pathname)) streamTokens.push({ path: url.pathname.split('/hls/')[1]!, token: url.searchParams.get('token') });
      });
      await renewing.goto(`${url}/#/play/${id}`);
      await playedPast(renewing, 1);
      const first = streamTokens[0]!.token!;
      await new Promise((resolve) => setTimeout(resolve, 1100)); // a token signed a second later differs
      const renewed = renewing.waitForResponse((res) => new URL(res.url()).pathname === `/api/items/${id}/playback`);
      await renewing.clock.fastForward('01:00:05');
      const fresh = new URL(((await (await renewed).json()) as { url: string }).url, url).searchParams.get('token')!;
      expect(fresh).not.toBe(first);
      // the next request VHS makes (a segment asked through its own request path, with the URI its
      // playlist gave it: the old token) carries the fresh token
      const before = streamTokens.length;
      const oldUri = `${url}/api/items/${id}/hls/0/seg-00001.ts?token=${encodeURIComponent(first)}`;
      await renewing.evaluate((uri) => {
        const player = (document.querySelector('.video-js') as unknown as { player: { tech(o: object): { vhs: { xhr(o: { uri: string }, done: () => void): void } } } }).player;
        player.tech({ IWillNotUseThisInPlugins: true }).vhs.xhr({ uri }, () => undefined);
      }, oldUri);
      await waitFor(() => (streamTokens.length > before ? true : undefined), 'a request after the renewal', 20_000);
      expect(streamTokens.slice(before)).toEqual([{ path: '0/seg-00001.ts', token: fresh }]);
      await renewing.close();

      // the queue never ran: every segment was made just in time
      const queue = (await api(server!, '/api/jobs')) as { jobs: { kind: string; status: string }[] };
      expect(queue.jobs.filter((j) => j.status === 'done')).toEqual([]);

      // the ladder is made; the same URLs now serve it, measured
      await api(server!, '/api/jobs/resume', { method: 'POST' });
      await waitFor(async () => (await api(server!, `/api/items/${id}/playback`)).transcode.status === 'done', 'the ladder', 90_000);
      const master = await (await fetch(`${url}/api/items/${id}/hls/master.m3u8?token=${token}`)).text();
      expect(master).toContain('RESOLUTION=640x360');
      expect(master).toContain(`1/index.m3u8?token=${token}`);
      const made = await fetch(`${url}/api/items/${id}/hls/1/seg-00002.ts?token=${token}`);
      expect(made.status).toBe(200);
      expect(pageErrors).toEqual([]);
      await page.close();
    },
    TEST_MS,
  );
});
