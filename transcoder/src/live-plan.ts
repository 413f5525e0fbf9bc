import { h264Level, X264_PRESETS, type X264Preset } from './hls-args.js';
import type { PlannedRung } from './ladder.js';
import { groupAttributes, mediaTags, type MasterRenditions } from './master-playlist.js';

/** The segment's file name in a rung's folder (the same in a whole-title and a just-in-time encode). */
export const segmentFile = (index: number): string => `seg-${String(index).padStart(5, '0')}.ts`;

/**
 * The exact rate behind a probed one rounded to 3 decimals: 23.976 is 24000/1001. Boundaries an
 * hour in must land on the same frame ffmpeg picks, which a rounded rate would miss.
 */
export function exactFrameRate(frameRate: number): number {
  for (const n of [24, 30, 48, 60, 120]) {
    const ntsc = (n * 1000) / 1001;
    if (Math.abs(frameRate - ntsc) < 0.0006) return ntsc;
  }
  return frameRate;
}

/**
 * When each segment starts, in seconds. Keyframes are forced at the first frame at or after each
 * multiple of the segment length, so a boundary is that frame's time on the source's frame grid
 * (24000/1001 fps: 0, 4.004, 8.008, 12.012 …). Unknown frame rate: the plain multiples.
 */
export function segmentStarts(durationMs: number, segmentSeconds: number, frameRate: number): number[] {
  const seconds = durationMs / 1000;
  frameRate = exactFrameRate(frameRate);
  const starts: number[] = [];
  for (let k = 0; ; k++) {
    const start = k === 0 ? 0 : frameRate > 0 ? Math.ceil(k * segmentSeconds * frameRate - 1e-6) / frameRate : k * segmentSeconds;
    // a segment needs a frame: the last one of a title is shown one frame before its end
    if (k > 0 && start > seconds - (frameRate > 0 ? 1 / frameRate : 0.05) + 1e-6) break;
    starts.push(start);
  }
  return starts;
}

/**
 * A rung's media playlist written before any segment exists: durations come from the forced
 * keyframe boundaries, so a player can seek anywhere and ask for a segment not made yet.
 */
export function upFrontPlaylist(starts: readonly number[], durationMs: number): string {
  const end = durationMs / 1000;
  const durations = starts.map((s, i) => Math.max(0.001, (starts[i + 1] ?? end) - s));
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:6',
    // RFC 8216 §4.3.3.1: every EXTINF rounded to the nearest integer is at most the target
    `#EXT-X-TARGETDURATION:${Math.max(1, Math.round(Math.max(...durations)))}`,
    '#EXT-X-MEDIA-SEQUENCE:0',
    '#EXT-X-PLAYLIST-TYPE:VOD',
    '#EXT-X-INDEPENDENT-SEGMENTS',
  ];
  durations.forEach((d, i) => lines.push(`#EXTINF:${d.toFixed(6)},`, segmentFile(i)));
  lines.push('#EXT-X-ENDLIST');
  return `${lines.join('\n')}\n`;
}

/** H.264 High profile (0x64, no constraint flags) at the rung's level; AAC-LC audio. */
export const codecsOf = (levelHex: string, hasAudio: boolean) => `avc1.6400${levelHex}${hasAudio ? ',mp4a.40.2' : ''}`;

/**
 * When each segment of an alternative audio track starts: the plain multiples of the segment length,
 * where the whole ladder's audio-only rendition cuts too (an audio packet can start a segment anywhere).
 */
export const audioSegmentStarts = (durationMs: number, segmentSeconds: number): number[] => segmentStarts(durationMs, segmentSeconds, 0);

/**
 * The master playlist of a title whose ladder is not made yet: the planned rungs at their nominal
 * rates (peak = the VBV cap the encoder is given), so a player can choose and switch at once; with the
 * audio and subtitle groups the whole ladder will have, so a profile's languages apply from the start.
 */
export function upFrontMaster(rungs: readonly PlannedRung[], opts: { audioKbps: number | null; frameRate: number; renditions?: MasterRenditions }): string {
  const audio = opts.audioKbps ?? 0;
  const renditions = opts.renditions ?? { audio: [], subtitles: [] };
  const lines = ['#EXTM3U', '#EXT-X-VERSION:6', '#EXT-X-INDEPENDENT-SEGMENTS', ...mediaTags(renditions)];
  rungs.forEach((r, i) => {
    const attrs = [
      `BANDWIDTH=${Math.round((r.videoKbps * 1.07 + audio) * 1000)}`,
      `AVERAGE-BANDWIDTH=${(r.videoKbps + audio) * 1000}`,
      `RESOLUTION=${r.width}x${r.height}`,
      `CODECS="${codecsOf(h264Level(r, opts.frameRate).hex, opts.audioKbps !== null)}"`,
      ...(opts.frameRate > 0 ? [`FRAME-RATE=${opts.frameRate.toFixed(3)}`] : []),
      ...groupAttributes(renditions),
    ];
    lines.push(`#EXT-X-STREAM-INF:${attrs.join(',')}`, `${i}/index.m3u8`);
  });
  return `${lines.join('\n')}\n`;
}

/** The segment a position (seconds) falls in. */
export function segmentAt(starts: readonly number[], seconds: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= seconds) lo = mid;
    else hi = mid - 1;
  }
  return Math.max(0, lo);
}

/**
 * The preset of a just-in-time run: the configured one, but never slower than superfast. A player
 * waits for its first segment, which needs a whole segment encoded before it closes: 1080p at
 * veryfast took 1.7 s here against 1.2 s at superfast (bench/transcode); such segments live only
 * until the ladder, made at the configured preset, is published.
 */
export function justInTimePreset(configured: X264Preset): X264Preset {
  return X264_PRESETS.indexOf(configured) < X264_PRESETS.indexOf('superfast') ? configured : 'superfast';
}
