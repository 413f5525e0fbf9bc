import { runTool } from './run-ffmpeg.js';
import type { AudioStream, MediaInfo, VideoStream } from './media-info.js';
import { parseProbeDetails, probeDetailsArgs } from './probe-details.js';

export type ProbeMedia = (path: string, signal?: AbortSignal) => Promise<MediaInfo>;

/**
 * The ffprobe caller of the scanner: one JSON probe of format, streams and chapters, read twice.
 * With a `fastPath` (see locateFastProbe) that binary is tried first and `ffprobePath` answers
 * whatever it cannot read, so a file's error always comes from the reference ffprobe.
 */
export function createProbe(ffprobePath: string, opts: { fastPath?: string | null } = {}): ProbeMedia {
  const probeWith = async (bin: string, path: string, signal?: AbortSignal) => {
    const { stdout } = await runTool(bin, probeDetailsArgs(path), { signal, captureStdout: true });
    return Object.freeze({ ...parseProbe(stdout), details: parseProbeDetails(stdout) });
  };
  const fast = opts.fastPath && opts.fastPath !== ffprobePath ? opts.fastPath : null;
  if (!fast) return (path, signal) => probeWith(ffprobePath, path, signal);
  return async (path, signal) => {
    try {
      return await probeWith(fast, path, signal);
    } catch (err) {
      if (signal?.aborted) throw err;
      return probeWith(ffprobePath, path, signal);
    }
  };
}

type Json = Record<string, unknown>;

const num = (value: unknown): number => {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number.parseFloat(value) : Number.NaN;
  return Number.isFinite(n) ? n : 0;
};
const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** "30000/1001" → 29.97; "0/0" → 0 */
export function parseRate(rate: unknown): number {
  if (typeof rate !== 'string') return 0;
  const [n, d] = rate.split('/').map(Number);
  if (n === undefined || !Number.isFinite(n)) return 0;
  if (d === undefined) return n;
  return d > 0 && Number.isFinite(d) ? Math.round((n / d) * 1000) / 1000 : 0;
}

/** "01:02:03.500000000" (Matroska's DURATION tag) → 3723.5; anything else → 0 */
export function clockSeconds(value: unknown): number {
  const m = typeof value === 'string' ? /^(\d+):(\d{1,2}):(\d{1,2}(?:\.\d+)?)$/.exec(value.trim()) : null;
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : 0;
}

/** "32:27" → 1.185…; "0:1", "N/A" or missing → 1 (square pixels) */
export function parseRatio(value: unknown): number {
  if (typeof value !== 'string') return 1;
  const [n, d] = value.split(':').map(Number);
  return n && d && Number.isFinite(n / d) && n > 0 && d > 0 ? n / d : 1;
}

function rotationOf(stream: Json): number {
  const tags = (stream.tags ?? {}) as Json;
  let degrees = num(tags.rotate);
  for (const side of (stream.side_data_list ?? []) as Json[]) {
    if (side.rotation !== undefined) degrees = -num(side.rotation); // display matrix is counter-clockwise
  }
  return (((Math.round(degrees / 90) * 90) % 360) + 360) % 360;
}

function lowerTags(tags: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries((tags ?? {}) as Json)) if (typeof value === 'string') out[key.toLowerCase()] = value;
  return out;
}

/** Pure: ffprobe's JSON text → a frozen MediaInfo. Throws when the text is not ffprobe JSON. */
export function parseProbe(text: string): MediaInfo {
  const json = JSON.parse(text) as Json;
  const format = (json.format ?? {}) as Json;
  const streams = (Array.isArray(json.streams) ? json.streams : []) as Json[];
  const attachedPicture = (s: Json) => num(((s.disposition ?? {}) as Json).attached_pic) === 1;
  const v = streams.find((s) => s.codec_type === 'video' && !attachedPicture(s));
  const video: VideoStream | null = v
    ? {
        index: num(v.index),
        codec: str(v.codec_name) ?? 'unknown',
        width: num(v.width),
        height: num(v.height),
        frameRate: parseRate(v.avg_frame_rate) || parseRate(v.r_frame_rate),
        pixelFormat: str(v.pix_fmt),
        rotation: rotationOf(v),
        sampleAspect: parseRatio(v.sample_aspect_ratio),
        colorTransfer: str(v.color_transfer),
      }
    : null;
  const audio: AudioStream[] = streams
    .filter((s) => s.codec_type === 'audio')
    .map((s) => ({
      index: num(s.index),
      codec: str(s.codec_name) ?? 'unknown',
      channels: num(s.channels),
      language: str(lowerTags(s.tags).language),
    }));
  const streamDurations = streams.map((s) => num(s.duration));
  const whole = num(format.duration) || Math.max(0, ...streamDurations);
  // the title lasts as long as its picture and sound: a subtitle track whose last cue comes after them
  // makes the container longer, and segments past the picture's end would be empty (Matroska keeps a
  // stream's length in its DURATION tag)
  const played = streams.filter((s) => (s.codec_type === 'video' && !attachedPicture(s)) || s.codec_type === 'audio').map((s) => num(s.duration) || clockSeconds(lowerTags(s.tags).duration));
  const seconds = played.length > 0 && played.every((x) => x > 0) ? Math.min(whole || Number.POSITIVE_INFINITY, Math.max(...played)) : whole;
  return Object.freeze({
    formatName: str(format.format_name) ?? 'unknown',
    durationMs: Math.round(seconds * 1000),
    sizeBytes: num(format.size),
    bitRateKbps: Math.round(num(format.bit_rate) / 1000),
    video: video && Object.freeze(video),
    audio: Object.freeze(audio.map((a) => Object.freeze(a))) as AudioStream[],
    tags: Object.freeze(lowerTags(format.tags)),
  });
}
