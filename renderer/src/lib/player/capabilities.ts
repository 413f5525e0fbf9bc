// What this browser plays, asked of the browser itself, for the server's playback decision: an MP4
// with HEVC plays as it is on Safari, an MKV with AC-3 on a TV's browser, everything else through HLS.
import type { ClientCapabilitiesDto } from '../../../../server/src/http/api-types.ts';

type VideoCodec = ClientCapabilitiesDto['video'][number];
type AudioCodec = ClientCapabilitiesDto['audio'][number];
type Container = ClientCapabilitiesDto['containers'][number];

/**
 * One type per codec, in the container a file would hold it in, at a level a 1080p film needs
 * (RFC 6381 codec strings: https://developer.mozilla.org/docs/Web/Media/Formats/codecs_parameter).
 */
const VIDEO_TYPES: Readonly<Record<VideoCodec, readonly string[]>> = {
  h264: ['video/mp4; codecs="avc1.640028"'], // High, level 4.0
  // hvc1: the sample entry Apple plays; hev1 the one many MKV/MP4 muxers write
  hevc: ['video/mp4; codecs="hvc1.1.6.L120.90"', 'video/mp4; codecs="hev1.1.6.L120.90"'], // Main, level 4.0
  av1: ['video/mp4; codecs="av01.0.08M.08"', 'video/webm; codecs="av01.0.08M.08"'], // Main, level 4.0, 8-bit
  vp9: ['video/webm; codecs="vp09.00.40.08"', 'video/mp4; codecs="vp09.00.40.08"'], // profile 0, level 4.0, 8-bit
};
const AUDIO_TYPES: Readonly<Record<AudioCodec, readonly string[]>> = {
  aac: ['audio/mp4; codecs="mp4a.40.2"'], // AAC-LC
  mp3: ['audio/mpeg', 'audio/mp4; codecs="mp4a.6B"'],
  ac3: ['audio/mp4; codecs="ac-3"'],
  eac3: ['audio/mp4; codecs="ec-3"'],
  opus: ['audio/webm; codecs="opus"', 'audio/mp4; codecs="opus"'],
  flac: ['audio/mp4; codecs="flac"', 'audio/flac'],
};
/** 10-bit HEVC, AV1 and VP9 (profile 2): what HDR is carried in */
const HDR_TYPES = ['video/mp4; codecs="hvc1.2.4.L120.90"', 'video/mp4; codecs="av01.0.08M.10"', 'video/webm; codecs="vp09.02.40.10"'];
const CONTAINER_TYPES: Readonly<Record<Container, readonly string[]>> = {
  mp4: ['video/mp4'],
  webm: ['video/webm'],
  mkv: ['video/x-matroska', 'video/mkv'],
};

/** How a type is asked: `<video>.canPlayType` (direct play), and MediaSource (HLS through MSE). */
export interface MediaProbe {
  canPlayType(type: string): string;
  isTypeSupported(type: string): boolean;
}

/** This browser's probe: a `<video>` never attached, and MediaSource (ManagedMediaSource on iPhone). */
export function browserProbe(): MediaProbe {
  const video = document.createElement('video');
  const mediaSource = (globalThis as { ManagedMediaSource?: typeof MediaSource }).ManagedMediaSource ?? globalThis.MediaSource;
  return {
    canPlayType: (type) => video.canPlayType(type),
    isTypeSupported: (type) => mediaSource?.isTypeSupported(type) ?? false,
  };
}

/** A codec counts when either way of playing says yes ("maybe" included: codec strings were given). */
const plays = (probe: MediaProbe, types: readonly string[]) => types.some((type) => probe.canPlayType(type) !== '' || probe.isTypeSupported(type));
const pick = <K extends string>(table: Readonly<Record<K, readonly string[]>>, ok: (types: readonly string[]) => boolean): K[] =>
  (Object.keys(table) as K[]).filter((key) => ok(table[key]));

/**
 * What a browser plays. `hdrScreen`: the screen shows high dynamic range (HDR also needs a 10-bit
 * decoder). `maxHeight` stays null: a browser decodes a codec at any size its machine can, and
 * HLS adapts the rest.
 */
export function probeCapabilities(probe: MediaProbe, opts: { hdrScreen: boolean }): ClientCapabilitiesDto {
  return {
    video: pick(VIDEO_TYPES, (types) => plays(probe, types)),
    audio: pick(AUDIO_TYPES, (types) => plays(probe, types)),
    // a file is played by the <video> element: MediaSource has no say
    containers: pick(CONTAINER_TYPES, (types) => types.some((type) => probe.canPlayType(type) !== '')),
    maxHeight: null,
    hdr: opts.hdrScreen && plays(probe, HDR_TYPES),
  };
}

let cached: ClientCapabilitiesDto | null = null;

/** This browser's capabilities, asked once per page load. */
export function browserCapabilities(): ClientCapabilitiesDto {
  cached ??= probeCapabilities(browserProbe(), { hdrScreen: globalThis.matchMedia?.('(dynamic-range: high)').matches ?? false });
  return cached;
}
