import { parseRate } from './probe.js';
import { runTool } from './run-ffmpeg.js';

/** Everything the library shows about a file beyond MediaInfo: every stream, chapters, HDR, container tags. */
export type StreamType = 'video' | 'audio' | 'subtitle' | 'attachment' | 'data';
export type HdrFormat = 'hdr10' | 'hlg' | 'dolby-vision';

export interface StreamInfo {
  index: number;
  type: StreamType;
  codec: string;
  profile: string | null;
  /** ISO 639-2 as tagged ("eng"); null when missing or "und" */
  language: string | null;
  title: string | null;
  channels: number;
  channelLayout: string | null;
  sampleRate: number;
  width: number;
  height: number;
  /** frames per second, 0 when unknown */
  frameRate: number;
  pixelFormat: string | null;
  /** bits per sample (video: from the pixel format when not stated), 0 when unknown */
  bitDepth: number;
  colorTransfer: string | null;
  colorPrimaries: string | null;
  bitRateKbps: number;
  isDefault: boolean;
  isForced: boolean;
  isHearingImpaired: boolean;
  /** cover art stored as a video stream, not a picture to play */
  isAttachedPicture: boolean;
  /** bitmap subtitles (PGS, DVD, DVB) must be burned in; text ones can be converted to WebVTT */
  isImageSubtitle: boolean;
}

export interface Chapter {
  startMs: number;
  endMs: number;
  title: string | null;
}

export interface ContainerTags {
  title: string | null;
  date: string | null;
  genre: string | null;
  description: string | null;
  comment: string | null;
  show: string | null;
  episodeId: string | null;
  seasonNumber: number | null;
  episodeNumber: number | null;
}

export interface ProbeDetails {
  streams: readonly StreamInfo[];
  chapters: readonly Chapter[];
  /** of the main video stream; null for SDR or no video */
  hdr: HdrFormat | null;
  tags: ContainerTags;
}

export type ProbeDetailsFn = (path: string, signal?: AbortSignal) => Promise<ProbeDetails>;

/** ffprobe argv for parseProbeDetails: streams, format and chapters as JSON. */
export function probeDetailsArgs(path: string): string[] {
  return ['-v', 'error', '-print_format', 'json', '-show_streams', '-show_format', '-show_chapters', '--', path];
}

export function createProbeDetails(ffprobePath: string): ProbeDetailsFn {
  return async (path, signal) => {
    const { stdout } = await runTool(ffprobePath, probeDetailsArgs(path), { signal, captureStdout: true });
    return parseProbeDetails(stdout);
  };
}

type Json = Record<string, unknown>;

const obj = (value: unknown): Json => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});
const list = (value: unknown): Json[] => (Array.isArray(value) ? value.map(obj) : []);
const num = (value: unknown): number => {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number.parseFloat(value) : Number.NaN;
  return Number.isFinite(n) ? n : 0;
};
const str = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);
const flag = (disposition: Json, key: string): boolean => num(disposition[key]) === 1;

/** Tag keys lower-cased; Matroska's per-language variants ("BPS-eng") also answer to their base name. */
function lowerTags(tags: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(obj(tags))) {
    if (typeof value !== 'string') continue;
    const lower = key.toLowerCase();
    out[lower] = value;
    const base = /^(.+)-[a-z]{3}$/.exec(lower)?.[1];
    if (base && !(base in out)) out[base] = value;
  }
  return out;
}

const IMAGE_SUBTITLES: ReadonlySet<string> = new Set(['hdmv_pgs_subtitle', 'dvd_subtitle', 'dvb_subtitle', 'xsub']);
const STREAM_TYPES: readonly StreamType[] = ['video', 'audio', 'subtitle', 'attachment', 'data'];

/** "yuv420p10le" → 10, "yuv420p" → 8, "p010le" → 10 */
function bitDepthOfPixelFormat(pixelFormat: string | null): number {
  if (!pixelFormat) return 0;
  const explicit = /p(\d{2})(?:le|be)?$/.exec(pixelFormat) ?? /^p0(\d{2})/.exec(pixelFormat);
  if (explicit) return Number(explicit[1]);
  return /^(yuvj?4[24][04]p|nv12|nv21|rgb24|bgr24|gray)$/.test(pixelFormat) ? 8 : 0;
}

function parseStream(s: Json, position: number): StreamInfo {
  const tags = lowerTags(s.tags);
  const disposition = obj(s.disposition);
  const type = STREAM_TYPES.find((t) => t === s.codec_type) ?? 'data';
  const codec = str(s.codec_name) ?? 'unknown';
  const pixelFormat = type === 'video' ? str(s.pix_fmt) : null;
  const language = str(tags.language)?.toLowerCase() ?? null;
  // Matroska keeps bit rates only in the statistics tags that mkvmerge writes
  const bitRate = num(s.bit_rate) || num(tags.bps);
  return Object.freeze({
    index: typeof s.index === 'number' ? s.index : position,
    type,
    codec,
    profile: str(s.profile),
    language: language === 'und' ? null : language,
    title: str(tags.title),
    channels: num(s.channels),
    channelLayout: str(s.channel_layout),
    sampleRate: num(s.sample_rate),
    width: num(s.width),
    height: num(s.height),
    frameRate: type === 'video' ? parseRate(s.avg_frame_rate) || parseRate(s.r_frame_rate) : 0,
    pixelFormat,
    bitDepth: num(s.bits_per_raw_sample) || (type === 'video' ? bitDepthOfPixelFormat(pixelFormat) : num(s.bits_per_sample)),
    colorTransfer: str(s.color_transfer),
    colorPrimaries: str(s.color_primaries),
    bitRateKbps: Math.round(bitRate / 1000),
    isDefault: flag(disposition, 'default'),
    isForced: flag(disposition, 'forced'),
    isHearingImpaired: flag(disposition, 'hearing_impaired'),
    isAttachedPicture: flag(disposition, 'attached_pic'),
    isImageSubtitle: type === 'subtitle' && IMAGE_SUBTITLES.has(codec),
  });
}

/** Dolby Vision wins (its base layer is often HDR10 or HLG), then the transfer function. */
function hdrOf(raw: Json | undefined, stream: StreamInfo | undefined): HdrFormat | null {
  if (!raw || !stream) return null;
  const dovi = list(raw.side_data_list).some((d) => /dovi|dolby vision/i.test(String(d.side_data_type ?? '')));
  if (dovi || /^dv(h1|he|a1|av)$/i.test(String(raw.codec_tag_string ?? ''))) return 'dolby-vision';
  if (stream.colorTransfer === 'smpte2084') return 'hdr10';
  if (stream.colorTransfer === 'arib-std-b67') return 'hlg';
  return null;
}

/** A chapter time: "start_time" in seconds, else the integer "start" in its time base. */
function chapterMs(chapter: Json, key: 'start' | 'end'): number {
  const seconds = chapter[`${key}_time`];
  if (seconds !== undefined && Number.isFinite(Number.parseFloat(String(seconds)))) return Math.max(0, Math.round(num(seconds) * 1000));
  const [n, d] = String(chapter.time_base ?? '').split('/').map(Number);
  const scale = n && d ? (n / d) * 1000 : 0;
  return Math.max(0, Math.round(num(chapter[key]) * scale));
}

function parseChapters(raw: Json[]): Chapter[] {
  return raw
    .map((c) => ({ startMs: chapterMs(c, 'start'), endMs: chapterMs(c, 'end'), title: str(lowerTags(c.tags).title) }))
    .map((c) => Object.freeze({ ...c, endMs: Math.max(c.startMs, c.endMs) }))
    .sort((a, b) => a.startMs - b.startMs);
}

const wholeNumber = (value: string | undefined): number | null => {
  const n = value === undefined ? Number.NaN : Number.parseInt(value, 10);
  return Number.isFinite(n) && n >= 0 ? n : null;
};

function parseTags(raw: unknown): ContainerTags {
  const t = lowerTags(raw);
  return Object.freeze({
    title: str(t.title),
    date: str(t.date) ?? str(t.date_released) ?? str(t.year),
    genre: str(t.genre),
    description: str(t.description) ?? str(t.synopsis) ?? str(t.summary),
    comment: str(t.comment),
    show: str(t.show),
    episodeId: str(t.episode_id),
    seasonNumber: wholeNumber(t.season_number),
    episodeNumber: wholeNumber(t.episode_sort),
  });
}

/**
 * Pure: ffprobe's JSON (probeDetailsArgs) → frozen details. Missing numbers are 0 or null, never NaN.
 * Throws only when the text is not JSON at all.
 */
export function parseProbeDetails(text: string): ProbeDetails {
  const json = obj(JSON.parse(text));
  const rawStreams = list(json.streams);
  const streams = rawStreams.map(parseStream);
  const mainVideo = streams.findIndex((s) => s.type === 'video' && !s.isAttachedPicture);
  return Object.freeze({
    streams: Object.freeze(streams),
    chapters: Object.freeze(parseChapters(list(json.chapters))),
    hdr: hdrOf(rawStreams[mainVideo], streams[mainVideo]),
    tags: parseTags(obj(json.format).tags),
  });
}
