import { join } from 'node:path';
import type { PlannedRung } from './ladder.js';

export interface HlsJob {
  input: string;
  outDir: string;
  segmentSeconds: number;
  /** already clamped to the source by planLadder() */
  rungs: readonly PlannedRung[];
  /** null: the source has no audio stream */
  audio: { kbps: number } | null;
}

/** Master playlist name written by ffmpeg next to one folder per rung. */
export const MASTER_PLAYLIST = 'master.m3u8';

/**
 * One ffmpeg process decodes once and encodes every rung (split + scale). Keyframes are forced
 * at every segment boundary so all rungs cut at the same instants and players can switch there.
 */
export function hlsArgs(job: HlsJob): string[] {
  const n = job.rungs.length;
  if (n === 0) throw new Error('hlsArgs needs at least one rung');
  const split = `[0:v:0]split=${n}${job.rungs.map((_, i) => `[s${i}]`).join('')}`;
  const scales = job.rungs.map((r, i) => `[s${i}]scale=${r.width}:${r.height},setsar=1[v${i}]`);
  const perRung = job.rungs.flatMap((r, i) => [
    '-map', `[v${i}]`,
    `-b:v:${i}`, `${r.videoKbps}k`,
    // a capped VBV keeps each rung's peak near its nominal rate, which BANDWIDTH promises
    `-maxrate:v:${i}`, `${Math.round(r.videoKbps * 1.07)}k`,
    `-bufsize:v:${i}`, `${r.videoKbps * 2}k`,
  ]);
  const audioMaps = job.audio ? job.rungs.flatMap(() => ['-map', '0:a:0']) : [];
  const streamMap = job.rungs.map((r, i) => (job.audio ? `v:${i},a:${i},name:${r.name}` : `v:${i},name:${r.name}`)).join(' ');
  return [
    '-nostdin', '-hide_banner', '-loglevel', 'error', '-nostats',
    '-progress', 'pipe:1',
    '-i', job.input,
    '-filter_complex', [split, ...scales].join(';'),
    ...perRung,
    ...audioMaps,
    '-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'high', '-pix_fmt', 'yuv420p',
    // segments can only start on a keyframe, so force one at every boundary, the same on every rung
    '-force_key_frames', `expr:gte(t,n_forced*${job.segmentSeconds})`,
    '-sc_threshold', '0',
    ...(job.audio ? ['-c:a', 'aac', '-b:a', `${job.audio.kbps}k`, '-ac', '2'] : []),
    '-f', 'hls',
    '-hls_time', String(job.segmentSeconds),
    '-hls_playlist_type', 'vod',
    '-hls_flags', 'independent_segments',
    '-master_pl_name', MASTER_PLAYLIST,
    '-hls_segment_filename', join(job.outDir, '%v', 'seg-%05d.ts'),
    '-var_stream_map', streamMap,
    join(job.outDir, '%v', 'index.m3u8'),
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
