import { randomUUID } from 'node:crypto';
import { access, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { RunFfmpeg } from './run-ffmpeg.js';

// ---- representative frame -------------------------------------------------------------------

export interface RepresentativeFrameOptions {
  /** output width in px, never upscaled; height keeps the aspect */
  width?: number;
  /** the source stream to read (MediaInfo.video.index), so cover art is never chosen; default the first video */
  streamIndex?: number;
  /** skip the black/flat-frame checks: the fallback when a whole window is dark */
  acceptAny?: boolean;
}

/** Where the search window starts (15 % in) and how long it is (up to 30 s, never past the end). */
export function frameWindow(durationMs: number): { startSeconds: number; seconds: number } {
  const total = Math.max(0, durationMs) / 1000;
  if (total === 0) return { startSeconds: 0, seconds: 30 };
  const startSeconds = Math.round(total * 0.15 * 1000) / 1000;
  return { startSeconds, seconds: Math.round(Math.min(30, total - startSeconds) * 1000) / 1000 };
}

/** Candidates sampled per second of the window: enough to skip a fade, few enough to stay cheap. */
const CANDIDATES_PER_SECOND = 2;

/**
 * One ffmpeg process: seek (before -i, so a 2-hour movie costs no more than a clip), sample 2 frames/s
 * of a ≤30 s window, drop frames that are black, white or flat (mean luma and entropy, measured on
 * 8-bit luma), and let `thumbnail` keep the one closest to the window's average histogram, which is
 * never a fade. If no frame passes, ffmpeg writes nothing; run again with acceptAny.
 */
export function representativeFrameArgs(input: string, output: string, durationMs: number, opts: RepresentativeFrameOptions = {}): string[] {
  const { startSeconds, seconds } = frameWindow(durationMs);
  const width = opts.width ?? 640;
  const candidates = Math.max(1, Math.ceil(seconds * CANDIDATES_PER_SECOND));
  const select = (key: string, fn: 'greater' | 'less', value: number) => `metadata=mode=select:key=${key}:value=${value}:function=${fn}`;
  const checks = opts.acceptAny
    ? []
    : [
        'signalstats',
        // limited-range luma: black is 16, white 235
        select('lavfi.signalstats.YAVG', 'greater', 35),
        select('lavfi.signalstats.YAVG', 'less', 220),
        'entropy',
        // 0 for a flat card; testsrc2 ≈ 0.55, film frames ≈ 0.7–0.95
        select('lavfi.entropy.normalized_entropy.normal.Y', 'greater', 0.3),
      ];
  return [
    '-nostdin', '-hide_banner', '-loglevel', 'error', '-nostats',
    '-ss', startSeconds.toFixed(3), '-t', seconds.toFixed(3), '-i', input,
    '-map', opts.streamIndex === undefined ? '0:v:0' : `0:${opts.streamIndex}`, '-an', '-sn', '-dn',
    '-vf', [
      `fps=${CANDIDATES_PER_SECOND}`,
      `scale=w=min(${width}\\,iw):h=-2`,
      'format=yuv420p',
      ...checks,
      `thumbnail=${candidates}`,
    ].join(','),
    '-frames:v', '1', '-q:v', '3', '-update', '1',
    '-y', output,
  ];
}

const exists = (path: string) => access(path).then(() => true, () => false);

/**
 * Writes a representative JPEG to output (atomically, via a temporary name beside it).
 * Returns 'representative', 'fallback' (the window was all dark or flat: its most typical frame),
 * or null when no frame could be decoded there at all.
 */
export async function makeRepresentativeFrame(
  input: string,
  output: string,
  durationMs: number,
  deps: { runFfmpeg: RunFfmpeg; signal?: AbortSignal },
  opts: Omit<RepresentativeFrameOptions, 'acceptAny'> = {},
): Promise<'representative' | 'fallback' | null> {
  const tmp = join(dirname(output), `.${basename(output)}.${randomUUID().slice(0, 8)}.tmp.jpg`);
  try {
    for (const acceptAny of [false, true]) {
      await deps.runFfmpeg(representativeFrameArgs(input, tmp, durationMs, { ...opts, acceptAny }), { signal: deps.signal });
      if (await exists(tmp)) {
        await rename(tmp, output);
        return acceptAny ? 'fallback' : 'representative';
      }
    }
    return null;
  } finally {
    await rm(tmp, { force: true });
  }
}

// ---- seek-preview sprite sheets + WebVTT ----------------------------------------------------

export interface SpriteLayout {
  intervalSeconds: number;
  /** px; the tile height follows the source's aspect */
  tileWidth: number;
  columns: number;
  rows: number;
}

export interface SpriteOptions extends SpriteLayout {
  /** thumbnails to take: ceil(duration / interval) */
  count: number;
  /** decode keyframes only: much faster on long titles, each tile is then the last keyframe before its time */
  keyframesOnly?: boolean;
  streamIndex?: number;
}

export const SPRITE_PATTERN = 'sprite-%d.jpg';
export const spriteName = (sheet: number): string => `sprite-${sheet}.jpg`;
export const THUMBNAILS_VTT = 'thumbnails.vtt';

/** One thumb every 10 s (a 2-hour movie: 720), down to 1 s so short clips still get ~20; sheets of up to 10×10. */
export function planSprites(durationMs: number, tileWidth = 160): SpriteLayout & { count: number } {
  const seconds = Math.max(0, durationMs) / 1000;
  const intervalSeconds = Math.min(10, Math.max(1, Math.floor(seconds / 20)));
  const count = Math.max(1, Math.ceil(seconds / intervalSeconds));
  const columns = Math.min(10, count);
  const rows = Math.min(10, Math.ceil(count / columns));
  return { intervalSeconds, tileWidth, columns, rows, count };
}

/**
 * Sprite sheets sprite-0.jpg, sprite-1.jpg, … in outDir. `fps` repeats the last frame across gaps so
 * tile i is always the picture at i × interval; `tile` pads the last sheet with black.
 */
export function spriteArgs(input: string, outDir: string, opts: SpriteOptions): string[] {
  return [
    '-nostdin', '-hide_banner', '-loglevel', 'error', '-nostats',
    ...(opts.keyframesOnly ? ['-skip_frame', 'nokey'] : []),
    '-i', input,
    '-map', opts.streamIndex === undefined ? '0:v:0' : `0:${opts.streamIndex}`, '-an', '-sn', '-dn',
    '-vf', [
      // eof_action=pass: without it the tick at the very end is lost on clips shorter than 2 intervals
      `fps=fps=1/${opts.intervalSeconds}:eof_action=pass`,
      `trim=end_frame=${opts.count}`,
      // square pixels first (anamorphic DVDs), then the tile width
      'scale=w=iw*sar:h=ih',
      `scale=w=${opts.tileWidth}:h=-2`,
      'setsar=1',
      `tile=${opts.columns}x${opts.rows}`,
    ].join(','),
    // one image per tiled frame, no duplicates for a constant output rate
    '-vsync', 'passthrough',
    '-q:v', '5', '-f', 'image2', '-start_number', '0',
    '-y', join(outDir, SPRITE_PATTERN),
  ];
}

export interface ThumbnailsVttRequest {
  durationMs: number;
  intervalSeconds: number;
  tileWidth: number;
  tileHeight: number;
  columns: number;
  rows: number;
  sheetUrl: (sheet: number) => string;
  /** tiles that exist, when fewer than the duration asks for: later cues repeat the last one */
  tileCount?: number;
}

/** 3723456 → "01:02:03.456" */
export function vttTimestamp(ms: number): string {
  const total = Math.max(0, Math.round(ms));
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(Math.floor(total / 3_600_000))}:${pad(Math.floor(total / 60_000) % 60)}:${pad(Math.floor(total / 1000) % 60)}.${pad(total % 1000, 3)}`;
}

/** Pure: the WebVTT thumbnails track (`sprite-0.jpg#xywh=x,y,w,h` per cue) that video.js thumbnail plugins read. */
export function thumbnailsVtt(req: ThumbnailsVttRequest): string {
  const stepMs = req.intervalSeconds * 1000;
  const cues = Math.max(1, Math.ceil(req.durationMs / stepMs));
  const perSheet = req.columns * req.rows;
  const lastTile = Math.max(0, (req.tileCount ?? cues) - 1);
  const lines = ['WEBVTT', ''];
  for (let i = 0; i < cues; i++) {
    const tile = Math.min(i, lastTile);
    const cell = tile % perSheet;
    const x = (cell % req.columns) * req.tileWidth;
    const y = Math.floor(cell / req.columns) * req.tileHeight;
    // the last cue ends with the title
    const end = i === cues - 1 && req.durationMs > i * stepMs ? req.durationMs : (i + 1) * stepMs;
    lines.push(`${vttTimestamp(i * stepMs)} --> ${vttTimestamp(end)}`, `${req.sheetUrl(Math.floor(tile / perSheet))}#xywh=${x},${y},${req.tileWidth},${req.tileHeight}`, '');
  }
  return lines.join('\n');
}

/** Width and height from a JPEG's start-of-frame marker; null when the bytes are not a JPEG. */
export function jpegSize(bytes: Uint8Array): { width: number; height: number } | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 4 || view.getUint16(0) !== 0xffd8) return null;
  let at = 2;
  while (at + 9 <= bytes.length) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) { at += 1; continue; }
    // SOF0–SOF15 carry the size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: view.getUint16(at + 5), width: view.getUint16(at + 7) };
    }
    at += 2 + view.getUint16(at + 2);
  }
  return null;
}

export interface SeekPreviews extends SpriteLayout {
  tileHeight: number;
  sheets: number;
  /** thumbnails in the sheets */
  count: number;
}

/** Past this length, decode keyframes only: a full decode of a 2-hour film for 720 stills is wasted work. */
const KEYFRAMES_ONLY_AFTER_MS = 10 * 60_000;

/**
 * Sprite sheets and thumbnails.vtt for a title, written into a scratch folder beside outDir and renamed
 * into place when complete, so a half-written set is never served.
 */
export async function makeSeekPreviews(
  input: string,
  outDir: string,
  durationMs: number,
  deps: { runFfmpeg: RunFfmpeg; signal?: AbortSignal },
): Promise<SeekPreviews> {
  const plan = planSprites(durationMs);
  const tmpDir = `${outDir}.tmp-${randomUUID().slice(0, 8)}`;
  await mkdir(dirname(outDir), { recursive: true });
  try {
    await mkdir(tmpDir);
    await deps.runFfmpeg(spriteArgs(input, tmpDir, { ...plan, keyframesOnly: durationMs > KEYFRAMES_ONLY_AFTER_MS }), { signal: deps.signal });
    const sheets = (await readdir(tmpDir)).filter((name) => /^sprite-\d+\.jpg$/.test(name)).length;
    const size = sheets > 0 ? jpegSize(await readFile(join(tmpDir, spriteName(0)))) : null;
    if (!size) throw new Error(`no seek-preview sheet was written for ${basename(input)}`);
    const tileHeight = Math.round(size.height / plan.rows);
    const count = Math.min(plan.count, sheets * plan.columns * plan.rows);
    const vtt = thumbnailsVtt({ ...plan, durationMs, tileHeight, tileCount: count, sheetUrl: spriteName });
    await writeFile(join(tmpDir, THUMBNAILS_VTT), vtt);
    await rm(outDir, { recursive: true, force: true });
    await rename(tmpDir, outDir);
    const { intervalSeconds, tileWidth, columns, rows } = plan;
    return Object.freeze({ intervalSeconds, tileWidth, tileHeight, columns, rows, sheets, count });
  } finally {
    await rm(tmpDir, { recursive: true, force: true });
  }
}
