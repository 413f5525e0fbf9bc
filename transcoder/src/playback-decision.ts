import { join } from 'node:path';
import type { MediaInfo } from './media-info.js';

/**
 * How a source reaches a player that plays H.264 and AAC (every current browser, TV and phone):
 * - direct: the file as it is, with HTTP ranges (MP4/MOV holding H.264 8-bit 4:2:0 and AAC);
 * - remux: the same video stream copied into HLS segments, the audio copied when it is AAC and
 *   made AAC otherwise (an MKV with H.264 and AC-3, the most common case) — no picture re-encoded;
 * - hls: everything else goes through the transcoded ladder (HEVC, 10-bit, VC-1, MPEG-2, …).
 */
export type PlaybackDecision =
  | { method: 'direct'; reason: string }
  | { method: 'remux'; audio: 'copy' | 'aac' | 'none'; reason: string }
  | { method: 'hls'; reason: string };

/** Profiles of H.264 that every player decodes: 8-bit 4:2:0 (High 10, 4:2:2 and 4:4:4 are not). */
const PLAYABLE_H264_PROFILES: ReadonlySet<string> = new Set(['constrained baseline', 'baseline', 'main', 'high', 'extended']);

const isMp4 = (formatName: string) => /(^|,)(mov|mp4)(,|$)/.test(formatName);

/** Why the video stream cannot be copied to a browser, or null when it can. */
function videoProblem(media: MediaInfo): string | null {
  const video = media.video;
  if (!video) return 'it has no video stream';
  if (video.codec !== 'h264') return `browsers cannot play ${video.codec.toUpperCase()} video`;
  const profile = media.details?.streams.find((s) => s.index === video.index)?.profile?.toLowerCase() ?? null;
  if (profile !== null && !PLAYABLE_H264_PROFILES.has(profile)) return `H.264 ${profile} is not played by browsers`;
  if (video.pixelFormat !== null && video.pixelFormat !== 'yuv420p' && video.pixelFormat !== 'yuvj420p') return `its pixel format ${video.pixelFormat} is not played by browsers`;
  if (video.colorTransfer === 'smpte2084' || video.colorTransfer === 'arib-std-b67') return 'HDR needs tone mapping';
  return null;
}

/**
 * The decision for a title made of `parts` files (several: cd1, cd2… are joined by the ladder, so
 * they go through HLS). `mainAudio` is N of `0:a:N`, the track the title plays by default.
 */
export function decidePlayback(media: MediaInfo, opts: { parts: number; mainAudio?: number }): PlaybackDecision {
  const problem = videoProblem(media);
  if (problem) return { method: 'hls', reason: `transcoding: ${problem}` };
  if (opts.parts > 1) return { method: 'hls', reason: 'transcoding: a title in several files is joined into one stream' };
  const audio = media.audio[opts.mainAudio ?? 0] ?? null;
  const audioIsAac = audio === null || audio.codec === 'aac';
  if (isMp4(media.formatName) && audioIsAac && (opts.mainAudio ?? 0) === 0) {
    return { method: 'direct', reason: 'direct play: this browser plays the file as it is' };
  }
  const container = isMp4(media.formatName) ? 'MP4' : media.formatName.split(',')[0]!.toUpperCase();
  if (audio === null) return { method: 'remux', audio: 'none', reason: `remux: the H.264 video is copied out of ${container}` };
  if (audio.codec === 'aac') return { method: 'remux', audio: 'copy', reason: `remux: H.264 and AAC copied out of ${container}` };
  return { method: 'remux', audio: 'aac', reason: `remux: the H.264 video is copied out of ${container}; its ${audio.codec.toUpperCase()} audio is made AAC` };
}

/** The folder of a title's remuxed stream under transcodes/. */
export const REMUX_DIR = 'remux';

/**
 * One ffmpeg run copying the video into HLS segments (cut at the source's own keyframes, so they
 * vary in length around the target) with the main audio copied or made AAC stereo.
 */
export function remuxArgs(job: { input: string; outDir: string; segmentSeconds: number; audio: 'copy' | 'aac' | 'none'; audioStream: number; audioKbps: number }): string[] {
  return [
    '-nostdin', '-hide_banner', '-loglevel', 'error', '-nostats', '-progress', 'pipe:1',
    '-i', job.input,
    '-map', '0:v:0', '-c:v', 'copy',
    ...(job.audio === 'none' ? [] : ['-map', `0:a:${job.audioStream}`]),
    ...(job.audio === 'copy' ? ['-c:a', 'copy'] : job.audio === 'aac' ? ['-c:a', 'aac', '-b:a', `${job.audioKbps}k`, '-ac', '2'] : []),
    // Annex B for MPEG-TS: ffmpeg inserts h264_mp4toannexb itself when the source is MP4
    '-f', 'hls', '-hls_time', String(job.segmentSeconds), '-hls_playlist_type', 'vod', '-hls_flags', 'independent_segments',
    '-hls_segment_filename', join(job.outDir, 'seg-%05d.ts'),
    join(job.outDir, 'index.m3u8'),
  ];
}
