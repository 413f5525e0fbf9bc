// The player reports what it saw: a session with its start time, and the position on pause, which is
// where the title starts next time (the profile's resume point, with a start and a pause in its watch
// history, and the title on its Continue watching) — in a real browser against the real server.
import { rm } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { HistoryPageDto, ResumeDto, SessionListDto, WatchListDto } from '../../server/src/http/api-types.js';
import { describeBrowser, launchBrowser } from '../helpers/browser.js';
import { nightTrainLibrary } from '../helpers/long-clip.js';
import { startTestServer, waitFor, type TestServer } from '../helpers/server.js';

const TEST_MS = 120_000;

describeBrowser('sessions and resume points from the player', () => {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  let libraryDir = '';
  const api = async <T>(path: string, init?: RequestInit): Promise<T> => {
    const res = await fetch(`${server!.url}${path}`, { ...init, headers: { 'content-type': 'application/json' } });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    // MPEG-4 Part 2: no browser plays it as it is, so the player gets HLS
    libraryDir = await nightTrainLibrary();
    server = await startTestServer({ config: { segmentSeconds: 2 } });
    await api('/api/libraries', { method: 'POST', body: JSON.stringify({ path: libraryDir, kind: 'movies' }) });
    browser = await launchBrowser();
  }, TEST_MS);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rm(libraryDir, { recursive: true, force: true });
  });

  test(
    'a play is a session with its start time; paused at 10.5 s, the next play starts there',
    async () => {
      const { titles } = await waitFor(async () => {
        const body = await api<{ titles: { id: number }[] }>('/api/titles');
        return body.titles.length === 1 ? body : undefined;
      }, 'the scan');
      const id = titles[0]!.id;
      const page = await browser!.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(`${server!.url}/#/play/${id}`);
      await page.waitForFunction(() => (document.querySelector<HTMLVideoElement>('video.vjs-tech')?.currentTime ?? 0) > 0.5, undefined, { timeout: 45_000 });
      await page.evaluate(() => {
        document.querySelector<HTMLVideoElement>('video.vjs-tech')!.currentTime = 10.5;
      });
      await page.waitForFunction(() => (document.querySelector<HTMLVideoElement>('video.vjs-tech')?.currentTime ?? 0) >= 10.5, undefined, { timeout: 30_000 });
      await page.evaluate(() => document.querySelector<HTMLVideoElement>('video.vjs-tech')!.pause());

      const resume = await waitFor(async () => {
        const r = await api<ResumeDto>(`/api/items/${id}/resume`);
        return r.positionMs >= 10_000 ? r : undefined;
      }, 'the resume point', 20_000);
      expect(resume.positionMs).toBeLessThan(11_500);
      expect(resume).toMatchObject({ played: false, playCount: 0 });
      // the profile's history has the start and the pause (told apart from a periodic report)
      const { events } = await api<HistoryPageDto>('/api/history');
      expect(events.filter((e) => e.itemId === id).map((e) => e.kind)).toEqual(expect.arrayContaining(['start', 'pause']));
      expect(events.find((e) => e.kind === 'pause')!.positionMs).toBe(resume.positionMs);
      expect((await api<WatchListDto>('/api/continue-watching')).items.map((e) => e.item.id)).toEqual([id]);
      const { sessions } = await api<SessionListDto>('/api/sessions?active=true');
      expect(sessions).toHaveLength(1);
      expect(sessions[0]).toMatchObject({ itemId: id, method: 'hls', active: true });
      expect(sessions[0]!.startupMs).toBeGreaterThan(0);

      // the next play of the title starts where it was left
      await page.goto(`${server!.url}/#/`);
      await page.goto(`${server!.url}/#/play/${id}`);
      await page.waitForFunction(() => (document.querySelector<HTMLVideoElement>('video.vjs-tech')?.currentTime ?? 0) >= 10, undefined, { timeout: 30_000 });
      await page.close();
    },
    TEST_MS,
  );

  test(
    "Back from the player: the title's page says where the profile just stopped, not where it stopped before",
    async () => {
      const { titles } = await api<{ titles: { id: number }[] }>('/api/titles');
      const id = titles[0]!.id;
      const page = await browser!.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(`${server!.url}/#/item/${id}`);
      await page.getByTestId('watch-state').waitFor();
      expect(await page.getByTestId('watch-state').textContent()).toMatch(/^Stopped at 0:1[01]\b/); // the test above
      await page.goto(`${server!.url}/#/play/${id}`);
      await page.waitForFunction(() => (document.querySelector<HTMLVideoElement>('video.vjs-tech')?.currentTime ?? 0) >= 10, undefined, { timeout: 45_000 });
      // back to 3 s and on past 4 s, playing (no pause: nothing reported until the player goes), then Back
      await page.evaluate(() => {
        document.querySelector<HTMLVideoElement>('video.vjs-tech')!.currentTime = 3;
      });
      await page.waitForFunction(
        () => {
          const t = document.querySelector<HTMLVideoElement>('video.vjs-tech')?.currentTime ?? 0;
          return t >= 4 && t < 9;
        },
        undefined,
        { timeout: 30_000 },
      );
      // the player's last report takes a while to arrive (a busy server, a slow Wi-Fi)
      await page.route('**/api/sessions/*/events', async (route) => {
        await new Promise((r) => setTimeout(r, 600));
        await route.continue();
      });
      await page.keyboard.press('Escape');
      await page.waitForURL(new RegExp(`#/item/${id}$`));
      await page.getByTestId('watch-state').waitFor();
      // stopped at 4 s: too early to keep a resume point, so the 10.5 s one above is gone (the page read
      // before the player's last report said "Stopped at 0:10")
      expect(await page.getByTestId('watch-state').textContent()).toBe('Not played yet');
      expect((await api<ResumeDto>(`/api/items/${id}/resume`)).positionMs).toBe(0);
      await page.close();
    },
    TEST_MS,
  );
});
