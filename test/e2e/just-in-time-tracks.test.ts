// A title with two audio languages and subtitles, played before its ladder is made (the queue is
// paused): a profile that prefers French audio and English subtitles gets both at once, in a real
// browser, from segments and WebVTT made as they are asked for; the audio menu offers both languages.
// An MP4 the browser plays as it is: its sidecar subtitles are offered too, and choosing its French
// track in the audio menu goes on in HLS (which carries it) from the same point.
import { cp, mkdir, rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { describeBrowser, launchBrowser, screenshot } from '../helpers/browser.js';
import { createRunFfmpeg, locateTool } from '../../transcoder/src/index.js';
import type { PlaybackDto } from '../../server/src/http/api-types.js';
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
  let mp4Id = 0;
  let mkvId = 0;

  beforeAll(async () => {
    libraryDir = await tempDir('seed-lib-');
    const folder = join(libraryDir, 'Two Voices (2019)');
    await mkdir(folder);
    await cp(await longMultiClip(), join(folder, 'Two Voices (2019).mkv'));
    await writeFile(join(folder, 'Two Voices (2019).de.srt'), '1\n00:00:01,000 --> 00:00:03,000\nHallo\n');
    // the signs of the English version only: shown by themselves to a profile that wants no subtitles
    await writeFile(join(folder, 'Two Voices (2019).en.forced.srt'), '1\n00:00:00,300 --> 00:00:11,000\nA SIGN ON THE WALL\n');
    // the same in H.264 and AAC in MP4, which a browser plays as it is, with an English sidecar
    const mp4 = join(libraryDir, 'Plain Voices (2020)');
    await mkdir(mp4);
    await createRunFfmpeg(locateTool('ffmpeg', null)!.path)([
      '-nostdin', '-loglevel', 'error', '-i', await longMultiClip(), '-map', '0:v', '-map', '0:a', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'copy',
      '-disposition:a:0', 'default', '-disposition:a:1', '0', '-movflags', '+faststart', '-y', join(mp4, 'Plain Voices (2020).mp4'),
    ]);
    await writeFile(join(mp4, 'Plain Voices (2020).en.srt'), '1\n00:00:00,200 --> 00:00:11,000\nFrom the file next to it\n');
    // and copied into Matroska, which a browser plays once remuxed
    const mkv = join(libraryDir, 'Copied Voices (2020)');
    await mkdir(mkv);
    await createRunFfmpeg(locateTool('ffmpeg', null)!.path)(['-nostdin', '-loglevel', 'error', '-i', join(mp4, 'Plain Voices (2020).mp4'), '-map', '0', '-c', 'copy', '-y', join(mkv, 'Copied Voices (2020).mkv')]);
    await cp(join(mp4, 'Plain Voices (2020).en.srt'), join(mkv, 'Copied Voices (2020).en.srt'));
    // old timestamps: the scanner holds back files changed in the last 2 s
    const anHourAgo = new Date(Date.now() - 3_600_000);
    for (const f of [join(mp4, 'Plain Voices (2020).mp4'), join(mp4, 'Plain Voices (2020).en.srt'), join(mkv, 'Copied Voices (2020).mkv'), join(mkv, 'Copied Voices (2020).en.srt')]) await utimes(f, anHourAgo, anHourAgo);
    [server, browser] = await Promise.all([startTestServer({ config: { segmentSeconds: 2 } }), launchBrowser()]);
    await api(server, '/api/jobs/pause', { method: 'POST' });
    await api(server, '/api/libraries', { method: 'POST', body: JSON.stringify({ path: libraryDir, kind: 'movies' }) });
    const { titles } = await waitFor(async () => {
      const body = await api<{ titles: { id: number; title: string }[] }>(server!, '/api/titles');
      return body.titles.length === 3 ? body : undefined;
    }, 'the scan');
    id = titles.find((t) => t.title === 'Two Voices')!.id;
    mp4Id = titles.find((t) => t.title === 'Plain Voices')!.id;
    mkvId = titles.find((t) => t.title === 'Copied Voices')!.id;
  }, TEST_MS);

  /** A desktop-sized page whose uncaught errors are kept (in `pageErrors` when given). */
  const newPage = async (pageErrors: string[] = []) => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 720 } });
    page.on('pageerror', (err) => pageErrors.push(err.message));
    return { page, pageErrors };
  };

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

      const { page, pageErrors } = await newPage();
      const asked: string[] = [];
      const consoleErrors: string[] = [];
      page.on('console', (m) => (m.type() === 'error' ? consoleErrors.push(m.text()) : undefined));
      page.on('response', (res) => {
        const { pathname } = new URL(res.url());
        if (pathname.includes('/hls/')) asked.push(`${res.status()} ${pathname.split('/hls/')[1]}`);
        if (pathname === '/undefined') asked.push('/undefined');
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
      expect(consoleErrors).toEqual([]);
      // the menus offer both languages and the subtitles (the forced English one too)
      const menus = await page.evaluate(() => {
        const player = (document.querySelector('.video-js') as Element & { player: { audioTracks(): ArrayLike<{ label: string }>; textTracks(): ArrayLike<TextTrack> } }).player;
        return {
          audio: Array.from(player.audioTracks()).map((t) => t.label),
          subtitles: Array.from(player.textTracks()).filter((t) => t.kind === 'subtitles').map((t) => t.label),
        };
      });
      expect(menus.audio).toEqual(['English', 'French']);
      expect(menus.subtitles.sort()).toEqual(['English', 'English (forced)', 'German']);
      // nothing was transcoded by the queue
      const queue = await api<{ jobs: { status: string }[] }>(server!, '/api/jobs');
      expect(queue.jobs.filter((j) => j.status === 'done')).toEqual([]);
      expect(pageErrors).toEqual([]);
      await page.close();
    },
    TEST_MS,
  );

  test(
    'a profile that wants no subtitles sees the forced ones in the language it hears; one that wants English gets the full ones',
    async () => {
      server!.seed.db.prepare(`UPDATE profiles SET audio_language = NULL, subtitle_language = NULL WHERE id = 1`).run();
      const playback = await api<PlaybackDto>(server!, `/api/items/${id}/playback`);
      expect(playback.forcedSubtitles).toEqual(['English (forced)']);
      const { page, pageErrors } = await newPage();
      await page.goto(`${server!.url}/#/play/${id}`);
      const showing = () =>
        page.evaluate(() => {
          const player = (document.querySelector('.video-js') as (Element & { player?: { textTracks(): ArrayLike<TextTrack> } }) | null)?.player;
          return Array.from(player?.textTracks() ?? []).filter((t) => t.mode === 'showing' && t.kind === 'subtitles').map((t) => t.label);
        });
      await page.waitForFunction(() => document.querySelector('.vjs-text-track-display')?.textContent?.includes('A SIGN ON THE WALL'), undefined, { timeout: PLAY_MS, polling: 100 });
      expect(await showing()).toEqual(['English (forced)']);
      await page.close();

      server!.seed.db.prepare(`UPDATE profiles SET subtitle_language = 'en' WHERE id = 1`).run();
      const { page: full } = await newPage(pageErrors);
      await full.goto(`${server!.url}/#/play/${id}`);
      await full.waitForFunction(() => /Cue \d at \ds/.test(document.querySelector('.vjs-text-track-display')?.textContent ?? ''), undefined, { timeout: PLAY_MS, polling: 100 });
      expect(await full.evaluate(() => document.querySelector('.vjs-text-track-display')?.textContent)).not.toContain('A SIGN ON THE WALL');
      await full.close();
      server!.seed.db.prepare(`UPDATE profiles SET subtitle_language = NULL WHERE id = 1`).run();
      expect(pageErrors).toEqual([]);
    },
    TEST_MS,
  );

  /**
   * The file itself (direct) or its remux (for a player that opens MP4 only) plays with the sidecar's
   * subtitles, shown by the profile's language or turned on in the menu; French in the audio menu goes
   * on in HLS, the subtitles still shown.
   */
  async function playsAsItIs(itemId: number, method: 'direct' | 'remux', subtitlesBy: 'profile' | 'menu'): Promise<void> {
    server!.seed.db.prepare(`UPDATE profiles SET audio_language = NULL, subtitle_language = ? WHERE id = 1`).run(subtitlesBy === 'profile' ? 'en' : null);
    const playback = await api<PlaybackDto>(server!, `/api/items/${itemId}/playback`);
    expect(playback).toMatchObject({ method, audioTracks: [{ language: 'en', name: 'English' }, { language: 'fr', name: 'French' }] });
    expect(playback.subtitles).toEqual([{ url: expect.stringMatching(new RegExp(`^/api/items/${itemId}/subtitles/0\\.vtt\\?token=`)), language: 'en', name: 'English', forced: false }]);

    const { page, pageErrors } = await newPage();
    const asked: string[] = [];
    page.on('request', (req) => asked.push(new URL(req.url()).pathname.replace(`/api/items/${itemId}/`, '')));
    const consoleErrors: string[] = [];
    page.on('console', (m) => (m.type() === 'error' ? consoleErrors.push(m.text()) : undefined));
    // Chromium opens Matroska itself: a player that does not (a TV) is told to play the remux
    if (method === 'remux') {
      await page.route('**/api/items/*/playback*', (route) => {
        const url = new URL(route.request().url());
        url.searchParams.set('containers', 'mp4');
        return route.continue({ url: url.href });
      });
    }
    await page.goto(`${server!.url}/#/play/${itemId}`);
    if (subtitlesBy === 'menu') {
      // no subtitles wanted: none fetched (each may be read out of the file); turned on in the menu, they come
      await page.waitForFunction(() => (document.querySelector<HTMLVideoElement>('video.vjs-tech')?.currentTime ?? 0) > 0.5, undefined, { timeout: PLAY_MS });
      expect(asked.filter((a) => a.startsWith('subtitles/'))).toEqual([]);
      await page.locator('.vjs-subs-caps-button button').click();
      await page.locator('.vjs-subs-caps-button .vjs-menu-item', { hasText: 'English' }).click();
    }
    // the file itself plays, with English subtitles shown from the sidecar
    await page.waitForFunction(() => {
      const video = document.querySelector<HTMLVideoElement>('video.vjs-tech');
      return video !== null && !video.paused && video.currentTime > 1 && document.querySelector('.vjs-text-track-display')?.textContent?.includes('From the file next to it');
    }, undefined, { timeout: PLAY_MS, polling: 100 });
    expect(asked, asked.join(', ')).toContain(method === 'direct' ? 'file' : 'remux/index.m3u8');
    expect(asked).not.toContain('hls/master.m3u8');
    await screenshot(page, `${method}-play-subtitles.png`);
    // the audio menu offers French; choosing it plays HLS from about where the file was
    const master = page.waitForRequest((req) => new URL(req.url()).pathname === `/api/items/${itemId}/hls/master.m3u8`);
    await page.locator('.vjs-audio-button button').click();
    const at = await page.evaluate(() => document.querySelector<HTMLVideoElement>('video.vjs-tech')!.currentTime);
    await page.locator('.vjs-audio-button .vjs-menu-item', { hasText: 'French' }).click();
    await master;
    await page.waitForFunction(
      (at) => {
        const player = (document.querySelector('.video-js') as (Element & { player?: { audioTracks(): ArrayLike<{ language: string; enabled: boolean }>; textTracks(): ArrayLike<TextTrack> } }) | null)?.player;
        const video = document.querySelector<HTMLVideoElement>('video.vjs-tech');
        const shown = Array.from(player?.textTracks() ?? []).find((t) => t.mode === 'showing' && t.kind === 'subtitles');
        return video && !video.paused && video.currentTime > at + 0.3 && Array.from(player?.audioTracks() ?? []).find((t) => t.enabled)?.language.startsWith('fr') && shown?.language === 'en' &&
          document.querySelector('.vjs-text-track-display')?.textContent?.includes('From the file next to it');
      },
      at,
      { timeout: PLAY_MS, polling: 100 },
    );
    expect(await page.evaluate(() => document.querySelector<HTMLVideoElement>('video.vjs-tech')!.currentTime)).toBeLessThan(at + 5);
    await screenshot(page, `${method}-play-switched-to-french.png`);
    // (HLS's own subtitle tracks have no src: nothing may try to load one)
    expect(asked).not.toContain('/undefined');
    expect(consoleErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.close();

    // a profile that prefers French gets HLS at once, saying why
    server!.seed.db.prepare(`UPDATE profiles SET audio_language = 'fr', subtitle_language = NULL WHERE id = 1`).run();
    const french = await api<PlaybackDto>(server!, `/api/items/${itemId}/playback`);
    expect(french).toMatchObject({ method: 'hls', audioTracks: [], subtitles: [] });
    expect(french.reason).toMatch(/^HLS: French audio is a second track of the file, which only HLS carries/);
    server!.seed.db.prepare(`UPDATE profiles SET audio_language = NULL WHERE id = 1`).run();
  }

  test(
    'a file played as it is: its subtitles in the menu, and its French track goes on in HLS from the same point',
    () => playsAsItIs(mp4Id, 'direct', 'profile'),
    TEST_MS,
  );

  test(
    'a file remuxed: the same, with subtitles turned on in the menu (fetched only then), still on after the switch',
    async () => {
      // the remux is made by the queue, first in line once asked for
      await api(server!, '/api/jobs/resume', { method: 'POST' });
      await waitFor(async () => (await api<PlaybackDto>(server!, `/api/items/${mkvId}/playback`)).method === 'remux', 'the remux', 60_000);
      await playsAsItIs(mkvId, 'remux', 'menu');
    },
    TEST_MS,
  );
});
