// `seed transcode SOURCE --out DIR`: the server's ladder, playlists and quality check for one file,
// in the foreground, with a progress bar. Admins use it to pre-encode, and to see why a file fails.
import { mkdir, mkdtemp, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  displaySize,
  hlsRequest,
  MASTER_PLAYLIST,
  planAudio,
  planSubtitles,
  runHlsWithSafeRetry,
  planLadder,
  QcFailed,
  rungDir,
  shortReason,
  TranscodeFailed,
  type MediaInfo,
  type PlannedRung,
  type ProbeMedia,
  type Rung,
  type RunFfmpeg,
  type X264Preset,
} from '../../transcoder/src/index.js';

/** 0 written; 1 the source or the encode failed; 2 bad arguments; 130 interrupted (Ctrl-C), as shells count it. */
export type TranscodeExit = 0 | 1 | 2 | 130;

export interface Terminal {
  write(text: string): void;
  /** a terminal gets a bar redrawn in place; a pipe or a log file gets a line every 10 % */
  isTTY: boolean;
}

export interface TranscodeOptions {
  source: string;
  outDir: string;
  /** rung names as given to --rungs ("240p"); absent: the whole ladder for this source */
  rungs?: readonly string[];
  segmentSeconds: number;
  /** replace whatever DIR holds (only once the new rendition is complete) */
  force: boolean;
  /** the ladder to plan from, as the server's settings have it; absent: DEFAULT_LADDER */
  ladder?: readonly Rung[];
  /** the x264 preset, as the server's settings have it; absent: veryfast */
  preset?: X264Preset;
}

export interface TranscodeDeps {
  probe: ProbeMedia;
  /** the ffprobe QC reads segments' packets with (a keyframe at every segment start); absent: not checked */
  ffprobePath?: string;
  runFfmpeg: RunFfmpeg;
  stdout: Terminal;
  stderr: Pick<Terminal, 'write'>;
  now: () => number;
  /** Ctrl-C: stops ffmpeg; the partial output is removed */
  signal?: AbortSignal;
}

/** The same bounds as the segmentSeconds setting. */
const SEGMENT_SECONDS = { min: 1, max: 30 } as const;
const BAR_WIDTH = 20;
/** a terminal redraw at most this often: ffmpeg reports twice a second, but a retry restarts the bar */
const REDRAW_MS = 100;

/** "90 s" → "1:30"; "3725 s" → "1:02:05". */
export function clockTime(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return hh > 0 ? `${hh}:${String(mm).padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}

/** Pure: one progress line. `[#########...........]  42 %  ETA 0:13  1.6× realtime` (bar only on a terminal). */
export function progressLine(fraction: number, elapsedMs: number, durationMs: number, withBar: boolean): string {
  const f = Math.min(1, Math.max(0, fraction));
  const percent = Math.floor(f * 100);
  const parts = [`${String(percent).padStart(3)} %`];
  if (f > 0 && f < 1 && elapsedMs > 0) parts.push(`ETA ${clockTime(((elapsedMs / f) * (1 - f)) / 1000)}`);
  else if (f < 1) parts.push('ETA -:--');
  if (f > 0 && elapsedMs > 0 && durationMs > 0) parts.push(`${((f * durationMs) / elapsedMs).toFixed(1)}× realtime`);
  const filled = Math.floor(f * BAR_WIDTH);
  const bar = withBar ? `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ` : '';
  return bar + parts.join('  ');
}

/**
 * Progress on a terminal: one line redrawn with \r. Anywhere else: a line at each 10 % step, so a
 * log shows the pace without a line per ffmpeg report.
 */
export function createProgressReporter(out: Terminal, opts: { durationMs: number; now: () => number }) {
  let startedAt = opts.now();
  let lastDrawAt = -Infinity;
  let lastTenth = 0;
  let shownWidth = 0;
  let last = 0;

  const draw = (fraction: number) => {
    const line = progressLine(fraction, opts.now() - startedAt, opts.durationMs, true);
    out.write(`\r${line.padEnd(shownWidth)}`);
    shownWidth = line.length;
    lastDrawAt = opts.now();
  };

  const update = (fraction: number): void => {
    last = fraction;
    if (out.isTTY) {
      if (opts.now() - lastDrawAt >= REDRAW_MS) draw(fraction);
      return;
    }
    const tenth = Math.floor(Math.min(1, fraction) * 10);
    if (tenth <= lastTenth) return;
    lastTenth = tenth;
    out.write(`${progressLine(tenth / 10, opts.now() - startedAt, opts.durationMs, false)}\n`);
  };

  return {
    update,
    /** Ends the bar's line so that other output starts on a line of its own. */
    interrupt(): void {
      if (out.isTTY && shownWidth > 0) {
        draw(last);
        out.write('\n');
        shownWidth = 0;
      }
    },
    /** Another encode (the safer retry) starts from 0 %. */
    restart(): void {
      startedAt = opts.now();
      lastDrawAt = -Infinity;
      lastTenth = 0;
      last = 0;
    },
    finish(): void {
      if (out.isTTY) {
        draw(1);
        out.write('\n');
        shownWidth = 0;
      } else if (lastTenth < 10) update(1);
    },
  };
}

/** "720p", "720P" and "720" all name the 720p rung. */
const rungName = (name: string) => name.trim().toLowerCase().replace(/^(\d+)$/, '$1p');

/** Pure: the rungs asked for, in ladder order; or the names that this source has no rung for. */
export function selectRungs(ladder: readonly PlannedRung[], names: readonly string[] | undefined): { rungs: PlannedRung[] } | { unknown: string[] } {
  if (names === undefined) return { rungs: [...ladder] };
  const wanted = new Set(names.map(rungName).filter(Boolean));
  const unknown = [...wanted].filter((name) => !ladder.some((r) => r.name === name));
  if (unknown.length > 0 || wanted.size === 0) return { unknown };
  return { rungs: ladder.filter((r) => wanted.has(r.name)) };
}

/** What ffprobe said about a file, without the path it repeats at the start of its line. */
function probeReason(err: unknown, source: string): string {
  if (err instanceof TranscodeFailed) {
    const reason = shortReason(err.stderrTail) || err.message;
    return reason.startsWith(`${source}: `) ? reason.slice(source.length + 2) : reason;
  }
  return err instanceof Error ? err.message : String(err);
}

const describeSource = (media: MediaInfo): string => {
  const size = media.video ? displaySize(media.video) : null;
  const codecs = [media.video?.codec, media.audio[0]?.codec].filter(Boolean).join(' + ');
  return `${size ? `${size.width}x${size.height}` : 'no video'}, ${(media.durationMs / 1000).toFixed(1)} s, ${codecs || 'no streams'}`;
};

/**
 * Probes SOURCE, plans the server's ladder (the rungs named in --rungs only), encodes it with the
 * server's quality check and its one safer retry into DIR/.tmp-…, then moves the rendition into DIR.
 * Answers the exit code; what went wrong is written to stderr.
 */
export async function runTranscode(opts: TranscodeOptions, deps: TranscodeDeps): Promise<TranscodeExit> {
  const say = (line = '') => deps.stdout.write(`${line}\n`);
  const complain = (message: string) => deps.stderr.write(`seed: ${message}\n`);
  const usage = (message: string): TranscodeExit => {
    complain(message);
    return 2;
  };

  const { segmentSeconds } = opts;
  if (!Number.isInteger(segmentSeconds) || segmentSeconds < SEGMENT_SECONDS.min || segmentSeconds > SEGMENT_SECONDS.max) {
    return usage(`--segment-seconds must be a whole number from ${SEGMENT_SECONDS.min} to ${SEGMENT_SECONDS.max}`);
  }
  const existing = await stat(opts.outDir).catch(() => null);
  if (existing && !existing.isDirectory()) return usage(`${opts.outDir} is not a folder`);
  const previous = existing ? await readdir(opts.outDir) : [];
  if (previous.length > 0 && !opts.force) return usage(`${opts.outDir} is not empty; pass --force to replace what is in it`);

  let media: MediaInfo;
  try {
    media = await deps.probe(opts.source, deps.signal);
  } catch (err) {
    if (deps.signal?.aborted) return 130;
    complain(`cannot read ${opts.source}: ${probeReason(err, opts.source)}`);
    return 1;
  }
  const ladder = planLadder(media, opts.ladder);
  if (ladder.length === 0) {
    complain(`cannot read ${opts.source}: ${media.video ? 'its video has no size' : 'it has no video stream'}`);
    return 1;
  }
  const selected = selectRungs(ladder, opts.rungs);
  if ('unknown' in selected) {
    const size = displaySize(media.video!);
    const named = selected.unknown.length > 0 ? `no rung ${selected.unknown.join(', ')} for` : '--rungs names no rung of';
    return usage(`${named} ${opts.source} (${size.width}x${size.height}); available: ${ladder.map((r) => r.name).join(', ')}`);
  }
  const { rungs } = selected;

  say(`${opts.source}: ${describeSource(media)}`);
  say(`ladder: ${rungs.map((r) => `${r.name} (${r.width}x${r.height}, ${r.videoKbps} kbps)`).join(', ')}; ${segmentSeconds} s segments`);

  await mkdir(opts.outDir, { recursive: true });
  // scratch space inside DIR: same file system, so the finished rendition is renamed, not copied
  const work = await mkdtemp(join(opts.outDir, '.tmp-'));
  const finalDir = join(work, 'done');
  const request = {
    ...hlsRequest(media, { inputs: [opts.source], finalDir, tmpDir: join(work, 'encode'), segmentSeconds, rungs }),
    // as the server makes it: the other languages and the embedded text subtitles as renditions of their own
    audioTracks: planAudio(media) ?? undefined,
    subtitles: planSubtitles(media.details?.streams ?? []),
    ...(opts.preset ? { preset: opts.preset } : {}),
  };
  const progress = createProgressReporter(deps.stdout, { durationMs: request.durationMs, now: deps.now });
  const started = deps.now();
  let written = false;
  try {
    const { safe } = await runHlsWithSafeRetry(request, {
      runFfmpeg: deps.runFfmpeg,
      signal: deps.signal,
      onProgress: (fraction) => progress.update(fraction),
      check: deps.probe,
      ffprobePath: deps.ffprobePath,
      onSafeRetry: (err) => {
        progress.interrupt();
        say(`${err.message}; trying once more with safer settings (regenerated timestamps, constant frame rate)`);
        progress.restart();
      },
    });
    // the stream probe of QC runs without the signal: a Ctrl-C during it still means "stop"
    if (deps.signal?.aborted) throw deps.signal.reason;
    progress.finish();
    for (const name of previous) await rm(join(opts.outDir, name), { recursive: true, force: true });
    for (const name of await readdir(finalDir)) await rename(join(finalDir, name), join(opts.outDir, name));
    written = true;
    const ms = deps.now() - started;
    const speed = ms > 0 ? `, ${(media.durationMs / ms).toFixed(1)}× realtime` : '';
    say(`quality check passed${safe ? ' on the second try, with safer settings' : ''}`);
    say(`wrote ${join(opts.outDir, MASTER_PLAYLIST)} and ${rungs.length === 1 ? '1 rung' : `${rungs.length} rungs`} (${rungs.map((r, i) => `${rungDir(i)}/ ${r.name}`).join(', ')}) in ${(ms / 1000).toFixed(1)} s${speed}`);
    return 0;
  } catch (err) {
    progress.interrupt();
    if (deps.signal?.aborted) {
      complain('interrupted; the partial output was removed');
      return 130;
    }
    if (err instanceof QcFailed) complain(`${err.message} (also on the second try, with safer settings)`);
    else if (err instanceof TranscodeFailed) {
      complain(`ffmpeg failed: ${err.message}`);
      const tail = err.stderrTail.trim().split('\n').slice(-10);
      if (tail.length > 0 && tail[0] !== '') deps.stderr.write(`ffmpeg's last lines:\n${tail.map((l) => `  ${l}`).join('\n')}\n`);
    } else complain(err instanceof Error ? err.message : String(err));
    return 1;
  } finally {
    await rm(work, { recursive: true, force: true });
    // a DIR made for this run leaves nothing behind when it failed
    if (!written && !existing) await rmdir(opts.outDir).catch(() => undefined);
  }
}
