import { join } from 'node:path';
import { isHdr, type MediaInfo } from './media-info.js';

/**
 * How a source reaches a player, from what the player says it plays (ClientCapabilities):
 * - direct: the file as it is, with HTTP ranges, when the client opens its container and decodes
 *   its video and main audio (an MP4 with HEVC on Safari, an MKV with AC-3 on a TV);
 * - remux: H.264 copied into HLS (MPEG-TS) segments, the audio copied when it is AAC and made AAC
 *   otherwise (an MKV with H.264 and AC-3, the most common case) — no picture re-encoded. One remux
 *   serves every player, so its audio is what they all play. Only H.264: MSE plays no HEVC in
 *   MPEG-TS, and HEVC in fMP4 segments would need a remux per client; HEVC plays directly or not at all;
 * - hls: everything else goes through the transcoded ladder (H.264 and AAC).
 */
export type PlaybackDecision =
  | { method: 'direct'; reason: string }
  | { method: 'remux'; audio: 'copy' | 'aac' | 'none'; reason: string }
  | { method: 'hls'; reason: string };

/** Video codecs a client may say it decodes, by their ffprobe names. */
export const CLIENT_VIDEO_CODECS = ['h264', 'hevc', 'av1', 'vp9'] as const;
/** Audio codecs a client may say it decodes, by their ffprobe names. */
export const CLIENT_AUDIO_CODECS = ['aac', 'mp3', 'ac3', 'eac3', 'opus', 'flac'] as const;
/** Containers a client may say it opens as a file (direct play). */
export const CLIENT_CONTAINERS = ['mp4', 'webm', 'mkv'] as const;
export type ClientVideoCodec = (typeof CLIENT_VIDEO_CODECS)[number];
export type ClientAudioCodec = (typeof CLIENT_AUDIO_CODECS)[number];
export type ClientContainer = (typeof CLIENT_CONTAINERS)[number];

/** What a player says it plays (the browser's MediaSource.isTypeSupported and canPlayType, a TV's spec sheet). */
export interface ClientCapabilities {
  video: readonly ClientVideoCodec[];
  audio: readonly ClientAudioCodec[];
  /** containers it plays as a file; an MKV player plays WebM too */
  containers: readonly ClientContainer[];
  /** the short side of the largest picture it decodes (1080 for a Full HD TV); null: no limit */
  maxHeight: number | null;
  /** shows HDR (PQ, HLG) as it is; false: HDR is tone mapped to SDR by the ladder */
  hdr: boolean;
}

/** A current desktop browser: H.264 and AAC in MP4, HLS through MSE. Assumed when a client says nothing. */
export const DESKTOP_BROWSER: ClientCapabilities = Object.freeze<ClientCapabilities>({ video: ['h264'], audio: ['aac'], containers: ['mp4'], maxHeight: null, hdr: false });

const CODEC_NAMES: Readonly<Record<string, string>> = { h264: 'H.264', hevc: 'HEVC', av1: 'AV1', vp9: 'VP9', aac: 'AAC', mp3: 'MP3', ac3: 'AC-3', eac3: 'E-AC-3', opus: 'Opus', flac: 'FLAC' };
const codecName = (codec: string) => CODEC_NAMES[codec] ?? codec.toUpperCase();

/** Profiles each codec is played in by browsers and TVs: 4:2:0, 8-bit (and 10-bit but for H.264). */
const PLAYABLE_PROFILES: Readonly<Record<ClientVideoCodec, ReadonlySet<string>>> = {
  h264: new Set(['constrained baseline', 'baseline', 'main', 'high', 'extended']),
  hevc: new Set(['main', 'main 10', 'main still picture']),
  av1: new Set(['main']),
  vp9: new Set(['profile 0', 'profile 2']),
};
const PLAYABLE_PIXEL_FORMATS: Readonly<Record<ClientVideoCodec, ReadonlySet<string>>> = {
  h264: new Set(['yuv420p', 'yuvj420p']),
  hevc: new Set(['yuv420p', 'yuvj420p', 'yuv420p10le']),
  av1: new Set(['yuv420p', 'yuvj420p', 'yuv420p10le']),
  vp9: new Set(['yuv420p', 'yuvj420p', 'yuv420p10le']),
};
/** What a WebM file may hold; a Matroska file holding anything else is an MKV. */
const WEBM_VIDEO: ReadonlySet<string> = new Set(['vp8', 'vp9', 'av1']);
const WEBM_AUDIO: ReadonlySet<string> = new Set(['opus', 'vorbis']);

const isMp4 = (formatName: string) => /(^|,)(mov|mp4)(,|$)/.test(formatName);
const isClientVideo = (codec: string): codec is ClientVideoCodec => (CLIENT_VIDEO_CODECS as readonly string[]).includes(codec);
const decodes = (client: ClientCapabilities, codec: string) => (client.audio as readonly string[]).includes(codec);

/** The container a client would open the file as; null when no client plays it as a file (MPEG-TS, AVI, …). */
function containerOf(media: MediaInfo, audioCodec: string | null): ClientContainer | null {
  if (isMp4(media.formatName)) return 'mp4';
  if (!/(^|,)(matroska|webm)(,|$)/.test(media.formatName)) return null;
  const webm = WEBM_VIDEO.has(media.video?.codec ?? '') && (audioCodec === null || WEBM_AUDIO.has(audioCodec));
  return webm ? 'webm' : 'mkv';
}

const containerName = (media: MediaInfo): string => {
  if (isMp4(media.formatName)) return 'MP4';
  if (/(^|,)matroska(,|$)/.test(media.formatName)) return 'MKV';
  return media.formatName.split(',')[0]!.toUpperCase();
};

/** Why the client cannot be given the video stream as it is, or null when it can. */
function videoProblem(media: MediaInfo, client: ClientCapabilities): string | null {
  const video = media.video;
  if (!video) return 'it has no video stream';
  if (!isClientVideo(video.codec) || !client.video.includes(video.codec)) return `this browser cannot play ${codecName(video.codec)}`;
  const profile = media.details?.streams.find((s) => s.index === video.index)?.profile?.toLowerCase() ?? null;
  if (profile !== null && !PLAYABLE_PROFILES[video.codec].has(profile)) return `${codecName(video.codec)} ${profile} is not played by browsers`;
  if (video.pixelFormat !== null && !PLAYABLE_PIXEL_FORMATS[video.codec].has(video.pixelFormat)) return `its pixel format ${video.pixelFormat} is not played by browsers`;
  if (isHdr(video) && !client.hdr) return 'this browser cannot show HDR, so it is tone mapped';
  // the short side, so a phone video shot upright counts like the same one held sideways
  const shortSide = Math.min(video.width, video.height);
  if (client.maxHeight !== null && shortSide > client.maxHeight) return `the video is ${shortSide}p and this device plays up to ${client.maxHeight}p`;
  return null;
}

/** Why the file cannot be played as it is by a client that decodes its video, or null when it can. */
function fileProblem(media: MediaInfo, client: ClientCapabilities, mainAudio: number): string | null {
  const audio = media.audio[mainAudio] ?? null;
  const container = containerOf(media, audio?.codec ?? null);
  const opens = container !== null && (client.containers.includes(container) || (container === 'webm' && client.containers.includes('mkv')));
  if (!opens) return `not from ${containerName(media)} files`;
  // a browser plays a file's first audio track
  if (mainAudio !== 0) return `only a file's first audio track, not its default one`;
  if (audio !== null && !decodes(client, audio.codec)) return `not its ${codecName(audio.codec)} audio`;
  return null;
}

/**
 * The decision for a title made of `parts` files (several: cd1, cd2… are joined by the ladder, so
 * they go through HLS) and a client (a current desktop browser when it said nothing). `mainAudio`
 * is N of `0:a:N`, the track the title plays by default.
 */
export function decidePlayback(media: MediaInfo, opts: { parts: number; mainAudio?: number }, client: ClientCapabilities = DESKTOP_BROWSER): PlaybackDecision {
  const problem = videoProblem(media, client);
  if (problem) return { method: 'hls', reason: `transcoding: ${problem}` };
  if (opts.parts > 1) return { method: 'hls', reason: 'transcoding: a title in several files is joined into one stream' };
  const mainAudio = opts.mainAudio ?? 0;
  const notAsItIs = fileProblem(media, client, mainAudio);
  if (notAsItIs === null) return { method: 'direct', reason: 'direct play: this browser plays the file as it is' };
  const video = codecName(media.video!.codec);
  if (media.video!.codec !== 'h264') return { method: 'hls', reason: `transcoding: this browser plays ${video} but ${notAsItIs}, and only H.264 is remuxed` };
  const container = containerName(media);
  const audio = media.audio[mainAudio] ?? null;
  if (audio === null) return { method: 'remux', audio: 'none', reason: `remux: the H.264 video is copied out of ${container}` };
  if (audio.codec === 'aac') return { method: 'remux', audio: 'copy', reason: `remux: H.264 and AAC copied out of ${container}` };
  return { method: 'remux', audio: 'aac', reason: `remux: the H.264 video is copied out of ${container}; its ${codecName(audio.codec)} audio is made AAC` };
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
