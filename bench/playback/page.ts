// What bench/playback/start.ts and network.ts share: Chromium as the tests launch it, and a bare page
// with video.js set up as Seed's player is (VHS over Media Source Extensions, also in browsers that
// play HLS natively), driven from Node. The page's code is plain JavaScript in a string: functions
// passed to page.evaluate would carry the helpers tsx compiles into them.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { transform } from 'esbuild';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { repoRoot } from './fixture.js';

export { launchBrowser } from '../../test/helpers/browser.js';

export const VIDEOJS = join(repoRoot, 'node_modules', 'video.js', 'dist', 'video.min.js');
/** without its style sheet the <video> keeps the picture's own size, and VHS (which limits the rungs
 * to the element's size) would never pick a rung bigger than the one it started with */
export const VIDEOJS_CSS = join(repoRoot, 'node_modules', 'video.js', 'dist', 'video-js.min.css');
/** Seed's seek-ahead hints, as its player attaches them to a title still made just in time */
const SEEK_AHEAD = join(repoRoot, 'renderer', 'src', 'lib', 'player', 'seek-ahead.ts');
/** as the app plays them (renderer/src/lib/player/PlayerPage.svelte) */
export const HLS_TYPE = 'application/vnd.apple.mpegurl';
export const MP4_TYPE = 'video/mp4';

/** The result of `bench.play`: from "Play pressed" (t0) to the first frame presented, in ms. */
export interface PlayResult {
  ms: number;
  /** t0 → the /playback answer (0 without one) */
  decisionMs: number;
  /** Seed's answer ('direct', 'hls', …), or 'static' for a URL given as it is */
  method: string;
  src: string;
  /** 'rvfc' (requestVideoFrameCallback) or 'timeupdate' (the fallback) */
  how: string;
  mediaTime: number;
  duration: number;
  /** the height of the frame shown (the rung) */
  height: number;
  /** the requests made from t0 to the first frame */
  requests: RequestTiming[];
}

/** A request the page made: its path, when it started and how long it took (ms from t0). */
export interface RequestTiming {
  path: string;
  start: number;
  ms: number;
}

export interface SeekResult {
  ms: number;
  target: number;
  mediaTime: number;
  how: string;
  height: number;
  /** seconds already buffered from the target on when the seek was made (0: not buffered) */
  bufferedAtTarget: number;
  /** the end of the last buffered range at the seek */
  bufferedEnd: number;
  requests: RequestTiming[];
}

const PAGE_SCRIPT = String.raw`
window.bench = (() => {
  const video = document.createElement('video');
  video.className = 'video-js';
  video.setAttribute('playsinline', '');
  document.body.appendChild(video);
  // as renderer/src/lib/player/VideoPlayer.svelte sets it up (its UI options aside)
  const O = __OPTIONS__;
  const player = videojs(video, { controls: true, preload: 'auto', width: O.width, height: O.height, html5: { vhs: { overrideNative: true, ...O.vhs } } });
  const el = () => player.el().querySelector('video');
  // Seed's player on a title made just in time (PlayerPage.svelte → VideoPlayer's seekAhead)
  if (O.seekAhead) SeedSeekAhead.seekAheadFor(player);
  let failure = null;
  player.on('error', () => { const e = player.error(); failure = e ? 'code ' + e.code + ': ' + e.message : 'unknown error'; });

  /** The first frame presented that accepts its media time: requestVideoFrameCallback, else timeupdate. */
  const frame = (accept, timeoutMs) => new Promise((resolve, reject) => {
    const media = el();
    let done = false;
    const finish = (value, error) => {
      if (done) return;
      done = true;
      clearTimeout(timer); clearInterval(failed);
      media.removeEventListener('timeupdate', onTime);
      error ? reject(error) : resolve(value);
    };
    const timer = setTimeout(() => finish(null, new Error('no frame within ' + timeoutMs + ' ms (readyState ' + media.readyState + ', currentTime ' + media.currentTime + ')')), timeoutMs);
    const failed = setInterval(() => failure && finish(null, new Error('player error: ' + failure)), 50);
    const onTime = () => { if (media.currentTime > 0 && accept(media.currentTime)) finish({ t: performance.now(), how: 'timeupdate', mediaTime: media.currentTime }); };
    if ('requestVideoFrameCallback' in media) {
      const onFrame = (_now, meta) => {
        if (done) return;
        if (accept(meta.mediaTime)) finish({ t: performance.now(), how: 'rvfc', mediaTime: meta.mediaTime });
        else media.requestVideoFrameCallback(onFrame);
      };
      media.requestVideoFrameCallback(onFrame);
    } else {
      media.addEventListener('timeupdate', onTime);
    }
  });

  performance.setResourceTimingBufferSize(100000);
  /** The requests started between t0 and t1: path, start and time taken (ms, from t0). */
  const requestsSince = (t0, t1) => performance.getEntriesByType('resource')
    .filter((e) => e.startTime >= t0 && e.startTime <= t1)
    .map((e) => ({ path: new URL(e.name).pathname, start: e.startTime - t0, ms: e.responseEnd - e.startTime }));

  /** Play pressed: Seed's /playback answer first when given, then the player's source and play(). */
  const play = async ({ playback, src, type, timeoutMs = 60000 }) => {
    failure = null;
    const first = frame(() => true, timeoutMs);
    first.catch(() => undefined);
    const t0 = performance.now();
    let method = 'static';
    if (playback) {
      const res = await fetch(playback, { cache: 'no-store' });
      const body = await res.json();
      if (!res.ok || !body.ready || !body.url) throw new Error(playback + ': ' + res.status + ' ' + JSON.stringify(body));
      method = body.method;
      src = body.url;
      type = method === 'direct' ? '${MP4_TYPE}' : '${HLS_TYPE}';
    }
    const decided = performance.now();
    player.src({ src, type });
    const started = player.play();
    if (started && started.catch) started.catch((e) => { failure = failure || 'play(): ' + e; });
    const f = await first;
    return { ms: f.t - t0, decisionMs: playback ? decided - t0 : 0, method, src, how: f.how, mediaTime: f.mediaTime, duration: player.duration() || 0, height: el().videoHeight, requests: requestsSince(t0, f.t) };
  };

  /** Resolves once the player has reached the position seconds (currentTime). */
  const playedTo = (seconds, timeoutMs = 60000) => new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('did not reach ' + seconds + ' s (at ' + player.currentTime() + ')')), timeoutMs);
    const check = () => { if (player.currentTime() >= seconds) { clearTimeout(t); player.off('timeupdate', check); resolve(player.currentTime()); } };
    player.on('timeupdate', check);
    check();
  });

  /** A seek to a fraction of the duration: the seek call → the first frame presented there. */
  const seek = async ({ fraction, timeoutMs = 60000 }) => {
    const target = (player.duration() || 0) * fraction;
    if (!(target > 0)) throw new Error('no duration to seek in');
    // the frame shown at the new position: within a frame or two of the target (never the old position)
    const there = frame((t) => Math.abs(t - target) < 1, timeoutMs);
    there.catch(() => undefined);
    const media = el();
    let ahead = 0;
    for (let i = 0; i < media.buffered.length; i++) if (media.buffered.start(i) <= target + 0.1 && media.buffered.end(i) > target) ahead = media.buffered.end(i) - target;
    const bufferedEnd = media.buffered.length ? media.buffered.end(media.buffered.length - 1) : 0;
    const t0 = performance.now();
    player.currentTime(target);
    const f = await there;
    return { ms: f.t - t0, target, mediaTime: f.mediaTime, how: f.how, height: el().videoHeight, bufferedAtTarget: ahead, bufferedEnd, requests: requestsSince(t0, f.t) };
  };

  // ---- what network.ts records: the rung shown and asked for, stalls -----------------------------
  const log = { t0: 0, firstFrame: null, shown: [], selected: [], stalls: [], waitingSince: null, seeking: false, errors: [] };
  const now = () => (performance.now() - log.t0) / 1000;
  const track = () => {
    const media = el();
    log.t0 = performance.now();
    media.addEventListener('resize', () => log.shown.push({ t: now(), height: media.videoHeight }));
    media.addEventListener('seeking', () => (log.seeking = true));
    media.addEventListener('seeked', () => (log.seeking = false));
    // a stall: 'waiting' after the first frame, while not seeking, until 'playing' (or the clock moves again)
    media.addEventListener('waiting', () => {
      if (log.firstFrame === null || log.seeking || log.waitingSince !== null) return;
      let ahead = 0;
      for (let i = 0; i < media.buffered.length; i++) if (media.buffered.start(i) <= media.currentTime + 0.1 && media.buffered.end(i) > media.currentTime) ahead = media.buffered.end(i) - media.currentTime;
      log.waitingSince = { t: now(), at: media.currentTime, ahead };
    });
    const resumed = () => {
      if (log.waitingSince === null) return;
      log.stalls.push({ t: log.waitingSince.t, at: log.waitingSince.at, ahead: log.waitingSince.ahead, seconds: now() - log.waitingSince.t });
      log.waitingSince = null;
    };
    media.addEventListener('playing', resumed);
    media.addEventListener('timeupdate', () => { if (log.waitingSince !== null && media.currentTime > log.waitingSince.at + 0.05 && !media.paused) resumed(); });
    player.on('error', () => log.errors.push({ t: now(), error: failure }));
    const levels = player.qualityLevels && player.qualityLevels();
    if (levels) levels.on('change', () => { const l = levels[levels.selectedIndex]; if (l) log.selected.push({ t: now(), height: l.height, bitrate: l.bitrate }); });
  };
  const report = () => {
    const media = el();
    const vhs = player.tech({ IWillNotUseThisInPlugins: true }).vhs;
    return {
      ...log,
      t: now(),
      openStall: log.waitingSince === null ? null : { t: log.waitingSince.t, seconds: now() - log.waitingSince.t },
      currentTime: media.currentTime,
      buffered: media.buffered.length ? media.buffered.end(media.buffered.length - 1) - media.currentTime : 0,
      // VHS's estimate (it takes navigator.connection.downlink instead of its own when either is under 10 Mbit/s, unless useNetworkInformationApi is false)
      bandwidth: vhs ? vhs.bandwidth : null,
      downlink: navigator.connection ? navigator.connection.downlink : null,
      ended: media.ended,
      dropped: media.getVideoPlaybackQuality ? media.getVideoPlaybackQuality().droppedVideoFrames : null,
    };
  };
  const markFirstFrame = () => { log.firstFrame = now(); };

  return { player, play, seek, playedTo, track, report, markFirstFrame };
})();
`;

export interface PlayerPage {
  context: BrowserContext;
  page: Page;
  play(opts: { playback?: string; src?: string; type?: string; timeoutMs?: number }): Promise<PlayResult>;
  seek(fraction: number, timeoutMs?: number): Promise<SeekResult>;
  /** waits until the position reaches `seconds` */
  playedTo(seconds: number, timeoutMs?: number): Promise<number>;
  /** an expression evaluated in the page (`window.bench` holds the player and the helpers) */
  call<T>(expr: string): Promise<T>;
  close(): Promise<void>;
}

/**
 * A fresh context (no HTTP cache, no cookies) with a blank page on `origin` (so Seed's answers and
 * streams are same-origin, as in the app) and video.js (script and style sheet) loaded from node_modules.
 */
export async function openPlayer(
  browser: Browser,
  origin: string,
  opts: {
    width?: number;
    height?: number;
    /** VHS options on top of Seed's ({ overrideNative: true }) */
    vhs?: Record<string, unknown>;
    /** a seek asks for its segment at once, as Seed's player does on a title made just in time */
    seekAhead?: boolean;
    setup?: (page: Page) => Promise<void>;
  } = {},
): Promise<PlayerPage> {
  // the player fills the window as in the app: VHS limits the rungs it picks to the player's size
  const size = { width: opts.width ?? 1280, height: opts.height ?? 720 };
  const context = await browser.newContext({ viewport: size });
  try {
    const page = await context.newPage();
    await opts.setup?.(page);
    // any URL of the origin: its answer is replaced by the page below
    await page.goto(`${origin}/api/health`);
    await page.setContent('<!doctype html><html><head><meta charset="utf-8"><title>bench</title></head><body style="margin:0;background:#000"></body></html>');
    await page.addStyleTag({ path: VIDEOJS_CSS });
    await page.addScriptTag({ path: VIDEOJS });
    if (opts.seekAhead) {
      const { code } = await transform(await readFile(SEEK_AHEAD, 'utf8'), { loader: 'ts', format: 'iife', globalName: 'SeedSeekAhead' });
      await page.addScriptTag({ content: code });
    }
    await page.addScriptTag({ content: PAGE_SCRIPT.replace('__OPTIONS__', JSON.stringify({ ...size, vhs: opts.vhs ?? {}, seekAhead: opts.seekAhead === true })) });
    const call = <T>(expr: string) => page.evaluate(expr) as Promise<T>;
    return {
      context,
      page,
      play: (opts) => call<PlayResult>(`window.bench.play(${JSON.stringify(opts)})`),
      seek: (fraction, timeoutMs = 60_000) => call<SeekResult>(`window.bench.seek(${JSON.stringify({ fraction, timeoutMs })})`),
      playedTo: (seconds, timeoutMs = 60_000) => call<number>(`window.bench.playedTo(${seconds}, ${timeoutMs})`),
      call,
      close: () => context.close(),
    };
  } catch (err) {
    await context.close().catch(() => undefined);
    throw err;
  }
}
