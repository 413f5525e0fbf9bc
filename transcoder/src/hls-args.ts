import { join } from 'node:path';
import type { PlannedRung } from './ladder.js';

export interface HlsJob {
  input: string;
  /** the input is an ffmpeg concat list: a multi-part title (cd1, cd2…) played as one */
  concat?: boolean;
  outDir: string;
  segmentSeconds: number;
  /** already clamped to the source by planLadder() */
  rungs: readonly PlannedRung[];
  /** null: the source has no audio stream */
  audio: { kbps: number } | null;
  /** HDR (PQ or HLG) source: tone-map to SDR BT.709 before scaling, so 8-bit H.264 does not look washed out */
  toneMap?: boolean;
  /** cap the frame rate (a 120 fps phone clip plays at 60); 0 or absent keeps the source's */
  maxFrameRate?: number;
  /** the second try after a failed quality check: regenerate timestamps, constant frame rate */
  safe?: boolean;
}

/** The most frames per second a rung keeps (DESIGN: frame rate kept, capped at 60). */
export const MAX_FRAME_RATE = 60;

// PQ/HLG → linear light → BT.709 primaries → Hable tone curve → BT.709 limited-range 8-bit
// (the zscale + tonemap chain from ffmpeg's filter documentation; needs ffmpeg built with libzimg)
export const TONE_MAP_FILTER = 'zscale=t=linear:npl=100,format=gbrpf32le,zscale=p=bt709,tonemap=tonemap=hable:desat=0,zscale=t=bt709:m=bt709:r=tv,format=yuv420p';

/** Master playlist written next to one folder per rung, named 0, 1, … from the lowest. */
export const MASTER_PLAYLIST = 'master.m3u8';

/** The folder of rung i of a rendition. */
export const rungDir = (index: number): string => String(index);

/**
 * H.264 level for a rung, written into the stream and into CODECS, so a TV can tell before
 * downloading whether it can decode it (levels: ITU-T H.264 Table A-1, by frame size and rate).
 */
export function h264Level(rung: Pick<PlannedRung, 'width' | 'height'>, frameRate: number): { level: string; hex: string } {
  const frameMacroblocks = Math.ceil(rung.width / 16) * Math.ceil(rung.height / 16);
  const macroblocksPerSecond = frameMacroblocks * Math.max(frameRate, 24);
  // [MaxFS, MaxMBPS, level, level_idc in hex]
  const table = [
    [1_620, 40_500, '3.0', '1e'],
    [3_600, 108_000, '3.1', '1f'],
    [5_120, 216_000, '3.2', '20'],
    [8_192, 245_760, '4.0', '28'],
    [8_704, 522_240, '4.2', '2a'],
    [36_864, 983_040, '5.1', '33'],
  ] as const;
  const row = table.find(([maxFs, maxMbps]) => frameMacroblocks <= maxFs && macroblocksPerSecond <= maxMbps) ?? ([0, 0, '5.2', '34'] as const);
  return { level: row[2], hex: row[3] };
}

/**
 * One ffmpeg process decodes once and feeds every rung (split + scale), one HLS output per rung.
 * Keyframes are forced at every segment boundary so all rungs cut at the same instants and
 * players can switch there. The master playlist is written afterwards from the measured segments.
 */
export function hlsArgs(job: HlsJob, frameRate = 0): string[] {
  const n = job.rungs.length;
  if (n === 0) throw new Error('hlsArgs needs at least one rung');
  const before = [...(job.toneMap ? [TONE_MAP_FILTER] : []), ...(job.maxFrameRate ? [`fps=${job.maxFrameRate}`] : [])];
  const split = `[0:v:0]${before.map((f) => `${f},`).join('')}split=${n}${job.rungs.map((_, i) => `[s${i}]`).join('')}`;
  const scales = job.rungs.map((r, i) => `[s${i}]scale=${r.width}:${r.height},setsar=1[v${i}]`);
  const outputs = job.rungs.flatMap((r, i) => [
    '-map', `[v${i}]`,
    ...(job.audio ? ['-map', '0:a:0'] : []),
    '-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'high', '-level:v', h264Level(r, frameRate).level, '-pix_fmt', 'yuv420p',
    '-b:v', `${r.videoKbps}k`,
    // a capped VBV keeps each rung's peak near its nominal rate, which BANDWIDTH promises
    '-maxrate:v', `${Math.round(r.videoKbps * 1.07)}k`, '-bufsize:v', `${r.videoKbps * 2}k`,
    // segments can only start on a keyframe, so force one at every boundary, the same on every rung
    '-force_key_frames', `expr:gte(t,n_forced*${job.segmentSeconds})`, '-sc_threshold', '0',
    ...(job.audio ? ['-c:a', 'aac', '-b:a', `${job.audio.kbps}k`, '-ac', '2'] : []),
    '-f', 'hls', '-hls_time', String(job.segmentSeconds), '-hls_playlist_type', 'vod', '-hls_flags', 'independent_segments',
    '-hls_segment_filename', join(job.outDir, rungDir(i), 'seg-%05d.ts'),
    join(job.outDir, rungDir(i), 'index.m3u8'),
  ]);
  return [
    '-nostdin', '-hide_banner', '-loglevel', 'error', '-nostats',
    '-progress', 'pipe:1',
    // broken or missing timestamps are the usual reason a ladder comes out short or uneven
    ...(job.safe ? ['-fflags', '+genpts'] : []),
    ...(job.concat ? ['-f', 'concat', '-safe', '0'] : []),
    '-i', job.input,
    '-filter_complex', [split, ...scales].join(';'),
    ...(job.safe ? ['-vsync', 'cfr'] : []),
    ...outputs,
  ];
}

/** One JPEG frame grab for the poster: seek before the input (fast), scale to a card's width. */
export function posterArgs(input: string, output: string, atSeconds: number, width = 480): string[] {
  return [
    '-nostdin', '-hide_banner', '-loglevel', 'error',
    '-ss', atSeconds.toFixed(3), '-i', input,
    '-frames:v', '1', '-vf', `scale=${width}:-2`, '-q:v', '4',
    '-y', output,
  ];
}

/** Where in a title to grab the poster frame: 10 % in, but never past the first minutes. */
export function posterTimeSeconds(durationMs: number): number {
  return Math.min(durationMs * 0.1, 300_000) / 1000;
}
