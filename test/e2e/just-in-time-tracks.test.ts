// A title with two audio languages and subtitles, played before its ladder is made (the queue is
// paused): a profile that prefers French audio and English subtitles gets both at once, in a real
// browser, from segments and WebVTT made as they are asked for; the audio menu offers both languages.
import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { describeBrowser, launchBrowser, screenshot } from '../helpers/browser.js';
import { longMultiClip } from '../helpers/long-clip.js';
import { startTestServer, tempDir, waitFor, type TestServer } from '../helpers/server.js';

const PLAY_MS = 45_000;
const TEST_MS = 120_000;

const api = async <T>(server: TestServer, path: string, init?: RequestInit): Promise<T> => {
  const res = await fetch(`${server.url}${path}`, { ...init, headers: { 'content-type': 'application/json', ...init?.headers } });
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
};

describeBrowser('just-in-time playback of other languages and subtitles', () => {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  let libraryDir = '';
  let id = 0;

  beforeAll(async () => {
    libraryDir = await tempDir('seed-lib-');
    const folder = join(libraryDir, 'Two Voices (2019)');
    await mkdir(folder);
    await cp(await longMultiClip(), join(folder, 'Two Voices (2019).mkv'));
    await writeFile(join(folder, 'Two Voices (2019).de.srt'), '1\n00:00:01,000 --> 00:00:03,000\nHallo\n');
    [server, browser] = await Promise.all([startTestServer({ config: { segmentSeconds: 2 } }), launchBrowser()]);
    await api(server, '/api/jobs/pause', { method: 'POST' });
    await api(server, '/api/libraries', { method: 'POST', body: JSON.stringify({ path: libraryDir, kind: 'movies' }) });
    const { titles } = await waitFor(async () => {
      const body = await api<{ titles: { id: number }[] }>(server!, '/api/titles');
      return body.titles.length === 1 ? body : undefined;
    }, 'the scan');
    id = titles[0]!.id;
  }, TEST_MS);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (libraryDir) await rm(libraryDir, { recursive: true, force: true });
  });

  test(
    "a profile's French audio and English subtitles, before the ladder is made",
    async () => {
      // the only profile (no sign-in needed) prefers French audio and English subtitles
      server!.seed.db.prepare(`UPDATE profiles SET audio_language = 'fr', subtitle_language = 'en' WHERE id = 1`).run();
      const playback = await api<{ reason: string }>(server!, `/api/items/${id}/playback`);
      expect(playback.reason).toContain('HLS just in time');

      const page = await browser!.newPage({ viewport: { width: 1280, height: 720 } });
      const pageErrors: string[] = [];
      page.on('pageerror', (err) => pageErrors.push(err.message));
      const asked: string[] = [];
      page.on('response', (res) => {
        const { pathname } = new URL(res.url());
        if (pathname.includes('/hls/')) asked.push(`${res.status()} ${pathname.split('/hls/')[1]}`);
      });
      await page.goto(`${server!.url}/#/play/${id}`);
      // French is the audio playing, English the subtitles shown, and a cue is on the screen
      await page.waitForFunction(
        () => {
          const player = (document.querySelector('.video-js') as (Element & { player?: { audioTracks(): ArrayLike<{ language: string; enabled: boolean }>; textTracks(): ArrayLike<TextTrack> } }) | null)?.player;
          const video = document.querySelector<HTMLVideoElement>('video.vjs-tech');
          if (!player || !video || video.paused) return false;
          const audio = Array.from(player.audioTracks()).find((t) => t.enabled);
          const shown = Array.from(player.textTracks()).find((t) => t.mode === 'showing' && t.kind === 'subtitles');
          return audio?.language.startsWith('fr') && shown?.language.startsWith('en') && /Cue \d at \ds/.test(document.querySelector('.vjs-text-track-display')?.textContent ?? '');
        },
        undefined,
        { timeout: PLAY_MS, polling: 100 },
      );
      await screenshot(page, 'just-in-time-languages.png');
      // the French track's segments and the English WebVTT were made just in time and served
      expect(asked.some((a) => /^200 a1\/seg-\d{5}\.ts$/.test(a)), asked.join(', ')).toBe(true);
      expect(asked, asked.join(', ')).toContain('200 s0/sub.vtt');
      expect(asked.filter((a) => !a.startsWith('200 ')), asked.join(', ')).toEqual([]);
      // the menus offer both languages and the three subtitles (English, German, none)
      const menus = await page.evaluate(() => {
        const player = (document.querySelector('.video-js') as Element & { player: { audioTracks(): ArrayLike<{ label: string }>; textTracks(): ArrayLike<TextTrack> } }).player;
        return {
          audio: Array.from(player.audioTracks()).map((t) => t.label),
          subtitles: Array.from(player.textTracks()).filter((t) => t.kind === 'subtitles').map((t) => t.language),
        };
      });
      expect(menus.audio).toEqual(['English', 'French']);
      expect(menus.subtitles.sort()).toEqual(['de', 'en']);
      // nothing was transcoded by the queue
      const queue = await api<{ jobs: { status: string }[] }>(server!, '/api/jobs');
      expect(queue.jobs.filter((j) => j.status === 'done')).toEqual([]);
      expect(pageErrors).toEqual([]);
      await page.close();
    },
    TEST_MS,
  );
});
